/*
 * wal_manifest.c — reading and writing the checkpoint manifest
 * (wal_manifest.h).
 *
 * Format: lines of ASCII words separated by one space, each ending in '\n':
 *
 *   omendb-checkpoint 1
 *   seq <decimal>
 *   lsn <16 hex digits>
 *   next_oid <decimal>
 *   catalog <name> <size> <crc32c, 8 hex digits>
 *   table <oid> <name> <size> <crc32c> <rows>          (zero or more)
 *   end <crc32c of every byte before this line>
 *
 * Names are relative to the checkpoint directory and use only [A-Za-z0-9._/-]
 * without "..". Anything else (unknown keys, a missing line, trailing bytes,
 * a checksum mismatch) is damage.
 */
#include "wal/wal_manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crc32c.h"
#include "common/file_io.h"

#define MANIFEST_MAX (64u << 20)

static int path_join(char *out, size_t cap, const char *dir, const char *name, OmError *err)
{
    if ((size_t)snprintf(out, cap, "%s/%s", dir, name) >= cap)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "checkpoint path too long");
    return 0;
}

static int append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
        va_end(ap);
        if (n < 0) return -1;
        if ((size_t)n < *cap - *len) {
            *len += (size_t)n;
            return 0;
        }
        size_t ncap = *cap * 2 + (size_t)n;
        char *nb = realloc(*buf, ncap);
        if (!nb) return -1;
        *buf = nb;
        *cap = ncap;
    }
}

int wal_manifest_write(const char *dir, const WalManifest *m, bool *replaced, OmError *err)
{
    if (replaced) *replaced = false;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (!buf) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    int bad = append(&buf, &len, &cap,
                     "omendb-checkpoint 1\nseq %" PRIu64 "\nlsn %016" PRIX64
                     "\nnext_oid %u\ncatalog %s %" PRIu64 " %08X\n",
                     m->seq, m->lsn, m->next_oid, m->catalog.name, m->catalog.size, m->catalog.crc);
    for (size_t i = 0; i < m->nfiles && !bad; i++) {
        const WalManifestFile *f = &m->files[i];
        bad = append(&buf, &len, &cap, "table %u %s %" PRIu64 " %08X %" PRIu64 "\n", f->oid,
                     f->name, f->size, f->crc, f->rows);
    }
    if (!bad) bad = append(&buf, &len, &cap, "end %08X\n", crc32c(buf, len));
    if (bad) {
        free(buf);
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    char tmp[4096], final[4096];
    int rc = -1;
    if (path_join(tmp, sizeof(tmp), dir, WAL_MANIFEST_NAME ".tmp", err) != 0 ||
        path_join(final, sizeof(final), dir, WAL_MANIFEST_NAME, err) != 0)
        goto out;
    OmFile *f = file_open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600, err);
    if (!f) goto out;
    if (file_write_all(f, buf, len, err) != 0 || file_sync(f, err) != 0) {
        file_close(f, NULL);
        goto remove_tmp;
    }
    if (file_close(f, err) != 0 || file_rename(tmp, final, err) != 0) goto remove_tmp;
    if (replaced) *replaced = true;
    if (file_sync_dir(dir, err) != 0) goto out;
    rc = 0;
    goto out;
remove_tmp : {
    /* the old manifest is untouched; the tmp file must not outlive the failure */
    OmError ignored;
    error_clear(&ignored);
    file_unlink(tmp, &ignored);
}
out:
    free(buf);
    return rc;
}

/* ---- reading ---- */

typedef struct Parser {
    const char *path;
    char *p, *end;
    int line;
    OmError *err;
} Parser;

static int damaged(Parser *ps, const char *what)
{
    return ERR(ps->err, SQLSTATE_DATA_CORRUPTED,
               "invalid checkpoint manifest \"%s\": %s at line %d", ps->path, what, ps->line);
}

