/*
 * arabic.h — the public C API of the arabic core.
 *
 * The core has no Lua inside and no mutable global state: every object is an
 * opaque handle created and freed by the caller, and one handle may be shared
 * by many threads for reading (normalizers, gazetteers) while buffers and maps
 * belong to one thread at a time.
 *
 * Conventions (as in utf8proc and PCRE2):
 *   - every name is prefixed ar_ / AR_;
 *   - errors, one way: functions that can fail return an int, AR_OK (0) or a
 *     negative AR_E* code (ar_strerror() gives a static message), and
 *     constructors return the object or NULL with the code in *err (err may
 *     be NULL). A function whose failure has more to it than the code (the
 *     line of a file, the offset in a pattern, what was wrong) also takes an
 *     ar_error *, which it fills when it fails (may be NULL). There is no
 *     other channel: no message fields in results, no error kept inside an
 *     object, no errno to read afterwards;
 *   - offsets are 0-based byte offsets, ranges are half-open [start, end);
 *   - each function says who owns what it returns.
 */
#ifndef ARABIC_H
#define ARABIC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AR_VERSION_MAJOR 0
#define AR_VERSION_MINOR 1
#define AR_VERSION_PATCH 0
#define AR_VERSION_STRING "0.1.0"

/* ---------------------------------------------------------------- errors */

enum {
    AR_OK = 0,
    AR_ENOMEM = -1,   /* an allocation failed */
    AR_EARG = -2,     /* a NULL or out-of-range argument */
    AR_EOPTION = -3,  /* unknown option name */
    AR_EVALUE = -4,   /* bad value for a known option */
    AR_EUTF8 = -5,    /* invalid UTF-8 in strict mode */
    AR_ETOOBIG = -6,  /* input larger than the structure can address */
    AR_ESPACE = -7,   /* a caller-supplied buffer is too small */
    AR_EIO = -8,      /* a file could not be read or written (see errno) */
    AR_EFORMAT = -9,  /* a file is not in the expected format, or corrupt */
    AR_ELIMIT = -10   /* a match gave up at its backtracking/depth limit */
};

/* A static English message for an AR_E* code. Never NULL. */
const char *ar_strerror(int err);

/* What went wrong, from the functions that can say more than a code. The
 * caller owns it (usually on the stack). Filled only when the function
 * fails, and then completely: code, line, offset and a non-empty message. */
typedef struct ar_error {
    int code;           /* the AR_E* code the function returned */
    size_t line;        /* 1-based line of the file read, or 0 */
    size_t offset;      /* 0-based byte offset in the pattern (ar_regex_new), or 0 */
    char message[256];  /* why, NUL-terminated (at least ar_strerror(code)) */
} ar_error;

/* Library and linked-library versions (static strings). */
const char *ar_version(void);
const char *ar_utf8proc_version(void);
const char *ar_unicode_version(void);
/* The linked PCRE2's version ("10.42 2022-12-11") into buf (n bytes). */
int ar_pcre2_version(char *buf, size_t n);

/* A flag bit by the name front ends use for it (lrexlib's flags()): the
 * core publishes its flag sets as arrays of these, ended by a NULL name. */
typedef struct ar_flag_name {
    const char *name;   /* "exact_only" */
    unsigned bit;       /* AR_GAZ_EXACT_ONLY */
} ar_flag_name;

/* ------------------------------------------------------- growable buffer */

/* A byte buffer owned by the caller. Zero-initialise it ({0}); functions that
 * write into it grow it with realloc. Release with ar_buf_free(). */
typedef struct ar_buf {
    char *data;
    size_t len;
    size_t cap;
} ar_buf;

void ar_buf_free(ar_buf *b);

/* --------------------------------------------------------- normalization */

/* Boolean options (bits of ar_norm_options.flags). */
enum {
    AR_N_PRESENTATION = 1u << 0,   /* presentation forms, lam-alef -> letters */
    AR_N_WORD_LIGATURES = 1u << 1, /* FDF0-FDFD word ligatures -> words     */
    AR_N_PERSIAN = 1u << 2,        /* Persian/Urdu look-alikes -> Arabic    */
    AR_N_TATWEEL = 1u << 3,        /* remove U+0640                         */
    AR_N_INVISIBLE = 1u << 4,      /* remove zero-width and bidi controls   */
    AR_N_ZWNJ = 1u << 5,           /* remove U+200C                         */
    AR_N_WHITESPACE = 1u << 6,     /* NBSP, thin space ... -> space         */
    AR_N_COLLAPSE = 1u << 7,       /* runs of spaces/tabs -> one space      */
    AR_N_HARAKAT = 1u << 8,        /* remove 064B-0650, 0652                */
    AR_N_SHADDA = 1u << 9,         /* remove 0651                           */
    AR_N_QURANIC = 1u << 10,       /* remove 0610-061A, 06D6-06ED, 08D3-08FF*/
    AR_N_HAMZA_MARKS = 1u << 11,   /* remove 0653-0655 left after composing */
    AR_N_ALEF_MAKSURA = 1u << 12,  /* U+0649 -> U+064A                      */
    AR_N_HAMZA_WAW = 1u << 13,     /* U+0624 -> U+0648                      */
    AR_N_HAMZA_YEH = 1u << 14,     /* U+0626 -> U+064A                      */
    AR_N_PUNCTUATION = 1u << 15,   /* ، ؛ ؟ -> , ; ? (not between digits)   */
    AR_N_CASEFOLD = 1u << 16,      /* Unicode case folding (Latin etc.)     */
    AR_N_COMPOSE = 1u << 17,       /* canonical composition of Arabic       */
    AR_N_STRICT = 1u << 18         /* invalid UTF-8 is an error (AR_EUTF8)  */
};

/* Values of the multi-valued options. */
enum { AR_ALEF_KEEP, AR_ALEF_HAMZA, AR_ALEF_WASLA, AR_ALEF_ALL };
enum { AR_TEH_KEEP, AR_TEH_HEH, AR_TEH_TEH };
enum { AR_DAGGER_KEEP, AR_DAGGER_REMOVE, AR_DAGGER_ALEF };
enum { AR_DIGITS_KEEP, AR_DIGITS_ASCII, AR_DIGITS_ARABIC, AR_DIGITS_PERSIAN };
enum { AR_UNICODE_NONE, AR_UNICODE_NFC, AR_UNICODE_NFKC };

