/*
 * options.c — normalization options by name, and the presets.
 *
 * The options are data: one table below describes every option (its name,
 * kind, values, the value `true` selects, where it is stored), and front ends
 * read it (ar_norm_option_at) to check, convert and list options, so no
 * option is named anywhere else except where the normalizer applies it.
 * Text values (a command line, a config file) go through one parser.
 */
#include "internal.h"
#include <stdio.h>

/* One row per option: the public description (ar_norm_option) and where
 * the value lives. Adding an option is adding a row here and its effect in
 * normalize.c; the checks, the text forms, the Lua tables and the gazetteer
 * file's copy of the options all follow from the row. */
struct opt {
    ar_norm_option pub;           /* first: the public view points here */
    uint32_t flag;                /* AR_OPT_BOOL: the AR_N_* bit */
    size_t field;                 /* otherwise: offset of its uint8_t in ar_norm_options */
    int slot;                     /* otherwise: its byte in a gazetteer file (0-7) */
};

static const char *const alef_v[] = {"keep", "hamza", "wasla", "all", NULL};
static const char *const teh_v[] = {"keep", "heh", "teh", NULL};
static const char *const dagger_v[] = {"keep", "remove", "alef", NULL};
static const char *const digits_v[] = {"keep", "ascii", "arabic", "persian", NULL};
static const char *const unicode_v[] = {"none", "nfc", "nfkc", NULL};

#define B(n, f) {{n, AR_OPT_BOOL, NULL, 1, 1, "boolean"}, f, 0, -1}
#define E(n, fld, v, max, on, d, slot) \
    {{n, AR_OPT_ENUM, v, max, on, d}, 0, offsetof(ar_norm_options, fld), slot}

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
    E("dagger_alef", dagger_alef, dagger_v, AR_DAGGER_ALEF, AR_DAGGER_REMOVE,
      "keep|remove|alef (true = remove)", 2),
    B("quranic", AR_N_QURANIC),
    B("hamza_marks", AR_N_HAMZA_MARKS),
    E("alef", alef, alef_v, AR_ALEF_ALL, AR_ALEF_ALL, "keep|hamza|wasla|all (true = all)", 0),
    B("alef_maksura", AR_N_ALEF_MAKSURA),
    E("teh_marbuta", teh_marbuta, teh_v, AR_TEH_TEH, AR_TEH_HEH, "keep|heh|teh (true = heh)", 1),
    B("hamza_waw", AR_N_HAMZA_WAW),
    B("hamza_yeh", AR_N_HAMZA_YEH),
    E("digits", digits, digits_v, AR_DIGITS_PERSIAN, AR_DIGITS_ASCII,
      "keep|ascii|arabic|persian (true = ascii)", 3),
    B("punctuation", AR_N_PUNCTUATION),
    B("casefold", AR_N_CASEFOLD),
    B("compose", AR_N_COMPOSE),
    E("unicode", unicode, unicode_v, AR_UNICODE_NFKC, AR_UNICODE_NFC, "none|nfc|nfkc (true = nfc)", 4),
    {{"elongation", AR_OPT_INT, NULL, 255, -1,
      "integer 0-255 (0 or false = off; N = keep at most N repeats of a letter)"},
     0, offsetof(ar_norm_options, elongation), 5},
    B("strict", AR_N_STRICT),
};
#define NOPTS (sizeof opts / sizeof opts[0])

static const struct opt *row(const ar_norm_option *p) { return (const struct opt *)p; }

const ar_norm_option *ar_norm_option_at(size_t i) { return i < NOPTS ? &opts[i].pub : NULL; }

const ar_norm_option *ar_norm_option_find(const char *name)
{
    size_t i;
    if (!name) return NULL;
    for (i = 0; i < NOPTS; i++)
        if (strcmp(opts[i].pub.name, name) == 0) return &opts[i].pub;
    return NULL;
}

const char *ar_norm_option_name(size_t i) { return i < NOPTS ? opts[i].pub.name : NULL; }
const char *ar_norm_option_values(size_t i) { return i < NOPTS ? opts[i].pub.desc : NULL; }

static const char *const presets[] = {"none", "display", "search", "lucene", "camel"};
const char *ar_norm_preset_name(size_t i)
{
    return i < sizeof presets / sizeof presets[0] ? presets[i] : NULL;
}

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