/* The next line's words (split in place); returns their number, -1 at the end. */
static int next_line(Parser *ps, char **words, int max)
{
    if (ps->p >= ps->end) return -1;
    char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
    if (!nl) return -1;
    *nl = '\0';
    ps->line++;
    int n = 0;
    char *s = ps->p;
    ps->p = nl + 1;
    while (*s && n < max) {
        words[n++] = s;
        char *sp = strchr(s, ' ');
        if (!sp) break;
        *sp = '\0';
        s = sp + 1;
    }
    return n;
}

static bool parse_u64(const char *s, int base, uint64_t *out)
{
    if (!*s || *s == '-' || *s == '+' || *s == ' ') return false;
    char *e;
    errno = 0;
    unsigned long long v = strtoull(s, &e, base);
    if (errno || *e) return false;
    *out = v;
    return true;
}

static bool parse_name(const char *s, char *out)
{
    size_t n = strlen(s);
    if (n == 0 || n >= WAL_MANIFEST_NAME_MAX || strstr(s, "..") || s[0] == '/') return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '/'))
            return false;
    }
    memcpy(out, s, n + 1);
    return true;
}

static bool parse_file(char **w, WalManifestFile *f)
{
    uint64_t crc;
    return parse_name(w[0], f->name) && parse_u64(w[1], 10, &f->size) &&
           parse_u64(w[2], 16, &crc) && crc <= UINT32_MAX && strlen(w[2]) == 8 &&
           ((f->crc = (uint32_t)crc), true);
}