typedef struct ar_norm_options {
    uint32_t flags;            /* AR_N_* bits */
    uint8_t alef;              /* AR_ALEF_* */
    uint8_t teh_marbuta;       /* AR_TEH_* */
    uint8_t dagger_alef;       /* AR_DAGGER_* */
    uint8_t digits;            /* AR_DIGITS_* */
    uint8_t unicode;           /* AR_UNICODE_*: NFC/NFKC outside Arabic */
    uint8_t elongation;        /* 0: off; N >= 1: cap runs of a letter at N */
} ar_norm_options;

/* Fill *o with a preset: "none", "display", "search", "lucene", "camel".
 * Returns AR_EVALUE for an unknown name (and leaves *o untouched). */
int ar_norm_options_preset(ar_norm_options *o, const char *preset);

/* The options as data, for front ends that check, convert or list them
 * (the Lua binding builds its tables from this; nothing outside options.c
 * and the normalizer names an option). Values are small integers: 0/1 for
 * AR_OPT_BOOL, the index of a value name for AR_OPT_ENUM (AR_ALEF_* ...),
 * the number for AR_OPT_INT. Static; never freed. */
enum { AR_OPT_BOOL, AR_OPT_ENUM, AR_OPT_INT };
typedef struct ar_norm_option {
    const char *name;            /* "teh_marbuta" */
    int kind;                    /* AR_OPT_* */
    const char *const *values;   /* AR_OPT_ENUM: value names (index = value), NULL-ended */
    int max;                     /* the largest value (the smallest is 0) */
    int on;                      /* the value `true` selects, or -1 when true is no value */
    const char *desc;            /* accepted values, for messages: "keep|heh|teh (true = heh)" */
} ar_norm_option;

/* The i-th option, in a fixed order; NULL past the end. */
const ar_norm_option *ar_norm_option_at(size_t i);
/* The option of this name, or NULL. */
const ar_norm_option *ar_norm_option_find(const char *name);

/* An option's value in *o, and setting it (AR_EVALUE outside 0..max). */
int ar_norm_options_get_value(const ar_norm_options *o, const ar_norm_option *opt);
int ar_norm_options_set_value(ar_norm_options *o, const ar_norm_option *opt, int value);

/* The one conversion from text to a value: "true"/"false" (also 1/0,
 * yes/no, on/off; true is the option's `on` value), a value name ("heh"),
 * a number for integer options. AR_EVALUE when the text is none of these. */
int ar_norm_option_parse(const ar_norm_option *opt, const char *text, int *value);

/* By name and from text: ar_norm_option_find + ar_norm_option_parse +
 * ar_norm_options_set_value. Returns AR_EOPTION (unknown name) or AR_EVALUE,
 * and leaves *o untouched then. */
int ar_norm_options_set(ar_norm_options *o, const char *key, const char *value);

/* Write the textual value of one option into buf (NUL-terminated, at most
 * n bytes). Returns AR_OK, AR_EOPTION or AR_ESPACE. */
int ar_norm_options_get(const ar_norm_options *o, const char *key, char *buf, size_t n);

/* The i-th option's name and description (ar_norm_option_at(i)->name,
 * ->desc); NULL past the end. */
const char *ar_norm_option_name(size_t i);
const char *ar_norm_option_values(size_t i);

/* The i-th preset name; NULL past the end. */
const char *ar_norm_preset_name(size_t i);

typedef struct ar_normalizer ar_normalizer;

/* Compile options into a normalizer (tables built once; a few kilobytes).
 * Returns NULL and sets *err (if err != NULL) on failure. The caller owns
 * the result and frees it with ar_normalizer_free(). Thread-safe to share. */
ar_normalizer *ar_normalizer_new(const ar_norm_options *o, int *err);
void ar_normalizer_free(ar_normalizer *n);
const ar_norm_options *ar_normalizer_options(const ar_normalizer *n);

/* The offset map between a normalized output and its source. Created empty
 * by ar_map_new(), filled by ar_normalize(), owned by the caller. */
typedef struct ar_map ar_map;
ar_map *ar_map_new(void);
void ar_map_free(ar_map *m);
size_t ar_map_source_len(const ar_map *m);
size_t ar_map_target_len(const ar_map *m);
size_t ar_map_anchors(const ar_map *m); /* stored breakpoints (memory use) */

/* A read-only copy of a map in one block of memory the caller provides, so
 * a binding can keep it inside a garbage-collected object with no
 * finalizer: ar_map_flat_size(m) bytes (aligned as malloc aligns), filled
 * by ar_map_flatten(m, mem), which returns the copy. The copy is used like
 * any map by the read functions below, lives as long as mem, and is never
 * passed to ar_map_free() or filled by ar_normalize() (it is const). */
size_t ar_map_flat_size(const ar_map *m);
const ar_map *ar_map_flatten(const ar_map *m, void *mem);

/* Source byte range [*s0, *s1) that produced the output range [o0, o1).
 * Output bytes inside one multi-byte unit map to the whole unit; characters
 * removed by normalization belong to the output character before them. An
 * empty range maps to an empty range (an insertion point). AR_EARG if the
 * range is outside the output. */
int ar_map_source(const ar_map *m, size_t o0, size_t o1, size_t *s0, size_t *s1);

/* Output byte range [*o0, *o1) produced from the source range [s0, s1)
 * (empty when everything in it was removed). AR_EARG if out of range. */
int ar_map_target(const ar_map *m, size_t s0, size_t s1, size_t *o0, size_t *o1);

typedef struct ar_norm_stats {
    size_t invalid;        /* invalid UTF-8 sequences replaced by U+FFFD */
    size_t first_invalid;  /* byte offset of the first one (if invalid > 0) */
} ar_norm_stats;

/* Normalize src[0..len) into out (out->len is set; out->data is always
 * NUL-terminated for convenience). If map is not NULL it is filled with the
 * offset map (inputs up to 2 GiB; AR_ETOOBIG above). stats may be NULL.
 * In strict mode invalid UTF-8 returns AR_EUTF8 with stats->first_invalid. */