int ar_norm_options_get_value(const ar_norm_options *o, const ar_norm_option *opt)
{
    const struct opt *d = row(opt);
    if (opt->kind == AR_OPT_BOOL) return (o->flags & d->flag) != 0;
    return *((const uint8_t *)o + d->field);
}

int ar_norm_options_set_value(ar_norm_options *o, const ar_norm_option *opt, int value)
{
    const struct opt *d;
    if (!o || !opt) return AR_EARG;
    if (value < 0 || value > opt->max) return AR_EVALUE;
    d = row(opt);
    if (opt->kind == AR_OPT_BOOL) {
        if (value) o->flags |= d->flag;
        else o->flags &= ~d->flag;
    } else {
        *((uint8_t *)o + d->field) = (uint8_t)value;
    }
    return AR_OK;
}

/* The one conversion from text: true/false words for every option (true is
 * the option's "on" value), value names, numbers for integer options. */
int ar_norm_option_parse(const ar_norm_option *opt, const char *text, int *value)
{
    static const char *const yes[] = {"true", "1", "yes", "on"};
    static const char *const no[] = {"false", "0", "no", "off"};
    size_t i;
    if (!opt || !text || !value) return AR_EARG;
    if (opt->kind == AR_OPT_ENUM)
        for (i = 0; opt->values[i]; i++)
            if (strcmp(opt->values[i], text) == 0) {
                *value = (int)i;
                return AR_OK;
            }
    for (i = 0; i < 4; i++) {
        if (strcmp(text, no[i]) == 0) {
            *value = 0;
            return AR_OK;
        }
        if (strcmp(text, yes[i]) == 0 && opt->on >= 0) {
            *value = opt->on;
            return AR_OK;
        }
    }
    if (opt->kind == AR_OPT_INT) {
        char *end;
        long v = strtol(text, &end, 10);
        if (end != text && *end == '\0' && v >= 0 && v <= opt->max) {
            *value = (int)v;
            return AR_OK;
        }
    }
    return AR_EVALUE;
}

int ar_norm_options_set(ar_norm_options *o, const char *key, const char *text)
{
    const ar_norm_option *opt;
    int v, rc;
    if (!o || !key || !text) return AR_EARG;
    opt = ar_norm_option_find(key);
    if (!opt) return AR_EOPTION;
    if ((rc = ar_norm_option_parse(opt, text, &v))) return rc;
    return ar_norm_options_set_value(o, opt, v);
}

int ar_norm_options_get(const ar_norm_options *o, const char *key, char *buf, size_t n)
{
    const ar_norm_option *opt;
    const char *s;
    char num[8];
    int v;
    if (!o || !key || !buf) return AR_EARG;
    opt = ar_norm_option_find(key);
    if (!opt) return AR_EOPTION;
    v = ar_norm_options_get_value(o, opt);
    if (opt->kind == AR_OPT_BOOL) {
        s = v ? "true" : "false";
    } else if (opt->kind == AR_OPT_ENUM) {
        s = v <= opt->max ? opt->values[v] : "?";
    } else {
        snprintf(num, sizeof num, "%d", v);
        s = num;
    }
    if (strlen(s) + 1 > n) return AR_ESPACE;
    memcpy(buf, s, strlen(s) + 1);
    return AR_OK;
}

int ar__norm_options_valid(const ar_norm_options *o)
{
    uint32_t known = 0;
    size_t i;
    for (i = 0; i < NOPTS; i++) {
        if (opts[i].pub.kind == AR_OPT_BOOL) known |= opts[i].flag;
        else if (ar_norm_options_get_value(o, &opts[i].pub) > opts[i].pub.max) return 0;
    }
    return (o->flags & ~known) == 0;
}

void ar__norm_options_pack(const ar_norm_options *o, uint32_t *flags, uint8_t vals[8])
{
    size_t i;
    memset(vals, 0, 8);
    *flags = o->flags;
    for (i = 0; i < NOPTS; i++)
        if (opts[i].pub.kind != AR_OPT_BOOL) vals[opts[i].slot] = *((const uint8_t *)o + opts[i].field);
}

void ar__norm_options_unpack(ar_norm_options *o, uint32_t flags, const uint8_t vals[8])
{
    size_t i;
    memset(o, 0, sizeof *o);
    o->flags = flags;
    for (i = 0; i < NOPTS; i++)
        if (opts[i].pub.kind != AR_OPT_BOOL) *((uint8_t *)o + opts[i].field) = vals[opts[i].slot];
}
