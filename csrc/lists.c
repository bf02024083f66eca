/*
 * lists.c — the built-in word lists, read-only, for callers outside the
 * gazetteer (arabic.stopwords() exposes the common-word list from here, so
 * there is one list, not a copy).
 */
#include "gaz.h"

const char *const *ar_common_words(void) { return ar__common_words; }
