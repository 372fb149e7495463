/*
 * wal_reader.c — reading the log for recovery (contract in wal.h).
 *
 * The reader loads one whole segment at a time (bytes past the end of a short
 * file read as zeros) and walks its records. When a record is unreadable — zero
 * header, impossible header, record running past the written bytes, or a CRC
 * mismatch — it decides between two stories:
 *
 *   torn end: nothing valid follows (no record with the right LSN and CRC later in
 *             the segment, no later segment whose first record is valid). A crash
 *             interrupted the last write; reading ends quietly.
 *   damage:   something valid follows, so bytes in the middle of the log are bad.
 *             That is an XX001 error naming the segment file and offset, unless
 *             WAL_READ_IGNORE_DAMAGE asks to stop there and report what is lost.
 *
 * A valid record carries its own LSN, so stale bytes from an older use of the
 * same position can never pass as a record that follows.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wal/wal.h"
#include "wal/wal_int.h"

struct WalReader {
    char dir[WAL_PATH_MAX];
    unsigned flags;
    uint32_t seg_size; /* 0 while the directory holds no segment */
    uint64_t *segs;
    size_t n_segs;

    uint8_t *buf; /* the loaded segment (seg_size bytes) */
    uint64_t buf_seg;
    bool buf_loaded;
    uint8_t *scratch; /* for looking at later segments */

    uint64_t pos;
    uint64_t end_lsn;
    uint64_t resume_lsn;
    int state; /* 0 reading, 1 ended, -1 failed */
    OmError fail_err;
    WalDamage damage;
};

static bool seg_exists(const WalReader *r, uint64_t seg)
{
    for (size_t i = 0; i < r->n_segs; i++)
        if (r->segs[i] == seg) return true;
    return false;
}

/* Reads segment seg into dst (zero-filled past the end of the file) and checks its
 * header. Returns 0, or -1 with err set (why names the problem). */
static int load_segment(WalReader *r, uint64_t seg, uint8_t *dst, OmError *err)
{
    char path[WAL_PATH_MAX];
    wal_segment_path(path, r->dir, seg, false);
    OmFile *f = file_open(path, O_RDONLY, 0, err);
    if (!f) return -1;
    size_t n_read = 0;
    int rc = file_pread_all(f, dst, r->seg_size, 0, &n_read, err);
    file_close(f, err);
    if (rc != 0) return -1;
    memset(dst + n_read, 0, r->seg_size - n_read);
    uint32_t size = 0;
    const char *why = "file shorter than its header";
    if (n_read < WAL_SEG_HDR_SIZE || !wal_seg_header_check(dst, seg, &size, &why) ||
        size != r->seg_size) {
        if (size != 0 && size != r->seg_size) why = "segment size different from the others";
        ERR(err, SQLSTATE_DATA_CORRUPTED, "invalid header in write-ahead log segment file \"%s\"",
            path);
        error_detail(err, "The header has a %s.", why);
        return -1;
    }
    return 0;
}

/* Is there a valid record at offset off of the segment image img (start seg)? */
static bool valid_at(const WalReader *r, const uint8_t *img, uint64_t seg, uint64_t off,
                     WalRecHeader *h)
{
    const char *why;
    if (r->seg_size - off < WAL_REC_HDR_SIZE) return false;
    if (wal_rec_header_decode(img + off, seg + off, r->seg_size - off, h, &why) != WAL_HDR_OK)
        return false;
    return wal_rec_crc_ok(img + off, h);
}

/* Counts the valid records in img from offset off on (skipping unreadable 8-byte
 * steps); *last_end is advanced past the last one found. */
static void count_valid(const WalReader *r, const uint8_t *img, uint64_t seg, uint64_t off,
                        WalDamage *d, uint64_t *last_end)
{
    while (off + WAL_REC_HDR_SIZE <= r->seg_size) {
        WalRecHeader h;
        if (valid_at(r, img, seg, off, &h)) {
            if (h.type != WAL_REC_SWITCH) {
                d->lost_records++;
                if (h.type == WAL_REC_COMMIT) d->lost_commits++;
            }
            off += wal_align_up(h.total_len);
            *last_end = seg + off;
        } else {
            off += WAL_ALIGN;
        }
    }
}

/* Looks past position `from` (in the loaded segment) for valid records; fills the
 * loss counters of d. Returns true if any exists. */
