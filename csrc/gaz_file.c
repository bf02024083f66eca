/*
 * gaz_file.c — saving and opening (mmap) compiled gazetteers.
 *
 * File layout (little-endian):
 *    0  magic "ARGAZ\r\n\032" (8 bytes: catches text-mode transfers)
 *    8  u32 format version
 *   12  u32 byte-order mark 0x01020304
 *   16  u64 body size
 *   24  u64 body checksum (ar__hash of the body)
 *   32  u32 number of sections
 *   36  u32 header checksum (bytes 0..35 and the section table)
 *   40  section table: per section u64 offset (from the body start), u64 size
 *       body, 8-byte aligned, sections 8-byte aligned
 * Opening checks the header and the section table here, then every
 * structural bound in gaz_view.c (ar__gaz_attach); reads made later through
 * the views are bounds-checked again, so a corrupted file yields an error or
 * wrong strings, never a read outside it.
 */
#include "gaz.h"
#include "hash.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define AUTO_VERIFY_MAX (16u << 20)

static int fail(ar_error *err, const char *what) { return ar__fail(err, AR_EFORMAT, 0, "%s", what); }

/* An I/O failure with the system's reason, read before anything else can
 * change errno. */
static int io_fail(ar_error *err, const char *what)
{
    return ar__fail(err, AR_EIO, 0, "%s%s", what, strerror(errno));
}

/* --------------------------------------------------------------- save */

int ar_gaz_save(const ar_gazetteer *g, const char *path, ar_error *err)
{
    unsigned char head[GAZ_HEADER + 16 * S_COUNT + 8];
    size_t hs = GAZ_BODY_START, i;
    uint64_t offs[S_COUNT], sizes[S_COUNT];
    FILE *f;
    char tmp[4096];
    unsigned char *copy = NULL;
    const unsigned char *body;
    int ok;
    if (!g || !path) return ar__fail(err, AR_EARG, 0, NULL);
    if (strlen(path) + 16 > sizeof tmp) return ar__fail(err, AR_EARG, 0, "file name too long");
    memset(head, 0, sizeof head);
    memcpy(head, GAZ_MAGIC, 8);
    gaz_put32(head + 8, GAZ_VERSION);
    gaz_put32(head + 12, GAZ_ENDIAN);
    gaz_put64(head + 16, g->body_len);
    gaz_put32(head + 32, S_COUNT);
    /* recover section offsets from the views */
#define SEC(id, ptr, bytes) (offs[id] = (uint64_t)((const unsigned char *)(ptr) - g->body), sizes[id] = (bytes))
    SEC(S_META, g->body, sizeof(struct gmeta));
    SEC(S_STR, g->str, g->str_len);
    SEC(S_TOK, g->tok, (uint64_t)g->ntok * sizeof(struct gtok));
    SEC(S_SLOT, g->slot, (uint64_t)g->nslot * 4);
    SEC(S_NODE, g->node, ((uint64_t)g->nnode + 1) * sizeof(struct gnode));
    SEC(S_EDGE, g->edge, (uint64_t)g->nedge * sizeof(struct gedge));
    SEC(S_NENT, g->nent, (uint64_t)g->nnent * sizeof(struct gnent));
    SEC(S_ENT, g->ent, (uint64_t)g->nentries * sizeof(struct gent));
    SEC(S_TYPE, g->type, (uint64_t)g->ntype * 4);
    SEC(S_DELH, g->delh, (uint64_t)g->ndel * 8);
    SEC(S_DELT, g->delt, (uint64_t)g->ndel * 4);
#undef SEC
    for (i = 0; i < S_COUNT; i++) {
        gaz_put64(head + GAZ_HEADER + 16 * i, offs[i]);
        gaz_put64(head + GAZ_HEADER + 16 * i + 8, sizes[i]);
    }
    /* Calibration lives in the entries' flags on disk: patch a copy. */
    body = g->body;
    if (g->verdict) {
        copy = malloc(g->body_len);
        if (!copy) return ar__fail(err, AR_ENOMEM, 0, NULL);
        memcpy(copy, g->body, g->body_len);
        for (i = 0; i < g->nentries; i++) {
            unsigned char *fl = copy + offs[S_ENT] + i * sizeof(struct gent) + offsetof(struct gent, flags);
            gaz_put32(fl, ar__gaz_entry_flags(g, (uint32_t)i, gaz_get32(fl)));
        }
        for (i = 0; i < g->nnent; i++) {
            unsigned char *rec = copy + offs[S_NENT] + i * sizeof(struct gnent);
            uint32_t e = gaz_get32(rec);
            unsigned char *fl = rec + offsetof(struct gnent, flags);
            uint32_t flags = (uint32_t)fl[0] | ((uint32_t)fl[1] << 8);
            flags = ar__gaz_entry_flags(g, e, flags);
            fl[0] = (unsigned char)flags;
            fl[1] = (unsigned char)(flags >> 8);
        }
        body = copy;
    }
    gaz_put64(head + 24, ar__hash(body, g->body_len));
    {
        unsigned char hh[GAZ_HEADER + 16 * S_COUNT];
        memcpy(hh, head, sizeof hh);
        gaz_put32(hh + 36, 0);
        gaz_put32(head + 36, (uint32_t)ar__hash(hh, sizeof hh));
    }
    /* Write to a temporary name and rename: a reader never sees half a file. */
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    f = fopen(tmp, "wb");
    if (!f) {
        free(copy);
        return io_fail(err, "");
    }
    ok = fwrite(head, 1, hs, f) == hs && fwrite(body, 1, g->body_len, f) == g->body_len;
    if (!ok) io_fail(err, "");
    if (fclose(f) != 0 && ok) ok = io_fail(err, "") == AR_OK;
    free(copy);
    if (ok && rename(tmp, path) != 0) ok = io_fail(err, "") == AR_OK;
    if (!ok) {
        remove(tmp);
        return AR_EIO;
    }
    return AR_OK;
}

