/*
 * translit_tables.h — the data of the transliteration schemes (translit.c).
 *
 * Written for this project from the published tables:
 *   - Buckwalter, Safe Buckwalter, XML Buckwalter and Habash-Soudi-Buckwalter
 *     (HSB): the conversion table in CAMeL Tools' documentation
 *     ("Encoding Schemes"), which extends Tim Buckwalter's table with the
 *     four letters پ چ ڤ گ;
 *   - ALA-LC: the Library of Congress Arabic romanization table (2012) and
 *     its rules of application;
 *   - DIN 31635 (2011), the DMG transcription;
 *   - IJMES: the transliteration chart of the International Journal of
 *     Middle East Studies.
 * Only the tables live here; the rules that use them are in translit.c.
 */
#ifndef ARABIC_TRANSLIT_TABLES_H
#define ARABIC_TRANSLIT_TABLES_H

#include <stdint.h>

/* ------------------------------------------------------ reversible schemes */

/* Columns of tl_rev_table. */
enum { TL_BW, TL_SAFEBW, TL_XMLBW, TL_HSB, TL_NREV };

typedef struct tl_rev_row {
    uint16_t cp;                 /* the Arabic character */
    const char *sym[TL_NREV];    /* its symbol in each scheme (UTF-8) */
} tl_rev_row;

/* Every symbol is one character below U+0800 and every scheme is a
 * bijection between these characters and its symbols (translit.c checks
 * both when it compiles a scheme). */
static const tl_rev_row tl_rev_table[] = {
    /*          Buckwalter  Safe   XML    HSB */
    {0x0621, {"'", "C", "'", "'"}},      /* ء hamza */
    {0x0622, {"|", "M", "|", "Ā"}},      /* آ alef with madda */
    {0x0623, {">", "O", "O", "Â"}},      /* أ alef with hamza above */
    {0x0624, {"&", "W", "W", "ŵ"}},      /* ؤ waw with hamza */
    {0x0625, {"<", "I", "I", "Ă"}},      /* إ alef with hamza below */
    {0x0626, {"}", "Q", "}", "ŷ"}},      /* ئ yeh with hamza */
    {0x0627, {"A", "A", "A", "A"}},      /* ا alef */
    {0x0628, {"b", "b", "b", "b"}},      /* ب */
    {0x0629, {"p", "p", "p", "ħ"}},      /* ة teh marbuta */
    {0x062A, {"t", "t", "t", "t"}},      /* ت */
    {0x062B, {"v", "v", "v", "θ"}},      /* ث */
    {0x062C, {"j", "j", "j", "j"}},      /* ج */
    {0x062D, {"H", "H", "H", "H"}},      /* ح */
    {0x062E, {"x", "x", "x", "x"}},      /* خ */
    {0x062F, {"d", "d", "d", "d"}},      /* د */
    {0x0630, {"*", "V", "*", "ð"}},      /* ذ */
    {0x0631, {"r", "r", "r", "r"}},      /* ر */
    {0x0632, {"z", "z", "z", "z"}},      /* ز */
    {0x0633, {"s", "s", "s", "s"}},      /* س */
    {0x0634, {"$", "c", "$", "š"}},      /* ش */
    {0x0635, {"S", "S", "S", "S"}},      /* ص */
    {0x0636, {"D", "D", "D", "D"}},      /* ض */
    {0x0637, {"T", "T", "T", "T"}},      /* ط */
    {0x0638, {"Z", "Z", "Z", "Ď"}},      /* ظ */
    {0x0639, {"E", "E", "E", "ς"}},      /* ع */
    {0x063A, {"g", "g", "g", "γ"}},      /* غ */
    {0x0640, {"_", "_", "_", "_"}},      /* ـ tatweel */
    {0x0641, {"f", "f", "f", "f"}},      /* ف */
    {0x0642, {"q", "q", "q", "q"}},      /* ق */
    {0x0643, {"k", "k", "k", "k"}},      /* ك */
    {0x0644, {"l", "l", "l", "l"}},      /* ل */
    {0x0645, {"m", "m", "m", "m"}},      /* م */
    {0x0646, {"n", "n", "n", "n"}},      /* ن */
    {0x0647, {"h", "h", "h", "h"}},      /* ه */
    {0x0648, {"w", "w", "w", "w"}},      /* و */
    {0x0649, {"Y", "Y", "Y", "ý"}},      /* ى alef maksura */
    {0x064A, {"y", "y", "y", "y"}},      /* ي */
    {0x064B, {"F", "F", "F", "ã"}},      /* fathatan */
    {0x064C, {"N", "N", "N", "ũ"}},      /* dammatan */
    {0x064D, {"K", "K", "K", "ĩ"}},      /* kasratan */
    {0x064E, {"a", "a", "a", "a"}},      /* fatha */
    {0x064F, {"u", "u", "u", "u"}},      /* damma */
    {0x0650, {"i", "i", "i", "i"}},      /* kasra */
    {0x0651, {"~", "~", "~", "~"}},      /* shadda */
    {0x0652, {"o", "o", "o", "."}},      /* sukun */
    {0x0670, {"`", "e", "`", "á"}},      /* dagger (superscript) alef */
    {0x0671, {"{", "L", "{", "Ä"}},      /* ٱ alef wasla */
    {0x067E, {"P", "P", "P", "p"}},      /* پ peh */
    {0x0686, {"J", "J", "J", "c"}},      /* چ tcheh */
    {0x06A4, {"V", "B", "V", "v"}},      /* ڤ veh */
    {0x06AF, {"G", "G", "G", "g"}},      /* گ gaf */
};

