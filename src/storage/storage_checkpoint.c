/*
 * storage_checkpoint.c — checkpoint files of one table (storage_checkpoint.h).
 *
 * Writing reads the table as a scan does, without locks, one vector at a
 * time: the column slots are copied first, then the snapshot's visibility is
 * computed and the before-images of rows changed after the snapshot are put
 * back into the copy. A concurrent in-place update either happened before the
 * copy (its before-image exists by then and is restored) or after it (the
 * copy never saw it), so the copy is exactly what the snapshot sees. Visible
 * rows are compacted and appended with their row ids; each storage row group
 * ends a Parquet row group.
 *
 * Loading goes the other way, a storage vector's worth of file rows at a
 * time: runs of consecutive row ids are appended as one chunk
 * (storage_redo_append_at), gaps become dead rows.
 */
#include "storage/storage_checkpoint.h"

#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "storage/parquet.h"
#include "storage/storage_redo.h"

#define CKPT_VALIDITY_WORDS (STORAGE_VECTOR_ROWS / 64)
/* Row ids beyond this cannot exist (the storage directory's capacity). */
#define MAX_ROW_ID ((uint64_t)4096 * 1024 * STORAGE_GROUP_ROWS)

typedef struct ColBuf {
    size_t width;
    uint8_t *copy;     /* STORAGE_VECTOR_ROWS slots, the vector as the snapshot sees it */
    uint64_t *bits;    /* its validity */
    uint8_t *out;      /* compacted visible rows */
    uint64_t *outbits; /* their validity */
} ColBuf;

static void free_bufs(ColBuf *b, int ncols)
{
    if (!b) return;
    for (int c = 0; c < ncols; c++) {
        free(b[c].copy);
        free(b[c].bits);
        free(b[c].out);
        free(b[c].outbits);
    }
    free(b);
}

/* Copies vector `vec` of group `g` as `snap` sees it and compacts its
 * visible rows into the out buffers. Returns the number of visible rows. */
