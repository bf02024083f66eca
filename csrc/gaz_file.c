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
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* O_TMPFILE */
#endif
#include "gaz.h"
#include "hash.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define AUTO_VERIFY_MAX (16u << 20)
/* Files up to this size are read into memory rather than mapped: a mapped
 * file that someone truncates or rewrites in place (cp new.gaz live.gaz)
 * kills its reader with SIGBUS, a copy does not care. They are checksummed
 * in full when opened anyway, so reading them costs about the same. */
#define READ_MAX AUTO_VERIFY_MAX

static int fail(ar_error *err, const char *what) { return ar__fail(err, AR_EFORMAT, 0, "%s", what); }

/* An I/O failure with the system's reason, read before anything else can
 * change errno. */
static int io_fail(ar_error *err, const char *what)
{
    return ar__fail(err, AR_EIO, 0, "%s%s", what, strerror(errno));
}

/* --------------------------------------------------------------- save */

/* All of p[0..n) to fd, through short writes and EINTR. */
static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n > ((size_t)1 << 30) ? ((size_t)1 << 30) : n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The file's bytes, on disk: header, body, fsync. */
static int write_gaz(int fd, const unsigned char *head, size_t hs, const unsigned char *body, size_t blen)
{
    if (write_all(fd, head, hs) || write_all(fd, body, blen)) return -1;
    return fsync(fd);
}

/* The directory part of path ("." when it has none) into dir[cap]. */
static void dir_of(const char *path, char *dir, size_t cap)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (!slash) {
        snprintf(dir, cap, ".");
        return;
    }
    if (n == 0) n = 1; /* "/x.gaz" */
    snprintf(dir, cap, "%.*s", (int)n, path);
}

/* A name for the temporary file beside path that nobody can predict:
 * "path.tmp" and 12 hex digits from the process, the time, the stack and
 * the attempt (no state is kept between calls). */
static void temp_name(const char *path, char *out, size_t cap, unsigned attempt)
{
    struct timespec ts;
    uint64_t x;
    clock_gettime(CLOCK_REALTIME, &ts);
    x = ((uint64_t)getpid() << 32) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
        (uint64_t)(uintptr_t)&ts ^ ((uint64_t)attempt * 0x9E3779B97F4A7C15ULL);
    x = ar__mix64(x);
    snprintf(out, cap, "%s.tmp%012llx", path, (unsigned long long)(x & 0xFFFFFFFFFFFFULL));
}

/* SIGINT, SIGTERM, SIGHUP and SIGQUIT held back while a temporary file
 * has a name, so a Ctrl-C or a kill arriving meanwhile takes effect once
 * it is renamed into place or removed: nothing is left behind. (SIGKILL
 * cannot be held; with O_TMPFILE the file has no name while it is
 * written, so even SIGKILL leaves nothing but the rare instant between
 * naming and renaming it.) */
static void hold_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void release_signals(const sigset_t *old) { pthread_sigmask(SIG_SETMASK, old, NULL); }

/* Write the file with no name (O_TMPFILE) and link it in when complete.
 * AR_OK, AR_EIO (err set), or 1: not possible here (no O_TMPFILE on this
 * system or file system, no /proc): the caller writes a named file. */
static int save_unnamed(const char *path, const unsigned char *head, size_t hs, const unsigned char *body,
                        size_t blen, ar_error *err)
{
#if defined(O_TMPFILE)
    char dir[4096], tmp[4096 + 32], self[64];
    unsigned attempt;
    int fd, rc = AR_OK, linked = 0;
    sigset_t old;
    dir_of(path, dir, sizeof dir);
    fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) return 1;
    if (write_gaz(fd, head, hs, body, blen)) {
        io_fail(err, "");
        close(fd);
        return AR_EIO;
    }
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    hold_signals(&old);
    for (attempt = 0; attempt < 100; attempt++) {
        temp_name(path, tmp, sizeof tmp, attempt);
        if (linkat(AT_FDCWD, self, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0) {
            linked = 1;
            break;
        }
        if (errno != EEXIST) break;
    }
    if (!linked) {
        rc = 1; /* no /proc, or linkat refused: the caller writes a named file */
    } else if (rename(tmp, path) != 0) {
        rc = io_fail(err, "");
        unlink(tmp);
    }
    release_signals(&old);
    close(fd);
    return rc;
#else
    (void)path, (void)head, (void)hs, (void)body, (void)blen, (void)err;
    return 1;
#endif
}