int ar_normalize(const ar_normalizer *n, const char *src, size_t len,
                 ar_buf *out, ar_map *map, ar_norm_stats *stats);

/* Worst-case output size for len input bytes (the word ligature U+FDFD
 * expands 3 bytes into 41). Saturates at SIZE_MAX. */
size_t ar_normalize_bound(size_t len);

/* Caller-buffer variant: writes at most cap bytes into dst (no NUL added).
 * Returns AR_ESPACE with *outlen set to the needed size when cap is short. */
int ar_normalize_into(const ar_normalizer *n, const char *src, size_t len,
                      char *dst, size_t cap, size_t *outlen, ar_norm_stats *stats);

/* ------------------------------------------------------------- tokenizer */

typedef enum ar_token_kind {
    AR_TOK_WORD = 1,   /* letters (Arabic and other non-Latin scripts) + marks */
    AR_TOK_NUMBER,     /* digits of any set, with . ٫ , ٬ inside */
    AR_TOK_PUNCT,      /* punctuation (P*) */
    AR_TOK_SYMBOL,     /* symbols (S*): currency, math, emoji */
    AR_TOK_LATIN,      /* Latin-script words (letters, digits inside) */
    AR_TOK_URL,        /* http(s)://..., www.... */
    AR_TOK_EMAIL,      /* local@domain.tld */
    AR_TOK_OTHER       /* anything else: controls, invalid UTF-8 bytes */
} ar_token_kind;

/* Static name of a kind ("word", "number" ...); "?" for unknown values. */
const char *ar_token_kind_name(int kind);

typedef struct ar_token {
    size_t start, end;  /* byte range in the text */
    int kind;           /* ar_token_kind */
} ar_token;

/* A tokenizer is a cursor over a caller-owned text; it allocates nothing
 * and may live on the stack. Whitespace separates tokens and is skipped. */
typedef struct ar_tokenizer {
    const unsigned char *s;
    size_t len;
    size_t pos;
} ar_tokenizer;

void ar_tokenizer_init(ar_tokenizer *t, const char *s, size_t len);
/* Next token: 1 and *tok filled, or 0 at the end of the text. */
int ar_tokenizer_next(ar_tokenizer *t, ar_token *tok);

/* ------------------------------------------------------------ gazetteer */

/* Entry flags. */
enum {
    AR_GAZ_EXACT_ONLY = 1u << 0,    /* surface must equal the name (no folding,
                                       no clitics, no fuzzy) */
    AR_GAZ_NEEDS_CONTEXT = 1u << 1, /* only with a trigger word before it, or
                                       when the same id is found elsewhere */
    AR_GAZ_DEMOTED = 1u << 2,       /* set by calibration: treated like
                                       NEEDS_CONTEXT */
    AR_GAZ_TRUSTED = 1u << 3        /* set by calibration: reliable in annotated
                                       text, so a common word needs no context */
};

/* An entry to add. Strings are UTF-8 with explicit lengths (need not be
 * NUL-terminated); the builder copies them. type, id and canonical may be
 * NULL (type defaults to "MISC", id to the name, canonical to the name).
 * attrs holds nattrs key/value pairs (2 * nattrs strings). */
typedef struct ar_gaz_entry {
    const char *name;
    size_t name_len;
    const char *type;
    size_t type_len;
    const char *id;
    size_t id_len;
    const char *canonical;
    size_t canonical_len;
    const char *const *attrs;       /* key0, value0, key1, value1, ... */
    const size_t *attr_lens;
    size_t nattrs;
    unsigned flags;                 /* AR_GAZ_* */
    int priority;                   /* higher wins between entries of one key */
} ar_gaz_entry;

typedef struct ar_gaz_builder ar_gaz_builder;
typedef struct ar_gazetteer ar_gazetteer;

/* A builder collects entries; norm gives the matching normalization (NULL:
 * the "search" preset). The caller owns it (ar_gaz_builder_free). */
ar_gaz_builder *ar_gaz_builder_new(const ar_norm_options *norm, int *err);
void ar_gaz_builder_free(ar_gaz_builder *b);

/* Add one entry. AR_EUTF8 for invalid UTF-8 in a field, AR_EVALUE when the
 * name has no token after normalization; err says which. */
int ar_gaz_add(ar_gaz_builder *b, const ar_gaz_entry *e, ar_error *err);
size_t ar_gaz_builder_count(const ar_gaz_builder *b);

/* Entry flags by name, as the builder reads them (ar_gaz_parse_flags) and
 * front ends show them: "exact_only", "needs_context", "demoted",
 * "trusted". An array ended by a NULL name. Static. */
const ar_flag_name *ar_gaz_entry_flag_names(void);

/* The one grammar of entry flags (TSV files, and every front end): a
 * comma-separated list of entry flag names and priority=N (-1000000 to
 * 1000000), spaces around items ignored. Sets the named bits in *flags and
 * *priority when the text gives one. AR_EVALUE for anything else (err names
 * the item and the valid ones). */
int ar_gaz_parse_flags(const char *s, size_t len, unsigned *flags, int *priority, ar_error *err);

/* Load a TSV file with a header row: name, type, id, canonical, flags, then
 * any further columns as attributes (column names from the header); flags
 * as ar_gaz_parse_flags reads them. With strict, the first bad line stops
 * the load with AR_EFORMAT (err: its line and what was wrong); otherwise bad
 * lines are skipped, counted, and the first one described in the info. A
 * file that cannot be read is AR_EIO, a bad header AR_EFORMAT either way. */
typedef struct ar_gaz_load_info {
    size_t lines;            /* data lines read */
    size_t added;            /* entries added */
    size_t skipped;          /* bad lines skipped (strict = 0) */
    ar_error first_skipped;  /* the first of them (code AR_OK when none) */
} ar_gaz_load_info;
int ar_gaz_load_tsv(ar_gaz_builder *b, const char *path, int strict, ar_gaz_load_info *info,
                    ar_error *err);

