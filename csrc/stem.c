/*
 * stem.c — light stemming for counting and search.
 *
 * Two algorithms, each following the implementation people compare with:
 *
 *   light10  Larkey, Ballesteros & Connell's light stemmer as Lucene's
 *            ArabicStemmer applies it: one prefix off (the article forms
 *            ال وال بال كال فال لل, then و), then each suffix of the list
 *            ها ان ات ون ين يه ية ه ة ي in that order, every one that
 *            matches. Minimum lengths: و needs a word of 4+ letters, the other
 *            prefixes and every suffix leave at least 2.
 *   isri     Taghva, Elkhoury & Coombs' root stemmer (2005) as NLTK's
 *            ISRIStemmer applies it: diacritics off, a 3- or 2-letter prefix,
 *            a 3- or 2-letter suffix, a doubled و, initial hamza on alef to
 *            bare alef, then the word's pattern by length (4 to 7 letters)
 *            picks the root. NLTK's own stop-word exemption is not part of
 *            it: filter stop words before stemming (arabic.stopwords).
 *
 * Both take one word that the caller has normalized as it wants (light10
 * expects Lucene's normalization: ة -> ه, alef forms -> ا, no diacritics;
 * the Lua stemmer object does that). The stem never grows: light10 returns a
 * substring of the word, ISRI a subsequence of its characters where an
 * initial أ إ آ becomes ا (two bytes for two), so the output always fits in
 * len bytes. Nothing is allocated; no state is kept between calls.
 */
#include "internal.h"

/* ------------------------------------------------------------ helpers */

/* Characters in a UTF-8 string: bytes that are not continuation bytes. */
static size_t char_count(const unsigned char *s, size_t n)
{
    size_t i, c = 0;
    for (i = 0; i < n; i++) c += (s[i] & 0xC0) != 0x80;
    return c;
}

typedef struct {
    const char *s;
    unsigned char bytes, chars;
} affix;

#define AFFIX(str) {str, (unsigned char)(sizeof str - 1), (unsigned char)((sizeof str - 1) / 2)}

/* ------------------------------------------------------------ light10 */

