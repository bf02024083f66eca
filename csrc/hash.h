/*
 * hash.h — a small, fast 64-bit string hash for the gazetteer's tables.
 *
 * Not cryptographic. It must be stable across builds and machines because
 * hashes are stored in gazetteer files (the file format version changes if
 * it ever does). Reads 8 bytes at a time with memcpy (no alignment needs).
 */
#ifndef ARABIC_HASH_H
#define ARABIC_HASH_H

#include <stdint.h>
#include <string.h>

static inline uint64_t ar__mix64(uint64_t x)
{
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    return x;
}

static inline uint64_t ar__load64le(const unsigned char *p)
{
    return (uint64_t)p[0] | ((uint64_t)p[1] << 8) | ((uint64_t)p[2] << 16) |
           ((uint64_t)p[3] << 24) | ((uint64_t)p[4] << 32) | ((uint64_t)p[5] << 40) |
           ((uint64_t)p[6] << 48) | ((uint64_t)p[7] << 56);
}

static inline uint64_t ar__hash(const void *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)len * 0xff51afd7ed558ccdULL);
    while (len >= 8) {
        h = (h ^ ar__mix64(ar__load64le(p))) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
        p += 8;
        len -= 8;
    }
    if (len) {
        uint64_t t = 0;
        size_t i;
        for (i = 0; i < len; i++) t |= (uint64_t)p[i] << (8 * i);
        h = (h ^ ar__mix64(t + 0x2545F4914F6CDD1DULL)) * 0x9E3779B97F4A7C15ULL;
    }
    return ar__mix64(h);
}

#endif