/* Compile the entries into a gazetteer ready to match (the builder stays
 * usable and ends unchanged, but is written to meanwhile: like adding, one
 * thread at a time per builder). fuzzy: also build the index for fuzzy
 * matching. The result is immutable apart from demotion flags and may be
 * shared by threads. */
ar_gazetteer *ar_gaz_compile(ar_gaz_builder *b, int fuzzy, int *err);
void ar_gaz_free(ar_gazetteer *g);

/* Limits that keep the cost of matching bounded whoever wrote a gazetteer
 * file. The builder refuses a name of more than AR_GAZ_MAX_NAME_TOKENS
 * tokens (AR_EVALUE) and sizes its token hash table so that no lookup
 * probes more than AR_GAZ_MAX_PROBES slots; opening refuses a file that
 * breaks either rule or has more than AR_GAZ_MAX_TYPES types (AR_EFORMAT).
 * Matching examines at most AR_GAZ_MAX_SAME_NAME entries of one name (those
 * of highest priority), at most AR_GAZ_MAX_CANDIDATES entries from one
 * token of the text, and in overlapping mode returns at most
 * AR_GAZ_MAX_OVERLAP matches that start at one token. */
enum {
    AR_GAZ_MAX_NAME_TOKENS = 64,
    AR_GAZ_MAX_PROBES = 128,
    AR_GAZ_MAX_TYPES = 65535,
    AR_GAZ_MAX_SAME_NAME = 1024,
    AR_GAZ_MAX_CANDIDATES = 4096,
    AR_GAZ_MAX_OVERLAP = 256
};

/* Save a compiled gazetteer to a file (versioned binary format), atomically:
 * the file is written beside path with no name (O_TMPFILE, Linux) or under
 * a new unpredictable name created with O_EXCL | O_NOFOLLOW, fsynced, and
 * renamed over path. SIGINT, SIGTERM, SIGHUP and SIGQUIT are held back
 * (for the calling thread) while a temporary name exists, so they leave no
 * temporary file behind. Readers of the old file keep it: replace a
 * gazetteer by rename (this does), never by writing into it in place.
 * AR_EIO with the system's reason in err. */
int ar_gaz_save(const ar_gazetteer *g, const char *path, ar_error *err);

/* Open a saved gazetteer: files up to 16 MB are read into memory, larger
 * ones mapped (a mapped file rewritten in place under its reader kills it
 * with SIGBUS: replace such files by rename). Opening checks the structure
 * that bounds the cost of matching (see the limits above). verify: 1 check the
 * checksum of the whole file, 0 only the header and section bounds, -1
 * (auto) the checksum for files up to 16 MB. Every offset read later is
 * bounds-checked either way. On failure returns NULL; err says why
 * (AR_EIO: the system's reason; AR_EFORMAT: what is wrong with the file). */
ar_gazetteer *ar_gaz_open(const char *path, int verify, ar_error *err);

/* Build the same gazetteer from an in-memory copy of a file (used by tests
 * and fuzzers; the data is copied). */
ar_gazetteer *ar_gaz_from_memory(const void *data, size_t len, int verify, ar_error *err);

/* Statistics. */
typedef struct ar_gaz_stats {
    size_t entries, tokens, nodes, edges, fuzzy_keys, types;
    size_t bytes;        /* size of the compiled tables (the file body) */
    int mapped;          /* 1 if opened from a file (files up to 16 MB are
                            read into memory, larger ones mapped with mmap) */
    int fuzzy;           /* 1 if the fuzzy index is present */
} ar_gaz_stats;
void ar_gaz_stats_get(const ar_gazetteer *g, ar_gaz_stats *st);
const ar_norm_options *ar_gaz_norm_options(const ar_gazetteer *g);

/* One entry's fields (pointers into the gazetteer, valid while it lives). */
typedef struct ar_gaz_info {
    const char *name, *type, *id, *canonical;
    size_t name_len, type_len, id_len, canonical_len;
    unsigned flags;
    int priority;
} ar_gaz_info;
int ar_gaz_entry_info(const ar_gazetteer *g, uint32_t entry, ar_gaz_info *info);
/* The i-th of the gazetteer's distinct entry types (0 .. stats.types - 1):
 * AR_OK, or AR_EARG past the last one. The string is the gazetteer's. */
int ar_gaz_type_at(const ar_gazetteer *g, size_t i, const char **name, size_t *len);
/* The i-th attribute of an entry: AR_OK, or AR_EARG past the last one. */
int ar_gaz_entry_attr(const ar_gazetteer *g, uint32_t entry, size_t i, const char **key,
                      size_t *klen, const char **val, size_t *vlen);

/* Calibration's lever on every entry whose normalized name is `name`:
 * AR_CAL_DEMOTE (needs context from now on), AR_CAL_TRUST (reliable: a
 * common-word name needs no context), AR_CAL_RESET (as compiled). Sets
 * *changed (may be NULL) to the number of entries changed and returns AR_OK,
 * or AR_ENOMEM (nothing changed), AR_EARG. Not thread-safe with matching. */
enum { AR_CAL_RESET = 0, AR_CAL_DEMOTE = 1, AR_CAL_TRUST = 2 };
int ar_gaz_demote(ar_gazetteer *g, const char *name, size_t len, int verdict, size_t *changed);

/* Matching. */
enum {
    AR_GM_OVERLAP = 1u << 0,    /* every candidate, not leftmost-longest */
    AR_GM_NO_CLITICS = 1u << 1, /* whole tokens only, no proclitic stripping */
    AR_GM_FUZZY = 1u << 2,      /* tokens of 5+ letters within edit distance 1 */
    AR_GM_NO_CONTEXT = 1u << 3, /* ignore needs_context/demoted restrictions */
    AR_GM_EXTEND = 1u << 4      /* extend a person's match over the rest of
                                   the name (words of PER entries, بن أبو آل) */
};

/* The match flags by name ("overlap", "no_clitics", "fuzzy", "no_context",
 * "extend"), for front ends: an array ended by a NULL name. Static. */
const ar_flag_name *ar_gaz_match_flag_names(void);

/* ar_gaz_match.flags */
enum { AR_MATCH_EXTENDED = 1u << 1 };