/* The escape character of the reversible schemes: it is a symbol of none
 * of them. */
#define TL_ESCAPE '\\'

/* --------------------------------------------------------- display schemes */

enum { TL_ALA, TL_DIN, TL_IJMES, TL_NDISP };

/* Letter types: how a letter takes part in the rules of translit.c. */
enum {
    L_NONE = 0,   /* not a letter the display schemes know: copied */
    L_CONS,       /* a consonant: out[] is its romanization */
    L_ALEF,       /* ا */
    L_HAMZA_A,    /* أ */
    L_HAMZA_I,    /* إ */
    L_MADDA,      /* آ */
    L_WASLA,      /* ٱ */
    L_HAMZA,      /* ء */
    L_HAMZA_SEAT, /* ؤ ئ: hamza on a carrier */
    L_WAW,        /* و */
    L_YEH,        /* ي ی ے */
    L_MAKSURA,    /* ى */
    L_TEH,        /* ة ۃ */
    L_TATWEEL     /* ـ */
};

typedef struct tl_letter {
    uint8_t type;
    uint8_t sun;                 /* a "sun letter": DIN assimilates the article */
    const char *out[TL_NDISP];   /* consonant value in ALA-LC, DIN, IJMES */
} tl_letter;

#define CONS(a, d, i) {L_CONS, 0, {a, d, i}}
#define SUN(a, d, i) {L_CONS, 1, {a, d, i}}
#define TYPE(t) {t, 0, {0, 0, 0}}

/* U+0600..U+06FF, indexed by cp - 0x600. The letters for other languages
 * are those the ALA-LC table lists as "letters representing non-Arabic
 * consonants" (DIN and IJMES values from their Persian columns); the
 * Persian/Urdu forms of kaf, yeh and heh read as the Arabic letters. */