static int parse(Parser *ps, WalManifest *m, uint32_t *end_crc)
{
    char *w[8];
    uint64_t v;
    int n = next_line(ps, w, 8);
    if (n != 2 || strcmp(w[0], "omendb-checkpoint") != 0) return damaged(ps, "bad first line");
    if (strcmp(w[1], "1") != 0) return damaged(ps, "unknown version");
    if (next_line(ps, w, 8) != 2 || strcmp(w[0], "seq") || !parse_u64(w[1], 10, &m->seq))
        return damaged(ps, "bad seq line");
    if (next_line(ps, w, 8) != 2 || strcmp(w[0], "lsn") || strlen(w[1]) != 16 ||
        !parse_u64(w[1], 16, &m->lsn))
        return damaged(ps, "bad lsn line");
    if (next_line(ps, w, 8) != 2 || strcmp(w[0], "next_oid") || !parse_u64(w[1], 10, &v) ||
        v > UINT32_MAX)
        return damaged(ps, "bad next_oid line");
    m->next_oid = (uint32_t)v;
    if (next_line(ps, w, 8) != 4 || strcmp(w[0], "catalog") || !parse_file(w + 1, &m->catalog))
        return damaged(ps, "bad catalog line");
    size_t cap = 0;
    for (;;) {
        n = next_line(ps, w, 8);
        if (n < 0) return damaged(ps, "missing end line");
        if (n == 2 && strcmp(w[0], "end") == 0) {
            uint64_t crc;
            if (strlen(w[1]) != 8 || !parse_u64(w[1], 16, &crc)) return damaged(ps, "bad end line");
            if (ps->p != ps->end) return damaged(ps, "bytes after the end line");
            *end_crc = (uint32_t)crc;
            return 0;
        }
        if (n != 6 || strcmp(w[0], "table") != 0) return damaged(ps, "unknown line");
        if (m->nfiles == cap) {
            cap = cap ? cap * 2 : 16;
            WalManifestFile *nf = realloc(m->files, cap * sizeof(WalManifestFile));
            if (!nf) return ERR(ps->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            m->files = nf;
        }
        WalManifestFile *f = &m->files[m->nfiles];
        memset(f, 0, sizeof(*f));
        if (!parse_u64(w[1], 10, &v) || v == 0 || v > UINT32_MAX || !parse_file(w + 2, f) ||
            !parse_u64(w[5], 10, &f->rows))
            return damaged(ps, "bad table line");
        f->oid = (uint32_t)v;
        m->nfiles++;
    }
}

static int read_whole(const char *path, char **out, size_t *len, OmError *err)
{
    OmFile *f = file_open(path, O_RDONLY, 0, err);
    if (!f) return -1;
    uint64_t size;
    int rc = -1;
    char *buf = NULL;
    if (file_size(f, &size, err) != 0) goto out;
    if (size > MANIFEST_MAX) {
        rc = ERR(err, SQLSTATE_DATA_CORRUPTED, "invalid checkpoint manifest \"%s\": too large",
                 path);
        goto out;
    }
    buf = malloc(size + 1);
    size_t got = 0;
    if (!buf) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    if (file_pread_all(f, buf, size, 0, &got, err) != 0) goto out;
    buf[got] = '\0';
    *out = buf;
    *len = got;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    file_close(f, NULL);
    return rc;
}

int wal_manifest_read(const char *dir, WalManifest *m, OmError *err)
{
    memset(m, 0, sizeof(*m));
    char path[4096];
    if (path_join(path, sizeof(path), dir, WAL_MANIFEST_NAME, err) != 0) return -1;
    char *buf = NULL;
    size_t len = 0;
    if (read_whole(path, &buf, &len, err) != 0) {
        if (file_is_enoent(err)) {
            error_clear(err);
            return 0;
        }
        return -1;
    }
    /* The checksum covers everything before the last line. */
    Parser ps = {path, buf, buf + len, 0, err};
    int rc = 0;
    char *last = len >= 2 ? memrchr(buf, '\n', len - 1) : NULL;
    size_t body = last ? (size_t)(last - buf) + 1 : 0;
    uint32_t want = crc32c(buf, body);
    if (len == 0 || buf[len - 1] != '\n') {
        ps.line = 1;
        rc = damaged(&ps, "truncated");
    } else {
        uint32_t got = 0;
        rc = parse(&ps, m, &got);
        if (rc == 0 && got != want) rc = damaged(&ps, "checksum mismatch");
    }
    free(buf);
    if (rc != 0) {
        wal_manifest_fini(m);
        return -1;
    }
    return 1;
}

void wal_manifest_fini(WalManifest *m)
{
    free(m->files);
    m->files = NULL;
    m->nfiles = 0;
}

int wal_manifest_checksum(const char *path, uint64_t *size, uint32_t *crc, OmError *err)
{
    OmFile *f = file_open(path, O_RDONLY, 0, err);
    if (!f) return -1;
    size_t cap = 1u << 20;
    uint8_t *buf = malloc(cap);
    int rc = -1;
    uint64_t off = 0;
    uint32_t c = 0;
    if (!buf) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    for (;;) {
        size_t got = 0;
        if (file_pread_all(f, buf, cap, off, &got, err) != 0) goto out;
        c = crc32c_update(c, buf, got);
        off += got;
        if (got < cap) break;
    }
    *size = off;
    *crc = c;
    rc = 0;
out:
    free(buf);
    file_close(f, NULL);
    return rc;
}

int wal_manifest_verify(const char *dir, const WalManifestFile *f, OmError *err)
{
    char path[4096];
    if (path_join(path, sizeof(path), dir, f->name, err) != 0) return -1;
    uint64_t size;
    uint32_t crc;
    if (wal_manifest_checksum(path, &size, &crc, err) != 0) {
        bool missing = file_is_enoent(err);
        char cause[sizeof(err->message)];
        snprintf(cause, sizeof(cause), "%s", err->message);
        error_clear(err);
        ERR(err, SQLSTATE_DATA_CORRUPTED, "checkpoint file \"%s\" is %s", path,
            missing ? "missing" : "unreadable");
        if (!missing) error_detail(err, "%s", cause);
        return -1;
    }
    if (size != f->size) {
        ERR(err, SQLSTATE_DATA_CORRUPTED, "checkpoint file \"%s\" has the wrong size", path);
        error_detail(err, "The manifest says %llu bytes; the file has %llu.",
                     (unsigned long long)f->size, (unsigned long long)size);
        return -1;
    }
    if (crc != f->crc) {
        ERR(err, SQLSTATE_DATA_CORRUPTED, "checkpoint file \"%s\" is damaged (checksum mismatch)",
            path);
        error_detail(err, "The manifest says CRC32C %08X; the file has %08X.", f->crc, crc);
        return -1;
    }
    return 0;
}