typedef struct ar_gaz_match_opts {
    unsigned flags;               /* AR_GM_* */
    const char *const *types;     /* only these types (NULL: all) */
    size_t ntypes;
    const char *const *ids;       /* only these ids (NULL: all) */
    size_t nids;
    const struct ar_names *lexicon; /* optional: common words for the
                                       homograph rules (see ar_names) */
} ar_gaz_match_opts;

typedef struct ar_gaz_match {
    size_t start, end;         /* the name in the source text, after the clitic */
    size_t token_start;        /* start of the whole token, clitic included */
    uint32_t entry;            /* for ar_gaz_entry_info */
    uint8_t fuzzy;             /* edit distance used (0 = exact) */
    uint8_t flags;             /* AR_MATCH_* */
} ar_gaz_match;

/* Matches and scratch space, owned by one thread at a time; reuse it. */
typedef struct ar_gaz_result ar_gaz_result;
ar_gaz_result *ar_gaz_result_new(void);
void ar_gaz_result_free(ar_gaz_result *r);
size_t ar_gaz_result_count(const ar_gaz_result *r);
const ar_gaz_match *ar_gaz_result_get(const ar_gaz_result *r, size_t i);

/* Find entries in text[0..len) (offsets in the text as given). */
int ar_gaz_match_text(const ar_gazetteer *g, const char *text, size_t len,
                      const ar_gaz_match_opts *opts, ar_gaz_result *r);

/* The same matches one at a time, in text order, for a text of any size:
 * the text is matched a chunk (64 KiB, up to a blank line) at a time, so
 * memory does not grow with it (the ids of matches that need no context
 * excepted: a match that needs context is kept when its id is found
 * elsewhere in the text, and one such match with an id not seen yet makes
 * the cursor match the rest of the text once ahead for its ids). The text
 * and opts (and the arrays opts points to) must outlive the cursor.
 * ar_gaz_cursor_next returns 1 and the next match, 0 at the end, or an
 * error code. One thread at a time. */
typedef struct ar_gaz_cursor ar_gaz_cursor;
ar_gaz_cursor *ar_gaz_cursor_new(const ar_gazetteer *g, const char *text, size_t len, const ar_gaz_match_opts *o,
                                 int *err);
int ar_gaz_cursor_next(ar_gaz_cursor *c, ar_gaz_match *m);
void ar_gaz_cursor_free(ar_gaz_cursor *c);
/* The chunk size in bytes (64 KiB; tests make it small), before the first
 * ar_gaz_cursor_next. */
int ar_gaz_cursor_chunk(ar_gaz_cursor *c, size_t bytes);

/* ------------------------------------------------------------------ names
 *
 * Names nobody listed (names.c): persons and organizations recognized from
 * their context, with a lexicon of word classes (given names, titles,
 * speech verbs, name particles, organization head nouns, common words).
 * A lexicon is built once (add words, then share it read-only between
 * threads); a result is per thread, like ar_gaz_result. */
enum {
    AR_NAME_GIVEN = 1u << 0,         /* a given name (محمد، جورج، فاطمة) */
    AR_NAME_PARTICLE = 1u << 1,      /* inside names only (دي، فان، بن) */
    AR_NAME_PARTICLE_START = 1u << 2,/* may start a name (أبو، عبد، آل، ابن) */
    AR_NAME_TITLE = 1u << 3,         /* a role or title before a name (الرئيس) */
    AR_NAME_SPEECH = 1u << 4,        /* a speech verb before a name (قال) */
    AR_NAME_COMMON = 1u << 5,        /* a frequent word, mostly not a name */
    AR_NAME_STOP = 1u << 6,          /* never part of a name (function words) */
    AR_NAME_ORG_HEAD = 1u << 7,      /* an organization's head noun (وزارة، شركة) */
    AR_NAME_ORG_HEAD_IN = 1u << 8,   /* ... that stays in the name before a proper name (حزب) */
    AR_NAME_HOMOGRAPH = 1u << 9,     /* a place name that is also a word (صور، جدة) */
    AR_NAME_LOC_CUE = 1u << 10,      /* a word before a place name (أمير قطر) */
    AR_NAME_HOMOGRAPH_STRONG = 1u << 11,/* ... whose word reading is the usual
                                       one: a preposition is no evidence */
    AR_NAME_ORG_QUOTE = 1u << 12,    /* a head noun followed only by a quoted
                                       name (وزارة « ... ») */
    AR_NAME_ORDINAL = 1u << 13,      /* a regnal number that ends a name
                                       (عبد الله الثاني) */
    AR_NAME_MISC = 1u << 14,         /* a word that is a MISC entity by itself:
                                       a currency, a religion, a scripture,
                                       a prize (دولار، الإسلام، نوبل) */
    AR_NAME_CLUB = 1u << 15,         /* a word that makes a city next to it a
                                       sports club (ريال مدريد، مانشستر يونايتد) */
    AR_NAME_HAMZA_OK = 1u << 16      /* a given name that is written with a hamza
                                       on alef inside it (مأمون): without this
                                       class such a spelling is no given name
                                       (تأمر "you order" folds to تامر) */
};

typedef struct ar_names ar_names;
/* A new, empty lexicon (words and texts normalized with the "search"
 * preset). NULL and *err on failure. */
ar_names *ar_names_new(int *err);
void ar_names_free(ar_names *nm);
/* Add classes (AR_NAME_*) to one word (normalized here; classes of a word
 * added twice are or-ed). AR_EVALUE for an empty or multi-token word. */
int ar_names_add(ar_names *nm, const char *word, size_t len, unsigned classes);
/* Classes of a word as written (normalized here), 0 when unknown. */
unsigned ar_names_classes(const ar_names *nm, const char *word, size_t len);
size_t ar_names_count(const ar_names *nm);

/* ar_names_match flags */
enum {
    AR_NM_NO_PER = 1u << 0,    /* no persons */
    AR_NM_NO_ORG = 1u << 1,    /* no organizations */
    AR_NM_NO_COREF = 1u << 2,  /* no later mentions by surname */
    AR_NM_NO_MISC = 1u << 3    /* no MISC words */
};