static bool survey_after(WalReader *r, uint64_t from, WalDamage *d)
{
    uint64_t last_end = from;
    if (r->buf_loaded && from - from % r->seg_size == r->buf_seg)
        count_valid(r, r->buf, r->buf_seg, from % r->seg_size + WAL_ALIGN, d, &last_end);
    if (!r->scratch) r->scratch = malloc(r->seg_size);
    for (size_t i = 0; i < r->n_segs && r->scratch; i++) {
        if (r->segs[i] <= from) continue;
        OmError ignored;
        error_clear(&ignored);
        if (load_segment(r, r->segs[i], r->scratch, &ignored) != 0) continue;
        count_valid(r, r->scratch, r->segs[i], WAL_SEG_HDR_SIZE, d, &last_end);
    }
    d->lost_bytes = last_end - from;
    return d->lost_records > 0;
}

static int finish(WalReader *r)
{
    r->state = 1;
    return 0;
}

/* Damage at pos: fail, or with IGNORE_DAMAGE end and keep the report. */
static int damage_at(WalReader *r, uint64_t pos, const char *segment_path, const char *reason,
                     WalDamage *d, OmError *err)
{
    char lsn[18];
    wal_lsn_format(lsn, pos);
    d->found = true;
    d->lsn = pos;
    snprintf(d->segment, sizeof(d->segment), "%s", segment_path);
    d->offset = pos % r->seg_size;
    snprintf(d->reason, sizeof(d->reason), "%s", reason);
    if (r->flags & WAL_READ_IGNORE_DAMAGE) {
        r->damage = *d;
        return finish(r);
    }
    OmError *e = &r->fail_err;
    ERR(e, SQLSTATE_DATA_CORRUPTED, "invalid write-ahead log record in file \"%s\" at offset %llu",
        d->segment, (unsigned long long)d->offset);
    error_detail(e,
                 "%s at LSN %s. %llu valid records (%llu commits, %llu bytes of log) follow it, "
                 "so this is damage, not the torn end of the log.",
                 reason, lsn, (unsigned long long)d->lost_records,
                 (unsigned long long)d->lost_commits, (unsigned long long)d->lost_bytes);
    error_hint(e, "Restore the log from a backup, or start anyway (ignoring WAL damage), which "
                  "discards everything from this point on.");
    r->state = -1;
    error_copy(err, e);
    return -1;
}

/* An unreadable record at pos: torn end or damage? */
static int bad_record(WalReader *r, uint64_t pos, const char *reason, OmError *err)
{
    WalDamage d;
    memset(&d, 0, sizeof(d));
    if (!survey_after(r, pos, &d)) return finish(r);
    char path[WAL_PATH_MAX];
    wal_segment_path(path, r->dir, pos - pos % r->seg_size, false);
    return damage_at(r, pos, path, reason, &d, err);
}

/* Makes the segment holding pos the loaded one. Returns 1 when loaded, 0 when the
 * log ended, -1 on error. */
static int enter_segment(WalReader *r, uint64_t seg, OmError *err)
{
    if (r->buf_loaded && r->buf_seg == seg) return 1;
    if (!seg_exists(r, seg)) {
        bool later = r->n_segs > 0 && r->segs[r->n_segs - 1] > seg;
        if (!later) return finish(r);
        /* A hole: segment files exist beyond the missing one. */
        char path[WAL_PATH_MAX];
        wal_segment_path(path, r->dir, seg, false);
        WalDamage d;
        memset(&d, 0, sizeof(d));
        r->buf_loaded = false;
        survey_after(r, seg, &d);
        char reason[WAL_PATH_MAX + 64];
        snprintf(reason, sizeof(reason), "segment file \"%s\" is missing", path);
        int rc = damage_at(r, seg, path, reason, &d, err);
        if (rc != 0) {
            error_clear(&r->fail_err);
            ERR(&r->fail_err, SQLSTATE_DATA_CORRUPTED,
                "write-ahead log segment file \"%s\" is missing", path);
            error_detail(&r->fail_err,
                         "Later segment files exist; %llu valid records (%llu commits) after "
                         "it cannot be replayed.",
                         (unsigned long long)d.lost_records, (unsigned long long)d.lost_commits);
            error_hint(&r->fail_err, "Restore the file from a backup, or start anyway (ignoring "
                                     "WAL damage), which discards everything from this point on.");
            error_clear(err);
            error_copy(err, &r->fail_err);
        }
        return rc < 0 ? -1 : 0;
    }
    OmError lerr;
    error_clear(&lerr);
    if (load_segment(r, seg, r->buf, &lerr) != 0) {
        r->buf_loaded = false;
        if (r->flags & WAL_READ_IGNORE_DAMAGE) {
            WalDamage d;
            memset(&d, 0, sizeof(d));
            char path[WAL_PATH_MAX];
            wal_segment_path(path, r->dir, seg, false);
            survey_after(r, seg, &d);
            return damage_at(r, seg, path, lerr.message, &d, err);
        }
        r->state = -1;
        error_copy(&r->fail_err, &lerr);
        error_copy(err, &lerr);
        return -1;
    }
    r->buf_seg = seg;
    r->buf_loaded = true;
    return 1;
}