/* Write a temporary file beside path, created with O_EXCL | O_NOFOLLOW (a
 * name planted in advance, a symlink above all, makes open fail instead of
 * writing through it), fsync it and rename it over path. */
static int save_named(const char *path, const unsigned char *head, size_t hs, const unsigned char *body,
                      size_t blen, ar_error *err)
{
    char tmp[4096 + 32];
    unsigned attempt;
    int fd = -1, rc = AR_OK;
    sigset_t old;
    hold_signals(&old);
    for (attempt = 0; attempt < 100; attempt++) {
        temp_name(path, tmp, sizeof tmp, attempt);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST) break;
    }
    if (fd < 0) {
        release_signals(&old);
        return io_fail(err, "");
    }
    if (write_gaz(fd, head, hs, body, blen)) rc = io_fail(err, "");
    if (close(fd) != 0 && rc == AR_OK) rc = io_fail(err, "");
    if (rc == AR_OK && rename(tmp, path) != 0) rc = io_fail(err, "");
    if (rc != AR_OK) unlink(tmp);
    release_signals(&old);
    return rc;
}

/* fsync the directory, so the rename itself survives a crash (best effort:
 * some file systems refuse to open a directory for that). */
static void sync_dir(const char *path)
{
    char dir[4096];
    int fd;
    dir_of(path, dir, sizeof dir);
    fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    (void)fsync(fd);
    close(fd);
}

int ar_gaz_save(const ar_gazetteer *g, const char *path, ar_error *err)
{
    unsigned char head[GAZ_HEADER + 16 * S_COUNT + 8];
    size_t hs = GAZ_BODY_START, i;
    uint64_t offs[S_COUNT], sizes[S_COUNT];
    unsigned char *copy = NULL;
    const unsigned char *body;
    int rc;
    if (!g || !path) return ar__fail(err, AR_EARG, 0, NULL);
    if (strlen(path) + 1 > 4096) return ar__fail(err, AR_EARG, 0, "file name too long");
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
    /* A complete file is renamed over path: a reader sees the old file or
     * the new one, never half of one, and a reader that has the old one
     * open keeps it (replace by rename, never by writing in place). */
    rc = save_unnamed(path, head, hs, body, g->body_len, err);
    if (rc == 1) rc = save_named(path, head, hs, body, g->body_len, err);
    free(copy);
    if (rc == AR_OK) sync_dir(path);
    return rc;
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

/* A small file read into memory (see READ_MAX); closes fd. What was read
 * is checked like a mapped file: a file cut while being read is refused. */
static ar_gazetteer *read_small(int fd, size_t size, int verify, ar_error *err)
{
    ar_gazetteer *g = calloc(1, sizeof *g);
    unsigned char *buf = malloc(size ? size : 1);
    size_t got = 0;
    if (!g || !buf) {
        free(g);
        free(buf);
        close(fd);
        ar__fail(err, AR_ENOMEM, 0, NULL);
        return NULL;
    }
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            io_fail(err, "");
            free(g);
            free(buf);
            close(fd);
            return NULL;
        }
        if (r == 0) break;
        got += (size_t)r;
    }
    close(fd);
    g->owned = buf;
    g->from_file = 1;
    return finish_open(g, buf, got, verify, err);
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
    if ((uint64_t)st.st_size <= READ_MAX) return read_small(fd, (size_t)st.st_size, verify, err);
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
    g->from_file = 1;
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