typedef struct ar_name_match {
    size_t start, end;        /* the name in the source text, after a clitic */
    size_t token_start;       /* start of the whole token, clitic included */
    const char *type;         /* "PER", "ORG" or "MISC" (static) */
    const char *id;           /* the normalized full name: every mention of
                                 one person shares it (points into the result) */
    size_t id_len;
    size_t gaz;               /* for a mention of a gazetteer person by
                                 surname: that gazetteer match, else SIZE_MAX */
    int coref;                /* 1: found as a mention of a name found elsewhere */
    const char *rule;         /* what found it: "title", "verb", "given",
                                 "particle", "head", "quoted", "mention",
                                 "word" (a MISC word),
                                 "extended" (a gazetteer person's match made
                                 longer; gaz is that match) */
} ar_name_match;

typedef struct ar_names_result ar_names_result;
ar_names_result *ar_names_result_new(void);
void ar_names_result_free(ar_names_result *r);
size_t ar_names_result_count(const ar_names_result *r);
const ar_name_match *ar_names_result_get(const ar_names_result *r, size_t i);
/* 1 when gazetteer match i (of the ar_gaz_result given to ar_names_match)
 * lies inside a name found from context and should be left out
 * (جامعة [القاهرة] is one organization). */
int ar_names_result_drops(const ar_names_result *r, size_t i);

/* Recognize names in text[0..len). g and gr (both optional): a gazetteer
 * and its matches in the same text; names are not found inside them, a
 * gazetteer place can be part of an organization's name, and gazetteer
 * persons are found again by surname. */
int ar_names_match(const ar_names *nm, const char *text, size_t len, const ar_gazetteer *g,
                   const ar_gaz_result *gr, unsigned flags, ar_names_result *r);

/* --------------------------------------------------------------- regex */

/* PCRE2 patterns, always in UTF + UCP mode (\w, \d, \b know Arabic),
 * JIT-compiled when possible. Subjects may hold invalid UTF-8: matching
 * goes around it. */
enum {
    AR_RE_CASELESS = 1u << 0,
    AR_RE_MULTILINE = 1u << 1,
    AR_RE_DOTALL = 1u << 2,
    AR_RE_EXTENDED = 1u << 3,
    AR_RE_ANCHORED = 1u << 4,
    AR_RE_NO_JIT = 1u << 5,
    AR_RE_AT = 1u << 6 /* may be run by ar_regex_exec_at */
};

/* The flags by the letters front ends use (lrexlib's): "i" caseless, "m"
 * multiline, "s" dotall, "x" extended, "A" anchored, "J" no JIT (AR_RE_AT
 * has no letter: the binding's internal use); an array ended by a NULL
 * name. Static. */
const ar_flag_name *ar_regex_flag_names(void);

typedef struct ar_regex ar_regex;
typedef struct ar_regex_match ar_regex_match;

/* Compile a pattern. On a syntax error returns NULL with err->code =
 * AR_EVALUE, PCRE2's message and err->offset, the byte of the pattern where
 * it went wrong. Shareable. */
ar_regex *ar_regex_new(const char *pattern, size_t len, unsigned flags, ar_error *err);
void ar_regex_free(ar_regex *re);
size_t ar_regex_groups(const ar_regex *re);   /* capture groups */
int ar_regex_jit(const ar_regex *re);          /* 1 if JIT-compiled */
/* The i-th named group: its name (static while re lives) and number. */
int ar_regex_name(const ar_regex *re, size_t i, const char **name, size_t *group);

/* Match state for one thread; limits 0 = defaults (10M steps, depth 100k). */
ar_regex_match *ar_regex_match_new(const ar_regex *re, size_t match_limit, size_t depth_limit);
void ar_regex_match_free(ar_regex_match *m);
/* Search s[0..len) from byte start: 1 found, 0 none, AR_ELIMIT when the
 * limits stopped it, another negative code on error. */
int ar_regex_exec(ar_regex_match *m, const char *s, size_t len, size_t start);
/* Group i of the last match (0 = the whole match): 1 and the byte range,
 * 0 when the group did not take part. */
int ar_regex_group(const ar_regex_match *m, size_t i, size_t *start, size_t *end);
/* The groups of the last match at once: the number of pairs set (group 0
 * first; 0 when the last exec found nothing) and in *ov their offsets, two
 * a group, (size_t)-1 for a group that took no part. Valid until the next
 * exec with m. */
size_t ar_regex_pairs(const ar_regex_match *m, const size_t **ov);

/* ------------------------------------------------------- trigger words */

/* Where an extractor's patterns can start (triggers.c): the positions of a
 * text that may be word starts -- not after a letter, digit or mark, as
 * PCRE2's (?<![\p{L}\p{N}\p{M}]) sees it; the scan reports too many
 * rather than too few -- and that begin, directly or after one of the
 * optional proclitics, with a trigger prefix or an ASCII digit. Each prefix
 * carries class bits (say, which patterns it can start); a hit is a
 * position with the union of the classes found there. A set is built
 * once, then shared (read-only) by any number of threads. */
typedef struct ar_triggers ar_triggers;
enum {
    AR_TRIG_DIGIT_AFTER = 1u << 0, /* the prefix counts only before white space and an ASCII digit */
    AR_TRIG_WORD_END = 1u << 1     /* ... only when no letter, mark or non-ASCII digit follows it */
};
ar_triggers *ar_triggers_new(int *err);
void ar_triggers_free(ar_triggers *t);
int ar_triggers_add(ar_triggers *t, const char *prefix, size_t len, uint32_t classes, unsigned flags);
int ar_triggers_digits(ar_triggers *t, uint32_t classes);          /* a word that starts with 0-9 */
int ar_triggers_clitic(ar_triggers *t, const char *clitic, size_t len); /* at most 16, 16 bytes each */
/* A word that starts with minrun to maxrun ASCII digits, then (after white
 * space when space is not 0) one of the alternatives of follow, flen bytes
 * "a|b|c" (flen 0: anything; at most 63): at most 16 rules. */
int ar_triggers_digit_run(ar_triggers *t, uint32_t classes, size_t minrun, size_t maxrun, const char *follow,
                          size_t flen, int space);