static const tl_letter tl_letters[256] = {
    [0x21] = TYPE(L_HAMZA),
    [0x22] = TYPE(L_MADDA),
    [0x23] = TYPE(L_HAMZA_A),
    [0x24] = TYPE(L_HAMZA_SEAT),
    [0x25] = TYPE(L_HAMZA_I),
    [0x26] = TYPE(L_HAMZA_SEAT),
    [0x27] = TYPE(L_ALEF),
    [0x28] = CONS("b", "b", "b"),
    [0x29] = TYPE(L_TEH),
    [0x2A] = SUN("t", "t", "t"),
    [0x2B] = SUN("th", "ṯ", "th"),
    [0x2C] = CONS("j", "ǧ", "j"),
    [0x2D] = CONS("ḥ", "ḥ", "ḥ"),
    [0x2E] = CONS("kh", "ḫ", "kh"),
    [0x2F] = SUN("d", "d", "d"),
    [0x30] = SUN("dh", "ḏ", "dh"),
    [0x31] = SUN("r", "r", "r"),
    [0x32] = SUN("z", "z", "z"),
    [0x33] = SUN("s", "s", "s"),
    [0x34] = SUN("sh", "š", "sh"),
    [0x35] = SUN("ṣ", "ṣ", "ṣ"),
    [0x36] = SUN("ḍ", "ḍ", "ḍ"),
    [0x37] = SUN("ṭ", "ṭ", "ṭ"),
    [0x38] = SUN("ẓ", "ẓ", "ẓ"),
    [0x39] = CONS("ʻ", "ʿ", "ʿ"),
    [0x3A] = CONS("gh", "ġ", "gh"),
    [0x40] = TYPE(L_TATWEEL),
    [0x41] = CONS("f", "f", "f"),
    [0x42] = CONS("q", "q", "q"),
    [0x43] = CONS("k", "k", "k"),
    [0x44] = SUN("l", "l", "l"),
    [0x45] = CONS("m", "m", "m"),
    [0x46] = SUN("n", "n", "n"),
    [0x47] = CONS("h", "h", "h"),
    [0x48] = TYPE(L_WAW),
    [0x49] = TYPE(L_MAKSURA),
    [0x4A] = TYPE(L_YEH),
    [0x71] = TYPE(L_WASLA),
    [0x7E] = CONS("p", "p", "p"),      /* پ */
    [0x86] = CONS("ch", "č", "ch"),    /* چ */
    [0x98] = CONS("zh", "ž", "zh"),    /* ژ */
    [0xA2] = CONS("f", "f", "f"),      /* ڢ Maghribi feh */
    [0xA4] = CONS("v", "v", "v"),      /* ڤ */
    [0xA5] = CONS("v", "v", "v"),      /* ڥ */
    [0xA7] = CONS("q", "q", "q"),      /* ڧ Maghribi qaf */
    [0xA9] = CONS("k", "k", "k"),      /* ک keheh */
    [0xAF] = CONS("g", "g", "g"),      /* گ */
    [0xBE] = CONS("h", "h", "h"),      /* ھ heh doachashmee */
    [0xC1] = CONS("h", "h", "h"),      /* ہ heh goal */
    [0xC3] = TYPE(L_TEH),              /* ۃ teh marbuta goal */
    [0xCB] = CONS("v", "v", "v"),      /* ۋ */
    [0xCC] = TYPE(L_YEH),              /* ی farsi yeh */
    [0xD2] = TYPE(L_YEH),              /* ے yeh barree */
};

#undef CONS
#undef SUN
#undef TYPE

/* What differs between the display schemes beyond the letters. */
typedef struct tl_display {
    const char *hamza;         /* ʼ (ALA-LC) or ʾ */
    const char *maksura;       /* ى: á (ALA-LC) or ā */
    const char *dip_w, *dip_y; /* second half of the diphthongs aw/ay (au/ai in DIN) */
    const char *dip_ww, *dip_yy;   /* the same with shadda: aww, ayy (auw, aiy) */
    const char *iyy_mid, *iyy_fin; /* kasra + يّ inside / at the end of a word */
    const char *uww_mid, *uww_fin; /* damma + وّ inside / at the end of a word */
    const char *teh_pausal;        /* ة after a short vowel, pausal: h or nothing */
    const char *teh_alef;          /* ة after ا, pausal */
    const char *prime;             /* between two letters that would read as a digraph */
    uint8_t assimilate;            /* article assimilates to sun letters (aš-šams) */
    uint8_t elide_after_prefix;    /* wa-l-, li-l- instead of wa-al-, lil- */
    uint8_t elide_after_vowel;     /* Abū l-Ḥasan: the article after a word ending in a vowel */
} tl_display;

static const tl_display tl_displays[TL_NDISP] = {
    /* ALA-LC: rules 1(c), 6(a), 7, 8, 11, 17, 19, 21 of the LC table */
    {"ʼ", "á", "w", "y", "ww", "yy", "īy", "ī", "ūw", "ūw", "h", "h", "ʹ", 0, 0, 0},
    /* DIN 31635 */
    {"ʾ", "ā", "u", "i", "uw", "iy", "īy", "ī", "uww", "uww", "", "h", 0, 1, 1, 1},
    /* IJMES */
    {"ʾ", "ā", "w", "y", "ww", "yy", "iyy", "ī", "uww", "ū", "", "t", 0, 0, 1, 0},
};

/* Words the rules cannot read from their letters (a silent or a defective
 * spelling, or a reading the standards fix), keyed by their letters without
 * marks (ٱ read as ا). Found whatever vowels the text writes on them. */