/* Every affix is made of two-byte Arabic letters, hence chars = bytes / 2. */
static const affix L10_PREFIXES[] = {
    AFFIX("ال"), AFFIX("وال"), AFFIX("بال"), AFFIX("كال"), AFFIX("فال"), AFFIX("لل"), AFFIX("و"),
};
static const affix L10_SUFFIXES[] = {
    AFFIX("ها"), AFFIX("ان"), AFFIX("ات"), AFFIX("ون"), AFFIX("ين"),
    AFFIX("يه"), AFFIX("ية"), AFFIX("ه"),  AFFIX("ة"),  AFFIX("ي"),
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The stem's byte range [*start, *end) inside w. */
static void light10(const unsigned char *w, size_t len, size_t *start, size_t *end)
{
    size_t n = char_count(w, len), a = 0, b = len, i;
    for (i = 0; i < COUNT(L10_PREFIXES); i++) {
        const affix *p = &L10_PREFIXES[i];
        /* و alone is also the first letter of many words: it needs a word of
         * four letters or more; the article forms leave two */
        size_t need = p->chars == 1 ? 4 : (size_t)p->chars + 2;
        if (n >= need && len >= p->bytes && memcmp(w, p->s, p->bytes) == 0) {
            a = p->bytes;
            n -= p->chars;
            break; /* one prefix only */
        }
    }
    for (i = 0; i < COUNT(L10_SUFFIXES); i++) {
        const affix *s = &L10_SUFFIXES[i];
        /* each suffix of the list in turn, as long as two letters remain */
        if (n >= (size_t)s->chars + 2 && b - a >= s->bytes &&
            memcmp(w + b - s->bytes, s->s, s->bytes) == 0) {
            b -= s->bytes;
            n -= s->chars;
        }
    }
    *start = a;
    *end = b;
}

/* --------------------------------------------------------------- ISRI */

#define ALEF 0x0627
#define ISRI_MAX AR_STEM_MAX_CHARS

/* A word as characters, each remembering its bytes in the input so that an
 * invalid sequence is written back unchanged. */
typedef struct {
    int32_t cp[ISRI_MAX];
    uint32_t off[ISRI_MAX];
    unsigned char len[ISRI_MAX];
    size_t n;
} chars;

static void drop_front(chars *w, size_t k)
{
    size_t i;
    for (i = k; i < w->n; i++) {
        w->cp[i - k] = w->cp[i];
        w->off[i - k] = w->off[i];
        w->len[i - k] = w->len[i];
    }
    w->n -= k;
}

/* 1 if the word starts (at = 0) or ends (at = 1) with the affix. */
static int has_affix(const chars *w, const char *affix_utf8, int at_end)
{
    int32_t a[8];
    size_t n = 0, i, start;
    const unsigned char *p = (const unsigned char *)affix_utf8;
    size_t left = strlen(affix_utf8);
    while (left > 0 && n < 8) {
        size_t l = ar__decode(p, left, &a[n++]);
        p += l;
        left -= l;
    }
    if (n > w->n) return 0;
    start = at_end ? w->n - n : 0;
    for (i = 0; i < n; i++)
        if (w->cp[start + i] != a[i]) return 0;
    return 1;
}

/* Remove the first affix of the NULL-terminated list found at the start
 * (or end) of the word; 1 if one was removed. */
static int strip_one(chars *w, const char *const *list, int at_end)
{
    for (; *list; list++) {
        if (has_affix(w, *list, at_end)) {
            size_t k = char_count((const unsigned char *)*list, strlen(*list));
            if (at_end) w->n -= k;
            else drop_front(w, k);
            return 1;
        }
    }
    return 0;
}

static const char *const ISRI_P3[] = {"كال", "بال", "ولل", "وال", NULL};
static const char *const ISRI_P2[] = {"ال", "لل", NULL};
static const char *const ISRI_P1[] = {"ل", "ب", "ف", "س", "و", "ي", "ت", "ن", "ا", NULL};
/* The three-letter suffixes as NLTK lists them (تمل همل كمل, where one might
 * expect تما هما كما): kept so that results agree with it. */
static const char *const ISRI_S3[] = {"تمل", "همل", "تان", "تين", "كمل", NULL};
static const char *const ISRI_S2[] = {"ون", "ات", "ان", "ين", "تن", "كم", "هن", "نا",
                                      "يا", "ها", "تم", "كن", "ني", "وا", "ما", "هم", NULL};
static const char *const ISRI_S1[] = {"ة", "ه", "ي", "ك", "ت", "ا", "ن", NULL};

/* Patterns, tried in order; the first that fits the word gives the root.
 * A digit marks a root letter (1-4, in root order); any other character must
 * be in the word as written. A digit seen twice must be the same letter both
 * times and is kept once (افعوعل: ا12و23). */
static const char *const ISRI_W4[] = {
    "م123",                                /* مفعل */
    "1ا23",                                /* فاعل */
    "12ا3", "12و3", "12ي3",                /* فعال فعول فعيل */
    "123ة",                                /* فعلة */
    NULL};
static const char *const ISRI_W53[] = {
    "ا1ا23", "ا1ت23",                      /* افاعل افتعل */
    "م12ا3", "م12ي3", "م12و3",             /* مفعال مفعيل مفعول */
    "ا123ة", "ت123ة", "م123ة",             /* افعلة تفعلة مفعلة */
    "م1ت23", "ي1ت23", "ت1ت23",             /* مفتعل يفتعل تفتعل */
    "م1ا23", "ت1ا23",                      /* مفاعل تفاعل */
    "12ا3ة", "12و3ة",                      /* فعالة فعولة */
    "ان123", "من123",                      /* انفعل منفعل */
    "ا12ا3",                               /* افعال */
    "123ان",                               /* فعلان */
    "ت12ي3",                               /* تفعيل */
    "1ا2و3",                               /* فاعول */
    "1وا23",                               /* فواعل */
    "12ائ3",                               /* فعائل */
    "1ا23ة",                               /* فاعلة */
    "12ا3ي",                               /* فعالي */
    NULL};
static const char *const ISRI_W54[] = {
    "ا1234", "ت1234", "م1234",             /* افعلل تفعلل مفعلل */
    "1234ة",                               /* فعللة */
    "12ا34",                               /* فعالل */
    NULL};
static const char *const ISRI_W6[] = {
    "است123", "مست123",                    /* استفعل مستفعل */
    "م12ا3ة",                              /* مفعالة */
    "ا1ت2ا3",                              /* افتعال */
    "ا12و23",                              /* افعوعل */
    "ت1ا2ي3",                              /* تفاعيل (NLTK's addition) */
    NULL};
static const char *const ISRI_W64[] = {
    "ا123ا4",                              /* افعلال */
    "مت1234",                              /* متفعلل */
    NULL};

/* Try one pattern; on a fit the word becomes its root and 1 is returned. */
static int apply_pattern(chars *w, const char *pat)
{
    size_t slot[5] = {0, 0, 0, 0, 0}, i = 0, k, nroot = 0;
    int seen[5] = {0, 0, 0, 0, 0};
    const unsigned char *p = (const unsigned char *)pat;
    size_t left = strlen(pat);
    chars r;
    while (left > 0) {
        int32_t c;
        size_t l;
        if (i >= w->n) return 0;
        if (*p >= '1' && *p <= '4') {
            int d = *p - '0';
            if (!seen[d]) {
                seen[d] = 1;
                slot[d] = i;
                if ((size_t)d > nroot) nroot = (size_t)d;
            } else if (w->cp[i] < 0 || w->cp[i] != w->cp[slot[d]]) {
                return 0;
            }
            l = 1;
        } else {
            l = ar__decode(p, left, &c);
            if (w->cp[i] != c) return 0;
        }
        p += l;
        left -= l;
        i++;
    }
    if (i != w->n) return 0;
    r.n = nroot;
    for (k = 1; k <= nroot; k++) {
        r.cp[k - 1] = w->cp[slot[k]];
        r.off[k - 1] = w->off[slot[k]];
        r.len[k - 1] = w->len[slot[k]];
    }
    *w = r;
    return 1;
}

static int apply_patterns(chars *w, const char *const *list)
{
    for (; *list; list++)
        if (apply_pattern(w, *list)) return 1;
    return 0;
}

/* No pattern fitted: a one-letter suffix off, else a one-letter prefix. */
static void short_affix(chars *w, size_t n)
{
    strip_one(w, ISRI_S1, 1);
    if (w->n == n) strip_one(w, ISRI_P1, 0);
}

static void isri_w4(chars *w)
{
    if (!apply_patterns(w, ISRI_W4)) short_affix(w, 4);
}

static void isri_w53(chars *w)
{
    if (!apply_patterns(w, ISRI_W53)) short_affix(w, 5);
}

static void isri_end5(chars *w)
{
    if (w->n == 4) isri_w4(w);
    else if (w->n == 5) apply_patterns(w, ISRI_W54);
}

static void isri_w6(chars *w)
{
    if (!apply_patterns(w, ISRI_W6)) short_affix(w, 6);
}

static void isri_end6(chars *w)
{
    if (w->n == 5) {
        isri_w53(w);
        isri_end5(w);
    } else if (w->n == 6) {
        apply_patterns(w, ISRI_W64);
    }
}

/* Decode the word without its short vowels, shadda and sukun (064B-0652).
 * 0 if it has more than ISRI_MAX characters. */
static int isri_decode(const unsigned char *s, size_t len, chars *w)
{
    size_t i = 0;
    w->n = 0;
    while (i < len) {
        int32_t c;
        size_t l = ar__decode(s + i, len - i, &c);
        if (!(c >= 0x064B && c <= 0x0652)) {
            if (w->n == ISRI_MAX) return 0;
            w->cp[w->n] = c;
            w->off[w->n] = (uint32_t)i;
            w->len[w->n] = (unsigned char)l;
            w->n++;
        }
        i += l;
    }
    return 1;
}

static size_t isri(const unsigned char *s, size_t len, unsigned char *out)
{
    chars w;
    size_t i, o = 0;
    if (!isri_decode(s, len, &w)) {
        memcpy(out, s, len);
        return len;
    }
    /* prefixes: three letters on words of 6+, else two letters on 5+ */
    if (!(w.n >= 6 && strip_one(&w, ISRI_P3, 0)) && w.n >= 5) strip_one(&w, ISRI_P2, 0);
    /* suffixes likewise */
    if (!(w.n >= 6 && strip_one(&w, ISRI_S3, 1)) && w.n >= 5) strip_one(&w, ISRI_S2, 1);
    /* و before a word that starts with و is the conjunction */
    if (w.n >= 4 && w.cp[0] == 0x0648 && w.cp[1] == 0x0648) drop_front(&w, 1);
    /* initial آ أ إ -> ا */
    if (w.n > 0 && (w.cp[0] == 0x0622 || w.cp[0] == 0x0623 || w.cp[0] == 0x0625)) w.cp[0] = ALEF;
    switch (w.n) {
    case 4:
        isri_w4(&w);
        break;
    case 5:
        isri_w53(&w);
        isri_end5(&w);
        break;
    case 6:
        isri_w6(&w);
        isri_end6(&w);
        break;
    case 7:
        strip_one(&w, ISRI_S1, 1);
        if (w.n == 7) strip_one(&w, ISRI_P1, 0);
        if (w.n == 6) {
            isri_w6(&w);
            isri_end6(&w);
        }
        break;
    default:
        break;
    }
    for (i = 0; i < w.n; i++) {
        if (w.cp[i] < 0) {
            memcpy(out + o, s + w.off[i], w.len[i]);
            o += w.len[i];
        } else {
            o += ar__encode(w.cp[i], out + o);
        }
    }
    return o;
}

/* ---------------------------------------------------------------- API */

int ar_stem_algorithm(const char *name)
{
    if (!name) return 0;
    if (strcmp(name, "light10") == 0) return AR_STEM_LIGHT10;
    if (strcmp(name, "isri") == 0) return AR_STEM_ISRI;
    return 0;
}

const char *ar_stem_algorithm_name(int algorithm)
{
    switch (algorithm) {
    case AR_STEM_LIGHT10: return "light10";
    case AR_STEM_ISRI: return "isri";
    default: return NULL;
    }
}

int ar_stem(int algorithm, const char *word, size_t len, char *out, size_t *out_len)
{
    const unsigned char *w = (const unsigned char *)word;
    if ((!word && len) || !out_len || (!out && len)) return AR_EARG;
    if (algorithm == AR_STEM_LIGHT10) {
        size_t a, b;
        light10(w, len, &a, &b);
        if (b > a) memmove(out, w + a, b - a);
        *out_len = b - a;
        return AR_OK;
    }
    if (algorithm == AR_STEM_ISRI) {
        *out_len = len ? isri(w, len, (unsigned char *)out) : 0;
        return AR_OK;
    }
    return AR_EARG;
}