typedef struct ar_trigger_hit {
    size_t pos;       /* byte offset */
    uint32_t classes;
} ar_trigger_hit;
/* A growable list of hits in text order, owned by the caller: zero it,
 * release it with ar_trigger_hits_free(). */
typedef struct ar_trigger_hits {
    ar_trigger_hit *v;
    size_t n, cap;
} ar_trigger_hits;
void ar_trigger_hits_free(ar_trigger_hits *h);
int ar_triggers_scan(const ar_triggers *t, const char *text, size_t len, ar_trigger_hits *out);
/* The classes of the entry (or a clitic and an entry) that is exactly
 * word, 0 when none is. */
uint32_t ar_triggers_word(const ar_triggers *t, const char *word, size_t len);

/* ar_regex_exec restricted to the hits that have a class in mask: the
 * leftmost match that starts at such a hit in [start, stop) (the pattern
 * tried only there, from each hit with PCRE2's offset limit; the match
 * may end after stop). The same as ar_regex_exec when every place the
 * pattern can match is such a hit. The pattern must have been compiled
 * with AR_RE_AT (AR_EARG otherwise). */
int ar_regex_exec_at(ar_regex_match *m, const char *s, size_t len, size_t start, size_t stop,
                     const ar_trigger_hits *h, uint32_t mask);

/* ------------------------------------------------------------ sentences */

/* A byte range [start, end). */
typedef struct ar_span {
    size_t start, end;
} ar_span;

/* A growable list of spans, owned by the caller: zero-initialise it and
 * release it with ar_spans_free(). */
typedef struct ar_spans {
    ar_span *v;
    size_t n, cap;
} ar_spans;
void ar_spans_free(ar_spans *sp);

/* A set of abbreviations ("د.", "ق.م.", "U.S."): a period after one does
 * not end a sentence. Keys are compared after "search" normalization (so
 * هـ. and ه., U.S. and u.s. are one key). The caller owns it; shareable by
 * threads once filled. */
typedef struct ar_abbrevs ar_abbrevs;
ar_abbrevs *ar_abbrevs_new(int *err);
void ar_abbrevs_free(ar_abbrevs *a);
/* Add one (the final period is added when missing). */
int ar_abbrevs_add(ar_abbrevs *a, const char *s, size_t len);
/* Add every line of a file: one abbreviation a line, '#' comments, blank
 * lines skipped; text after white space on a line is a comment. AR_EIO when
 * the file cannot be read; on a bad line err->line says where. */
int ar_abbrevs_load(ar_abbrevs *a, const char *path, ar_error *err);
size_t ar_abbrevs_count(const ar_abbrevs *a);

enum { AR_SENT_LINES = 0, AR_SENT_WRAPPED = 1, AR_SENT_AUTO = 2 };

typedef struct ar_sent_opts {
    int mode;                    /* AR_SENT_*: what a single newline means */
    const ar_abbrevs *abbrevs;   /* may be NULL */
    size_t wrap_width;           /* AUTO: the wrap width in characters if
                                    known (0: detect it from the text) */
} ar_sent_opts;

/* The wrap width (characters) of hard-wrapped text, or 0 when the text
 * does not look hard-wrapped (what AUTO mode detects). */
size_t ar_wrap_width(const char *text, size_t len);

/* Sentence spans of text[0..len) into out (replacing its contents); each
 * span runs from the first to the last non-space character of a sentence,
 * closing quotes and brackets included. o may be NULL (lines mode, no
 * abbreviations). */
int ar_sentences(const char *text, size_t len, const ar_sent_opts *o, ar_spans *out);

/* ------------------------------------------------------ character classes */

/* Coarse classes used by the tokenizer and the sentence splitter. */
enum {
    AR_C_OTHER = 0,
    AR_C_SPACE,        /* horizontal white space */
    AR_C_NEWLINE,      /* LF, CR, VT, FF, NEL, LS, PS */
    AR_C_ARABIC,       /* Arabic-script letter (incl. tatweel) */
    AR_C_LETTER,       /* other-script letter (Latin, Greek, ...) */
    AR_C_MARK,         /* combining mark */
    AR_C_DIGIT,        /* decimal digit of any set */
    AR_C_PUNCT,
    AR_C_SYMBOL,
    AR_C_JOINER,       /* ZWNJ, ZWJ: inside words */
    AR_C_FORMAT        /* other invisible format characters (bidi marks...) */
};

/* Class of a code point (any value; invalid ones are AR_C_OTHER). */
int ar_char_class(int32_t cp);
/* 1 if cp is a Latin-script letter. */
int ar_char_is_latin(int32_t cp);
/* Decimal value 0-9 of a digit of any script, or -1. */
int ar_char_digit(int32_t cp);

/* Decode one UTF-8 character at s[0..len): returns its length (1-4) and
 * stores the code point in *cp, or returns the length of the maximal invalid
 * subsequence (>= 1) and stores -1. len must be > 0. */
size_t ar_utf8_decode(const char *s, size_t len, int32_t *cp);

/* Is s[0..len) text: valid UTF-8 (as the strict normalizer reads it) with
 * no NUL byte? AR_OK, or AR_TEXT_NUL / AR_TEXT_INVALID with *at (when not
 * NULL) the byte offset of the first NUL or invalid sequence, whichever
 * comes first. */
enum { AR_TEXT_NUL = 1, AR_TEXT_INVALID = 2 };
int ar_text_check(const char *s, size_t len, size_t *at);

/* ------------------------------------------------------- transliteration */

/* Schemes (ar_translit_scheme() lists them):
 *   reversible, both directions, round trip exact for any valid UTF-8:
 *     "buckwalter", "safe-buckwalter", "xml-buckwalter", "hsb"
 *   display (romanization, Arabic -> Latin only):
 *     "ala-lc", "din" (DIN 31635), "ijmes"
 *
 * The reversible schemes write the published symbol of every character in
 * their table. Any other character is copied, except the characters the
 * scheme uses as symbols (Latin letters, $ * ' ... ; θ ħ ... in HSB) and the
 * escape character (a backslash), which are written after a backslash:
 * "CNN" is "C<bs>N<bs>N" in Buckwalter (N is tanween), a backslash is two.
 * The reverse direction turns symbols back into Arabic, <bs>X into X, and
 * copies everything else; a backslash before a character that needs no
 * escape (or at the end) is kept as it is and counted in stats->malformed.
 *
 * Display schemes romanize vocalized text by the standard's rules (pausal
 * forms: case endings and nunation dropped except -an; ة as h/a, or t before
 * a definite word; the article al- with its prefixes; long vowels,
 * diphthongs, shadda). A word written without vowels gets its consonants
 * and the long vowels its letters show, and counts in stats->approximate.
 * Text that is not Arabic is copied; Arabic-Indic digits become 0-9 and
 * ، ؛ ؟ become , ; ?. */
