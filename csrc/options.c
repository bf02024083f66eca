/*
 * options.c — normalization options by name, and the presets.
 *
 * Options are set from text so that every front end (Lua, the command line,
 * a C program reading a config file) shares one list of names and one set of
 * checks; errors name the option.
 */
#include "internal.h"
#include <stdio.h>

enum { T_BOOL, T_ENUM, T_NUM };

struct opt {
    const char *name;
    int type;
    uint32_t flag;                /* T_BOOL */
    size_t field;                 /* T_ENUM / T_NUM: offset in ar_norm_options */
    const char *const *values;    /* T_ENUM: names, index = value */
    const char *desc;
};

static const char *const alef_v[] = {"keep", "hamza", "wasla", "all", NULL};
static const char *const teh_v[] = {"keep", "heh", "teh", NULL};
static const char *const dagger_v[] = {"keep", "remove", "alef", NULL};
static const char *const digits_v[] = {"keep", "ascii", "arabic", "persian", NULL};
static const char *const unicode_v[] = {"none", "nfc", "nfkc", NULL};

#define B(n, f) {n, T_BOOL, f, 0, NULL, "boolean"}
#define E(n, fld, v, d) {n, T_ENUM, 0, offsetof(ar_norm_options, fld), v, d}

static const struct opt opts[] = {
    B("presentation_forms", AR_N_PRESENTATION),
    B("word_ligatures", AR_N_WORD_LIGATURES),
    B("persian", AR_N_PERSIAN),
    B("tatweel", AR_N_TATWEEL),
    B("invisible", AR_N_INVISIBLE),
    B("zwnj", AR_N_ZWNJ),
    B("whitespace", AR_N_WHITESPACE),
    B("collapse_whitespace", AR_N_COLLAPSE),
    B("harakat", AR_N_HARAKAT),
    B("shadda", AR_N_SHADDA),
    E("dagger_alef", dagger_alef, dagger_v, "keep|remove|alef (true = remove)"),
    B("quranic", AR_N_QURANIC),
    B("hamza_marks", AR_N_HAMZA_MARKS),
    E("alef", alef, alef_v, "keep|hamza|wasla|all (true = all)"),
    B("alef_maksura", AR_N_ALEF_MAKSURA),
    E("teh_marbuta", teh_marbuta, teh_v, "keep|heh|teh (true = heh)"),
    B("hamza_waw", AR_N_HAMZA_WAW),
    B("hamza_yeh", AR_N_HAMZA_YEH),
    E("digits", digits, digits_v, "keep|ascii|arabic|persian (true = ascii)"),
    B("punctuation", AR_N_PUNCTUATION),
    B("casefold", AR_N_CASEFOLD),
    B("compose", AR_N_COMPOSE),
    E("unicode", unicode, unicode_v, "none|nfc|nfkc (true = nfc)"),
    {"elongation", T_NUM, 0, offsetof(ar_norm_options, elongation), NULL,
     "integer 0-255 (0 or false = off; N = keep at most N repeats of a letter)"},
    B("strict", AR_N_STRICT),
};
#define NOPTS (sizeof opts / sizeof opts[0])

const char *ar_norm_option_name(size_t i) { return i < NOPTS ? opts[i].name : NULL; }
const char *ar_norm_option_values(size_t i) { return i < NOPTS ? opts[i].desc : NULL; }

static const char *const presets[] = {"none", "display", "search", "lucene", "camel", NULL};
const char *ar_norm_preset_name(size_t i) { return i < 5 ? presets[i] : NULL; }

int ar_norm_options_preset(ar_norm_options *o, const char *name)
{
    ar_norm_options p;
    const uint32_t display = AR_N_PRESENTATION | AR_N_PERSIAN | AR_N_TATWEEL |
                             AR_N_INVISIBLE | AR_N_WHITESPACE | AR_N_COMPOSE;
    if (!o || !name) return AR_EARG;
    memset(&p, 0, sizeof p);
    if (strcmp(name, "none") == 0) {
        /* nothing: only invalid UTF-8 is repaired */
    } else if (strcmp(name, "display") == 0) {
        /* Lossless repair: what a reader sees does not change. */
        p.flags = display;
        p.unicode = AR_UNICODE_NFC;
    } else if (strcmp(name, "search") == 0) {
        /* What a search index wants: spelling variants folded together. */
        p.flags = display | AR_N_ZWNJ | AR_N_HARAKAT | AR_N_SHADDA | AR_N_QURANIC |
                  AR_N_HAMZA_MARKS | AR_N_ALEF_MAKSURA | AR_N_PUNCTUATION | AR_N_CASEFOLD;
        p.alef = AR_ALEF_ALL;
        p.dagger_alef = AR_DAGGER_REMOVE;
        p.digits = AR_DIGITS_ASCII;
        p.unicode = AR_UNICODE_NFKC;
    } else if (strcmp(name, "lucene") == 0) {
        /* Lucene's ArabicNormalizer, exactly: nothing but these folds. */
        p.flags = AR_N_TATWEEL | AR_N_HARAKAT | AR_N_SHADDA | AR_N_ALEF_MAKSURA;
        p.alef = AR_ALEF_HAMZA;
        p.teh_marbuta = AR_TEH_HEH;
    } else if (strcmp(name, "camel") == 0) {
        /* CAMeL Tools: NFKC, dediac_ar, normalize_alef_ar, alef maksura,
         * teh marbuta. NFKC expands the word ligatures too. */
        p.flags = AR_N_PRESENTATION | AR_N_WORD_LIGATURES | AR_N_COMPOSE |
                  AR_N_HARAKAT | AR_N_SHADDA | AR_N_ALEF_MAKSURA;
        p.alef = AR_ALEF_WASLA;
        p.dagger_alef = AR_DAGGER_REMOVE;
        p.teh_marbuta = AR_TEH_HEH;
        p.unicode = AR_UNICODE_NFKC;
    } else {
        return AR_EVALUE;
    }
    *o = p;
    return AR_OK;
}