/* --------------------------------------------------------------- open */

static ar_gazetteer *finish_open(ar_gazetteer *g, const unsigned char *file, size_t len,
                                 int verify, ar_error *err)
{
    uint64_t offs[S_COUNT], sizes[S_COUNT], blen;
    size_t hs = GAZ_BODY_START, i;
    unsigned char hh[GAZ_HEADER + 16 * S_COUNT];
    if (len < 8 || memcmp(file, GAZ_MAGIC, 8) != 0) {
        fail(err, "not a gazetteer file (bad magic)");
        goto bad;
    }
    if (len < hs) {
        fail(err, "too short to be a gazetteer (truncated?)");
        goto bad;
    }
    if (gaz_get32(file + 12) != GAZ_ENDIAN) {
        fail(err, "written with another byte order");
        goto bad;
    }
    if (gaz_get32(file + 8) != GAZ_VERSION) {
        ar__fail(err, AR_EFORMAT, 0, "unsupported format version %u (this library reads %u)",
                 (unsigned)gaz_get32(file + 8), GAZ_VERSION);
        goto bad;
    }
    if (gaz_get32(file + 32) != S_COUNT) {
        fail(err, "unexpected number of sections");
        goto bad;
    }
    memcpy(hh, file, sizeof hh);
    gaz_put32(hh + 36, 0);
    if ((uint32_t)ar__hash(hh, sizeof hh) != gaz_get32(file + 36)) {
        fail(err, "header checksum mismatch (corrupt file)");
        goto bad;
    }
    blen = gaz_get64(file + 16);
    if (blen != len - hs) {
        fail(err, "file size does not match its header (truncated?)");
        goto bad;
    }
    for (i = 0; i < S_COUNT; i++) {
        offs[i] = gaz_get64(file + GAZ_HEADER + 16 * i);
        sizes[i] = gaz_get64(file + GAZ_HEADER + 16 * i + 8);
    }
    if (verify > 0 || (verify < 0 && len <= AUTO_VERIFY_MAX)) {
        if (ar__hash(file + hs, (size_t)blen) != gaz_get64(file + 24)) {
            fail(err, "checksum mismatch (corrupt file)");
            goto bad;
        }
    }
    if (ar__gaz_attach(g, file + hs, (size_t)blen, offs, sizes, err)) goto bad;
    return g;
bad:
    ar_gaz_free(g);
    return NULL;
}

ar_gazetteer *ar_gaz_open(const char *path, int verify, ar_error *err)
{
    int fd;
    struct stat st;
    void *p;
    ar_gazetteer *g;
    if (!path) {
        ar__fail(err, AR_EARG, 0, NULL);
        return NULL;
    }
    fd = open(path, O_RDONLY);
    if (fd < 0 || fstat(fd, &st) != 0) {
        io_fail(err, "");
        if (fd >= 0) close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || st.st_size == 0) {
        close(fd);
        fail(err, S_ISREG(st.st_mode) ? "empty file, not a gazetteer" : "not a regular file");
        return NULL;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) io_fail(err, "mmap: ");
    close(fd);
    if (p == MAP_FAILED) return NULL;
    g = calloc(1, sizeof *g);
    if (!g) {
        munmap(p, (size_t)st.st_size);
        ar__fail(err, AR_ENOMEM, 0, NULL);
        return NULL;
    }
    g->mapped = p;
    g->mapped_len = (size_t)st.st_size;
    return finish_open(g, p, (size_t)st.st_size, verify, err);
}

ar_gazetteer *ar_gaz_from_memory(const void *data, size_t len, int verify, ar_error *err)
{
    ar_gazetteer *g;
    void *copy;
    if (!data && len) {
        ar__fail(err, AR_EARG, 0, NULL);
        return NULL;
    }
    g = calloc(1, sizeof *g);
    copy = malloc(len ? len : 1);
    if (!g || !copy) {
        free(g);
        free(copy);
        ar__fail(err, AR_ENOMEM, 0, NULL);
        return NULL;
    }
    if (len) memcpy(copy, data, len);
    g->owned = copy;
    return finish_open(g, copy, len, verify, err);
}
