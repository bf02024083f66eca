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

#endif
