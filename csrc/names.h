/*
 * names.h — what the gazetteer matcher asks of a names lexicon (names.c).
 * Not installed.
 */
#ifndef ARABIC_NAMES_H
#define ARABIC_NAMES_H

#include "internal.h"

/* AR_NAME_* classes of an already normalized word ("search" preset), 0
 * when unknown or when nm is NULL. */
unsigned ar__names_lookup(const ar_names *nm, const unsigned char *s, size_t len);

/* A number that changes whenever ar_names_add changes nm: what was looked
 * up in nm before holds while it stays the same. */
uint64_t ar__names_version(const ar_names *nm);

/* The normalized text, its offset map and its tokens from the last
 * ar_gaz_match_text(g, ...) into r, when g normalizes with exactly the
 * options o and r holds a text of src_len bytes: the names recognizer
 * then reads them instead of normalizing and tokenizing the text again.
 * 0 when they cannot be shared. *lexcls: the classes in nm of each whole
 * token (ar__names_lookup), 0xFFFFFFFF where matching did not look, when
 * matching used the lexicon nm as it still is; else NULL. */
int ar__gaz_result_text(const ar_gazetteer *g, const ar_gaz_result *r, const ar_norm_options *o, size_t src_len,
                        const char **norm, size_t *norm_len, const ar_map **map, const ar_token **tok,
                        size_t *ntok, const ar_names *nm, const uint32_t **lexcls);

#endif