static const struct opt *find(const char *key)
{
    size_t i;
    for (i = 0; i < NOPTS; i++)
        if (strcmp(opts[i].name, key) == 0) return &opts[i];
    return NULL;
}

static int parse_bool(const char *v, int *out)
{
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 ||
        strcmp(v, "on") == 0) {
        *out = 1;
        return 1;
    }
    if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0 || strcmp(v, "no") == 0 ||
        strcmp(v, "off") == 0) {
        *out = 0;
        return 1;
    }
    return 0;
}

int ar_norm_options_set(ar_norm_options *o, const char *key, const char *value)
{
    const struct opt *d;
    int b;
    if (!o || !key || !value) return AR_EARG;
    d = find(key);
    if (!d) return AR_EOPTION;
    if (d->type == T_BOOL) {
        if (!parse_bool(value, &b)) return AR_EVALUE;
        if (b) o->flags |= d->flag;
        else o->flags &= ~d->flag;
        return AR_OK;
    }
    if (d->type == T_ENUM) {
        uint8_t *f = (uint8_t *)o + d->field;
        size_t i;
        for (i = 0; d->values[i]; i++)
            if (strcmp(d->values[i], value) == 0) {
                *f = (uint8_t)i;
                return AR_OK;
            }
        /* Booleans for the enums: false is the first value, true the
         * natural "on" value named in the description. */
        if (parse_bool(value, &b)) {
            if (!b) *f = 0;
            else if (d->values == alef_v) *f = AR_ALEF_ALL;
            else if (d->values == dagger_v) *f = AR_DAGGER_REMOVE;
            else *f = 1;
            return AR_OK;
        }
        return AR_EVALUE;
    }
    /* T_NUM */
    {
        uint8_t *f = (uint8_t *)o + d->field;
        char *end;
        long v;
        if (parse_bool(value, &b) && !b) {
            *f = 0;
            return AR_OK;
        }
        v = strtol(value, &end, 10);
        if (end == value || *end != '\0' || v < 0 || v > 255) return AR_EVALUE;
        *f = (uint8_t)v;
        return AR_OK;
    }
}

int ar_norm_options_get(const ar_norm_options *o, const char *key, char *buf, size_t n)
{
    const struct opt *d;
    const char *s;
    char num[8];
    if (!o || !key || !buf) return AR_EARG;
    d = find(key);
    if (!d) return AR_EOPTION;
    if (d->type == T_BOOL) {
        s = (o->flags & d->flag) ? "true" : "false";
    } else if (d->type == T_ENUM) {
        s = d->values[*((const uint8_t *)o + d->field)];
    } else {
        snprintf(num, sizeof num, "%u", (unsigned)*((const uint8_t *)o + d->field));
        s = num;
    }
    if (strlen(s) + 1 > n) return AR_ESPACE;
    memcpy(buf, s, strlen(s) + 1);
    return AR_OK;
}

void ar__norm_options_pack(const ar_norm_options *o, uint32_t *flags, uint8_t vals[8])
{
    memset(vals, 0, 8);
    *flags = o->flags;
    vals[0] = o->alef;
    vals[1] = o->teh_marbuta;
    vals[2] = o->dagger_alef;
    vals[3] = o->digits;
    vals[4] = o->unicode;
    vals[5] = o->elongation;
}

void ar__norm_options_unpack(ar_norm_options *o, uint32_t flags, const uint8_t vals[8])
{
    memset(o, 0, sizeof *o);
    o->flags = flags;
    o->alef = vals[0];
    o->teh_marbuta = vals[1];
    o->dagger_alef = vals[2];
    o->digits = vals[3];
    o->unicode = vals[4];
    o->elongation = vals[5];
}
