/*
 * offmap.h — the offset map's layout, shared by offmap.c and normalize.c.
 */
#ifndef ARABIC_OFFMAP_H
#define ARABIC_OFFMAP_H

#include "internal.h"

/* A breakpoint: from here on, source offset s corresponds to output offset
 * o & 0x7FFFFFFF; the top bit of o marks the segment that starts here as
 * atomic (see offmap.c). Offsets are 32-bit: maps cover inputs < 2 GiB. */
struct ar__anchor {
    uint32_t s, o;
};

struct ar_map {
    struct ar__anchor *a;
    size_t n, cap;
    size_t slen, olen;
    int failed;
};

#define AR__MAP_MAX 0x7FFFFFFFu

void ar__map_reset(ar_map *m);
/* Record that source [s0, s1) produced output [o0, o1) as one unit. */
int ar__map_unit(ar_map *m, size_t s0, size_t o0, size_t s1, size_t o1);

#endif