WalReader *wal_reader_open(const char *dir, uint64_t start_lsn, unsigned flags, OmError *err)
{
    WalReader *r = calloc(1, sizeof(*r));
    if (!r) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    snprintf(r->dir, sizeof(r->dir), "%s", dir);
    r->flags = flags;
    r->pos = r->end_lsn = r->resume_lsn = start_lsn;
    if (wal_segments_list(dir, false, &r->segs, &r->n_segs, err) != 0) goto fail;
    if (r->n_segs == 0) {
        r->state = 1;
        return r;
    }
    if (wal_segment_read_size(dir, r->segs[0], &r->seg_size, err) != 0) goto fail;
    r->buf = malloc(r->seg_size);
    if (!r->buf) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto fail;
    }
    uint64_t off = start_lsn % r->seg_size;
    if (off != 0 && (off < WAL_SEG_HDR_SIZE || off % WAL_ALIGN != 0)) {
        ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
            "write-ahead log start position %llu is not a record boundary",
            (unsigned long long)start_lsn);
        goto fail;
    }
    return r;
fail:
    wal_reader_close(r);
    return NULL;
}

int wal_reader_next(WalReader *r, WalRecord *rec, OmError *err)
{
    if (r->state == 1) return 0;
    if (r->state == -1) {
        error_copy(err, &r->fail_err);
        return -1;
    }
    for (;;) {
        uint64_t off = r->pos % r->seg_size;
        uint64_t seg = r->pos - off;
        int rc = enter_segment(r, seg, err);
        if (rc <= 0) return rc;
        if (off < WAL_SEG_HDR_SIZE) {
            r->pos = seg + WAL_SEG_HDR_SIZE;
            off = WAL_SEG_HDR_SIZE;
        }
        if (r->seg_size - off < WAL_REC_HDR_SIZE) {
            r->pos = seg + r->seg_size;
            continue;
        }
        WalRecHeader h;
        const char *why = NULL;
        const uint8_t *p = r->buf + off;
        WalHdrStatus st = wal_rec_header_decode(p, r->pos, r->seg_size - off, &h, &why);
        if (st != WAL_HDR_OK) return bad_record(r, r->pos, why, err);
        if (!wal_rec_crc_ok(p, &h)) return bad_record(r, r->pos, "record checksum mismatch", err);
        if (h.type == WAL_REC_SWITCH) {
            r->end_lsn = r->pos + WAL_REC_HDR_SIZE;
            r->pos = seg + r->seg_size;
            continue;
        }
        rec->lsn = r->pos;
        rec->end_lsn = r->pos + wal_align_up(h.total_len);
        rec->type = h.type;
        rec->flags = h.flags;
        rec->len = h.total_len - WAL_REC_HDR_SIZE;
        rec->data = p + WAL_REC_HDR_SIZE;
        r->pos = r->end_lsn = rec->end_lsn;
        if (h.type == WAL_REC_COMMIT) r->resume_lsn = rec->end_lsn;
        return 1;
    }
}

uint64_t wal_reader_end_lsn(const WalReader *r)
{
    return r->end_lsn;
}

uint64_t wal_reader_resume_lsn(const WalReader *r)
{
    return r->resume_lsn;
}

const WalDamage *wal_reader_damage(const WalReader *r)
{
    return &r->damage;
}

void wal_reader_close(WalReader *r)
{
    if (!r) return;
    free(r->segs);
    free(r->buf);
    free(r->scratch);
    free(r);
}

int wal_commit_decode(const WalRecord *rec, uint64_t *commit_ts, uint32_t *n_changes, OmError *err)
{
    if (rec->type != WAL_REC_COMMIT || rec->len != WAL_COMMIT_PAYLOAD)
        return ERR(err, SQLSTATE_DATA_CORRUPTED, "WAL record at LSN %llu is not a commit record",
                   (unsigned long long)rec->lsn);
    uint64_t ts = 0;
    uint32_t n = 0;
    for (int i = 7; i >= 0; i--) ts = (ts << 8) | rec->data[i];
    for (int i = 11; i >= 8; i--) n = (n << 8) | rec->data[i];
    *commit_ts = ts;
    *n_changes = n;
    return 0;
}