typedef struct tl_lexeme {
    const char *key;
    const char *out[TL_NDISP];
} tl_lexeme;

static const tl_lexeme tl_lexicon[] = {
    {"الله", {"Allāh", "Allāh", "Allāh"}},
    {"لله", {"lillāh", "li-llāh", "lillāh"}},
    {"بالله", {"billāh", "bi-llāh", "billāh"}},
    {"والله", {"wa-Allāh", "wa-llāh", "wa-llāh"}},
    {"تالله", {"tallāh", "ta-llāh", "tallāh"}},
    {"اللهم", {"Allāhumma", "Allāhumma", "Allāhumma"}},
    {"الرحمن", {"al-Raḥmān", "ar-Raḥmān", "al-Raḥmān"}},
    {"إله", {"ilāh", "ilāh", "ilāh"}},
    {"الذي", {"alladhī", "allaḏī", "alladhī"}},
    {"التي", {"allatī", "allatī", "allatī"}},
    {"الذين", {"alladhīna", "allaḏīna", "alladhīna"}},
    {"اللذان", {"alladhāni", "allaḏāni", "alladhāni"}},
    {"اللتان", {"allatāni", "allatāni", "allatāni"}},
    {"اللاتي", {"allātī", "allātī", "allātī"}},
    {"هذا", {"hādhā", "hāḏā", "hādhā"}},
    {"هذه", {"hādhihi", "hāḏihi", "hādhihi"}},
    {"هذان", {"hādhāni", "hāḏāni", "hādhāni"}},
    {"ذلك", {"dhālika", "ḏālika", "dhālika"}},
    {"كذلك", {"kadhālika", "kaḏālika", "kadhālika"}},
    {"هكذا", {"hākadhā", "hākaḏā", "hākadhā"}},
    {"لكن", {"lākin", "lākin", "lākin"}},
    {"هؤلاء", {"hāʼulāʼ", "hāʾulāʾ", "hāʾulāʾ"}},
    {"أولئك", {"ulāʼika", "ulāʾika", "ulāʾika"}},
    {"أولو", {"ulū", "ulū", "ulū"}},
    {"مائة", {"miʼah", "miʾa", "miʾa"}},
    {"عمرو", {"ʻAmr", "ʿAmr", "ʿAmr"}},
    {"طه", {"Ṭāhā", "Ṭāhā", "Ṭāhā"}},
    {"و", {"wa", "wa", "wa"}},
    {"في", {"fī", "fī", "fī"}},
    {"فى", {"fī", "fī", "fī"}},
    {"على", {"ʻalá", "ʿalā", "ʿalā"}},
    {"إلى", {"ilá", "ilā", "ilā"}},
    {"حتى", {"ḥattá", "ḥattā", "ḥattā"}},
    {"عن", {"ʻan", "ʿan", "ʿan"}},
    {"مع", {"maʻa", "maʿa", "maʿa"}},
    {"ابن", {"ibn", "ibn", "ibn"}},
    {"بن", {"bin", "bin", "bin"}},
    {"بنت", {"bint", "bint", "bint"}},
    {"أبو", {"abū", "abū", "abū"}},
    {"أبي", {"abī", "abī", "abī"}},
    {"ذو", {"dhū", "ḏū", "dhū"}},
    {"ذي", {"dhī", "ḏī", "dhī"}},
    {"ذات", {"dhāt", "ḏāt", "dhāt"}},
    /* pronouns of two letters keep their final vowel, also after a
     * prefix (wa-huwa, fa-hiya) */
    {"هو", {"huwa", "huwa", "huwa"}},
    {"هي", {"hiya", "hiya", "hiya"}},
    {"وراء", {"warāʼa", "warāʾa", "warāʾa"}},
    /* particles of two letters, so that they read the same after و ف
     * (wa-lā, fa-qad) and without their vowels */
    {"ما", {"mā", "mā", "mā"}},
    {"لا", {"lā", "lā", "lā"}},
    {"لم", {"lam", "lam", "lam"}},
    {"لن", {"lan", "lan", "lan"}},
    {"قد", {"qad", "qad", "qad"}},
    {"لو", {"law", "lau", "law"}},
    {"بل", {"bal", "bal", "bal"}},
};

#endif
