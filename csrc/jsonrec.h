/*
 * jsonrec.h — a few fields of one JSON Lines record, read in one pass.
 */
#ifndef AR_JSONREC_H
#define AR_JSONREC_H

#include <stddef.h>

enum { AR_JF_ABSENT, AR_JF_STRING, AR_JF_INTEGER, AR_JF_NULL };

/* Where a field's value is in the record: a string's contents (between its
 * quotes, escapes = 1 when it has a backslash), or an integer's digits. */
typedef struct {
    int type; /* AR_JF_* */
    size_t start, len;
    int escapes;
} ar_jfield;

/* Reads the record s[0, len) when it is one JSON object (RFC 8259; white
 * space around it) whose fields named keys[0 .. nkeys) are absent, null,
 * strings or integers of at most 15 digits: fills out[i] for keys[i] (the
 * last of a key given twice) and returns 1. Returns 0 for anything else --
 * invalid JSON, another kind of value in one of those fields, a key or a
 * string with a control character or a \u escape of half a surrogate pair,
 * a key with an escape (it may name one of keys), nesting deeper than 256
 * -- which the caller reads with a full decoder (and its messages). */
int ar__json_fields(const char *s, size_t len, const char *const *keys, size_t nkeys, ar_jfield *out);

/* The contents of a string field (AR_JF_STRING) unescaped into dst, which
 * has room for f->len bytes (an escape is never shorter than what it
 * stands for); returns the length written. */
size_t ar__json_unescape(const char *s, const ar_jfield *f, char *dst);

/* How many bytes at the start of s[0, len) a string reader may pass
 * before it looks byte by byte: whole eight-byte blocks with no quote,
 * backslash or control character. */
size_t ar__json_plain_prefix(const char *s, size_t len);

/* 1 when s[0, len) may be written between quotes as it is (no control
 * character, DEL, quote or backslash: what the JSON writers escape), 0
 * when not. Eight bytes at a time. */
int ar__json_plain(const char *s, size_t len);

#endif