static uint32_t read_vector(StorageTable *t, uint64_t count, uint64_t g, uint32_t vec,
                            const StorageSnapshot *snap, ColBuf *b, int64_t *ids)
{
    int ncols = storage_table_ncols(t);
    uint64_t start = g * STORAGE_GROUP_ROWS + (uint64_t)vec * STORAGE_VECTOR_ROWS;
    uint32_t n =
        count - start > STORAGE_VECTOR_ROWS ? STORAGE_VECTOR_ROWS : (uint32_t)(count - start);
    uint16_t sel[STORAGE_VECTOR_ROWS];
    bool all = false, need_undo = false;
    storage_read_begin();
    for (int c = 0; c < ncols; c++) {
        StorageVectorRef ref;
        if (storage_table_vector(t, count, g, vec, c, &ref) != 0 || ref.data == NULL) {
            memset(b[c].copy, 0, b[c].width * n);
            memset(b[c].bits, 0, sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
            continue;
        }
        memcpy(b[c].copy, ref.data, b[c].width * n);
        if (ref.validity)
            memcpy(b[c].bits, ref.validity, sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
        else
            memset(b[c].bits, 0xff, sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
    }
    uint32_t k = storage_vector_visibility(t, g, vec, n, snap, sel, &all, &need_undo);
    if (need_undo)
        for (int c = 0; c < ncols; c++)
            storage_vector_apply_undo(t, g, vec, c, snap, b[c].copy, b[c].bits);
    storage_read_end();
    for (uint32_t i = 0; i < k; i++) ids[i] = (int64_t)(start + (all ? i : sel[i]));
    for (int c = 0; c < ncols; c++) {
        size_t w = b[c].width;
        memset(b[c].outbits, 0, sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
        for (uint32_t i = 0; i < k; i++) {
            uint32_t r = all ? i : sel[i];
            memcpy(b[c].out + (size_t)i * w, b[c].copy + (size_t)r * w, w);
            if (b[c].bits[r / 64] >> (r % 64) & 1) b[c].outbits[i / 64] |= UINT64_C(1) << (i % 64);
        }
    }
    return k;
}

int storage_checkpoint_write(StorageTable *t, const StorageSnapshot *snap, const char *path,
                             const char *const *names, uint64_t *rows, OmError *err)
{
    int ncols = storage_table_ncols(t);
    *rows = 0;
    ParquetColumnDef *defs = calloc((size_t)ncols + 1, sizeof(ParquetColumnDef));
    StorageVectorRef *refs = calloc((size_t)ncols + 1, sizeof(StorageVectorRef));
    ColBuf *b = calloc((size_t)ncols + 1, sizeof(ColBuf));
    int64_t *ids = malloc(sizeof(int64_t) * STORAGE_VECTOR_ROWS);
    bool oom = !defs || !refs || !b || !ids;
    for (int c = 0; c < ncols && !oom; c++) {
        b[c].width = type_info(storage_table_column_type(t, c).id)->width;
        b[c].copy = malloc(b[c].width * STORAGE_VECTOR_ROWS);
        b[c].out = malloc(b[c].width * STORAGE_VECTOR_ROWS);
        b[c].bits = malloc(sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
        b[c].outbits = malloc(sizeof(uint64_t) * CKPT_VALIDITY_WORDS);
        oom = !b[c].copy || !b[c].out || !b[c].bits || !b[c].outbits;
    }
    int rc = -1;
    ParquetWriter *w = NULL;
    if (oom) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    defs[0] = (ParquetColumnDef){STORAGE_CHECKPOINT_ROW_ID, {TYPE_INT8, TYPMOD_NONE}, false};
    for (int c = 0; c < ncols; c++)
        defs[c + 1] = (ParquetColumnDef){names[c], storage_table_column_type(t, c), true};
    ParquetWriteOptions opts;
    parquet_write_options_init(&opts);
    w = parquet_writer_open(path, ncols + 1, defs, &opts, err);
    if (!w) goto out;
    uint64_t count = storage_table_row_count(t);
    uint64_t ngroups = storage_table_group_count(count);
    for (uint64_t g = 0; g < ngroups; g++) {
        for (uint32_t vec = 0; vec < STORAGE_GROUP_VECTORS; vec++) {
            uint64_t start = g * STORAGE_GROUP_ROWS + (uint64_t)vec * STORAGE_VECTOR_ROWS;
            if (start >= count) break;
            uint32_t k = read_vector(t, count, g, vec, snap, b, ids);
            if (k == 0) continue;
            refs[0] = (StorageVectorRef){ids, NULL, k};
            for (int c = 0; c < ncols; c++)
                refs[c + 1] = (StorageVectorRef){b[c].out, b[c].outbits, k};
            if (parquet_writer_append(w, refs, k, err) != 0) goto out;
            *rows += k;
        }
        if (parquet_writer_end_group(w, err) != 0) goto out;
    }
    rc = parquet_writer_close(w, err);
    w = NULL;
out:
    parquet_writer_abort(w);
    free_bufs(b, ncols);
    free(defs);
    free(refs);
    free(ids);
    return rc;
}

/* ---- loading ---- */

static int mismatch(const char *path, const char *what, OmError *err)
{
    return ERR(err, SQLSTATE_DATA_CORRUPTED, "checkpoint file \"%s\" does not match its table: %s",
               path, what);
}

static int check_schema(StorageTable *t, ParquetReader *r, const char *path, OmError *err)
{
    int ncols = storage_table_ncols(t);
    if (parquet_reader_ncols(r) != ncols + 1) return mismatch(path, "number of columns", err);
    const ParquetColumnDef *id = parquet_reader_column(r, 0);
    if (id->type.id != TYPE_INT8 || strcmp(id->name, STORAGE_CHECKPOINT_ROW_ID) != 0)
        return mismatch(path, "no row id column", err);
    for (int c = 0; c < ncols; c++) {
        OmType want = storage_table_column_type(t, c);
        OmType got = parquet_reader_column(r, c + 1)->type;
        if (want.id != got.id || want.typmod != got.typmod)
            return mismatch(path, "column types", err);
    }
    return 0;
}

/* Appends file rows [s, s+m) of one row group: runs of consecutive ids. */
static int load_slice(StorageTable *t, const int64_t *ids, uint32_t m, Vector *vecs,
                      const uint16_t *iota, const char *path, OmError *err)
{
    int ncols = storage_table_ncols(t);
    uint32_t i = 0;
    while (i < m) {
        int64_t first = ids[i];
        if (first < 0 || (uint64_t)first < storage_table_pending_count(t) ||
            (uint64_t)first >= MAX_ROW_ID)
            return ERR(err, SQLSTATE_DATA_CORRUPTED,
                       "invalid checkpoint file \"%s\": row id %lld out of order", path,
                       (long long)first);
        uint32_t j = i + 1;
        while (j < m && ids[j] == first + (int64_t)(j - i)) j++;
        Chunk chunk = {.ncols = ncols, .cols = vecs, .count = j - i, .sel = iota + i};
        if (storage_redo_append_at(t, (uint64_t)first, &chunk, err) != 0) return -1;
        i = j;
    }
    return 0;
}

int storage_checkpoint_load(StorageTable *t, const char *path, uint64_t *rows, OmError *err)
{
    *rows = 0;
    ParquetReader *r = parquet_reader_open(path, err);
    if (!r) return -1;
    int ncols = storage_table_ncols(t);
    Arena *arena = arena_create(NULL, "checkpoint load");
    Vector *vecs = calloc((size_t)ncols + 1, sizeof(Vector));
    void **data = calloc((size_t)ncols + 1, sizeof(void *));
    uint64_t **valid = calloc((size_t)ncols + 1, sizeof(uint64_t *));
    uint16_t *iota = malloc(sizeof(uint16_t) * STORAGE_VECTOR_ROWS);
    int rc = -1;
    if (!arena || !vecs || !data || !valid || !iota) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    for (int i = 0; i < STORAGE_VECTOR_ROWS; i++) iota[i] = (uint16_t)i;
    if (check_schema(t, r, path, err) != 0) goto out;
    uint32_t ngroups = parquet_reader_group_count(r);
    for (uint32_t g = 0; g < ngroups; g++) {
        arena_reset(arena);
        uint64_t nrows = parquet_reader_group_rows(r, g);
        for (int c = 0; c <= ncols; c++)
            if (parquet_reader_read_column(r, g, c, arena, &data[c], &valid[c], err) != 0) goto out;
        if (valid[0] != NULL) {
            mismatch(path, "NULL row id", err);
            goto out;
        }
        const int64_t *ids = data[0];
        for (uint64_t s = 0; s < nrows; s += STORAGE_VECTOR_ROWS) {
            uint32_t m =
                nrows - s > STORAGE_VECTOR_ROWS ? STORAGE_VECTOR_ROWS : (uint32_t)(nrows - s);
            for (int c = 0; c < ncols; c++) {
                OmType type = storage_table_column_type(t, c);
                size_t w = type_info(type.id)->width;
                vecs[c] = (Vector){.type = type, .kind = VEC_FLAT, .readonly = true};
                vecs[c].data = (uint8_t *)data[c + 1] + s * w;
                vecs[c].validity = valid[c + 1] ? valid[c + 1] + s / 64 : NULL;
            }
            if (load_slice(t, ids + s, m, vecs, iota, path, err) != 0) goto out;
        }
        *rows += nrows;
    }
    rc = 0;
out:
    parquet_reader_close(r);
    if (arena) arena_destroy(arena);
    free(vecs);
    free(data);
    free(valid);
    free(iota);
    return rc;
}