enum {
    AR_TL_REVERSE = 1u << 0,  /* scheme -> Arabic (reversible schemes only) */
    AR_TL_STRICT = 1u << 1    /* invalid UTF-8 is an error (AR_EUTF8) instead
                                 of one U+FFFD per invalid sequence */
};

typedef struct ar_translit ar_translit;

typedef struct ar_translit_info {
    const char *name;          /* "buckwalter" ... (static) */
    const char *description;   /* one line of English (static) */
    int reversible;            /* 1: AR_TL_REVERSE allowed, lossless */
} ar_translit_info;

/* The i-th scheme: AR_OK, or AR_EARG past the last one. */
int ar_translit_scheme(size_t i, ar_translit_info *info);

/* Compile a transliterator for a scheme name and AR_TL_* flags. Returns
 * NULL on failure with err filled (may be NULL): AR_EVALUE for an unknown
 * scheme or AR_TL_REVERSE with a display scheme (the message names the
 * problem and the valid schemes), AR_EARG for a NULL scheme or unknown
 * flags, AR_ENOMEM. The caller owns the result (ar_translit_free); it is
 * immutable and may be shared by threads. */
ar_translit *ar_translit_new(const char *scheme, unsigned flags, ar_error *err);
void ar_translit_free(ar_translit *t);
/* The scheme and flags it was compiled with. */
int ar_translit_get_info(const ar_translit *t, ar_translit_info *info, unsigned *flags);

typedef struct ar_translit_stats {
    size_t invalid;         /* invalid UTF-8 sequences replaced by U+FFFD */
    size_t first_invalid;   /* byte offset of the first one (if invalid > 0) */
    size_t malformed;       /* reverse: escape characters kept as they are */
    size_t first_malformed; /* byte offset of the first one (if malformed > 0) */
    size_t words;           /* display: Arabic words romanized */
    size_t approximate;     /* display: of them, words written without vowels */
} ar_translit_stats;

/* Transliterate src[0..len) into out (out->len is set, out->data is
 * NUL-terminated). If map is not NULL it receives the offset map, as for
 * ar_normalize (inputs up to 2 GiB; AR_ETOOBIG above): each output unit
 * traces back to the source characters it came from (a display scheme's
 * "al-" to the ال it romanizes, a letter with its vowels to the letter and
 * its marks). stats may be NULL. In strict mode invalid UTF-8 returns
 * AR_EUTF8 with stats->first_invalid. */
int ar_translit_run(const ar_translit *t, const char *src, size_t len, ar_buf *out,
                    ar_map *map, ar_translit_stats *stats);

/* Worst-case output size for len input bytes in any scheme (3 bytes a
 * byte: an invalid byte becomes U+FFFD). Saturates at SIZE_MAX. */
size_t ar_translit_bound(size_t len);

/* Caller-buffer variant: writes at most cap bytes into dst (no NUL added)
 * and *outlen. Returns AR_ESPACE with *outlen set to the needed size when
 * cap is short (nothing useful in dst then). map and stats may be NULL.
 * With cap >= ar_translit_bound(len) the output goes straight into dst;
 * otherwise into a temporary buffer first. */
int ar_translit_into(const ar_translit *t, const char *src, size_t len, char *dst, size_t cap,
                     size_t *outlen, ar_map *map, ar_translit_stats *stats);

/* ------------------------------------------------------- corpus tools */

/* Stemming algorithms (stem.c). */
enum {
    AR_STEM_LIGHT10 = 1, /* Larkey's light10, as Lucene's ArabicStemmer applies it */
    AR_STEM_ISRI = 2     /* Taghva et al.'s ISRI root stemmer, as NLTK's ISRIStemmer
                            applies it (without NLTK's stop-word exemption) */
};
/* ISRI leaves words of more characters than this as they are. */
#define AR_STEM_MAX_CHARS 64

/* The algorithm called name ("light10", "isri"), or 0. */
int ar_stem_algorithm(const char *name);
/* The name of an algorithm (static string), or NULL. */
const char *ar_stem_algorithm_name(int algorithm);
/* Stem one word (UTF-8, normalized as the algorithm expects). The stem is
 * never longer than the word: out must have room for len bytes and must not
 * overlap word. *out_len receives the stem's length. AR_OK, or AR_EARG for
 * an unknown algorithm or NULL pointers. */
int ar_stem(int algorithm, const char *word, size_t len, char *out, size_t *out_len);

/* The gazetteer's built-in common words (function words and very frequent
 * words; lists.c, words.c), NULL-terminated, in ordinary spelling. Static. */
const char *const *ar_common_words(void);

/* MinHash of word shingles (minhash.c). */
#define AR_MINHASH_MAX_HASHES 512
#define AR_MINHASH_MAX_SHINGLE 16
/* Signature of text's shingles of `shingle` consecutive words into sig
 * (nhash values, 1..AR_MINHASH_MAX_HASHES); a text with fewer words is one
 * shingle of them all; a text without words leaves every value UINT32_MAX.
 * *nwords (may be NULL) gets the number of words. The same text, shingle,
 * seed and nhash always give the same signature. AR_OK or AR_EARG. */
int ar_minhash(const char *text, size_t len, size_t shingle, uint64_t seed, uint32_t *sig,
               size_t nhash, size_t *nwords);
/* Share of equal values in two signatures of nhash values: an estimate of
 * the Jaccard similarity of the two texts' shingle sets. */
double ar_minhash_similarity(const uint32_t *x, const uint32_t *y, size_t nhash);

#ifdef __cplusplus
}
#endif
#endif /* ARABIC_H */
