/*
 * storage_redo.c — storage's side of the redo log (storage_redo.h): table
 * OIDs and update columns for encoding at commit, and the recovery-time
 * writers that put logged rows back at their original row ids.
 *
 * Recovery writes bypass the MVCC write path: there are no snapshots and no
 * concurrent readers yet, so rows get their commit version directly and
 * updates overwrite values without before-images. Gaps in row ids (rows whose
 * transaction rolled back or never reached the log) become dead rows.
 */
#include "storage/storage_redo.h"

#include <string.h>

#include "storage/storage_int.h"

void storage_table_set_oid(StorageTable *t, uint32_t oid)
{
    t->oid = oid;
}

uint32_t storage_table_oid(const StorageTable *t)
{
    return t->oid;
}

void storage_table_set_unlogged(StorageTable *t)
{
    t->unlogged = true;
}

bool storage_table_unlogged(const StorageTable *t)
{
    return t->unlogged;
}

void storage_table_set_ddl_gen(StorageTable *t, uint64_t gen)
{
    __atomic_store_n(&t->ddl_gen, gen, __ATOMIC_RELEASE);
}

uint64_t storage_table_ddl_gen(const StorageTable *t)
{
    return __atomic_load_n(&t->ddl_gen, __ATOMIC_ACQUIRE);
}

void storage_table_set_ddl_lock(StorageTable *t, uint64_t gen)
{
    __atomic_store_n(&t->ddl_lock_gen, gen, __ATOMIC_RELEASE);
}

uint64_t storage_table_ddl_lock(const StorageTable *t)
{
    return __atomic_load_n(&t->ddl_lock_gen, __ATOMIC_ACQUIRE);
}

int storage_undo_ncols(const UndoRow *r)
{
    return r->ncols;
}

int storage_undo_col(const UndoRow *r, int k)
{
    return r->cols[k].col;
}

static void locate(uint64_t row, uint64_t *group, uint32_t *vec, uint32_t *off)
{
    *group = row / STORAGE_GROUP_ROWS;
    uint32_t in_group = (uint32_t)(row % STORAGE_GROUP_ROWS);
    *vec = in_group / STORAGE_VECTOR_ROWS;
    *off = in_group % STORAGE_VECTOR_ROWS;
}

/* The version record of a row's vector, or NULL if the row does not exist. */
static VectorVersion *row_versions(StorageTable *t, uint64_t row, RowGroup **g_out, uint32_t *vec,
                                   uint32_t *off)
{
    uint64_t group;
    locate(row, &group, vec, off);
    if (row >= t->pending) return NULL;
    RowGroup *g = storage_group_get(t, group);
    if (g_out) *g_out = g;
    return g ? g->ver[*vec] : NULL;
}

/* Appends `count` rows whose column c is the constant vals[c] (NULL vals: all
 * NULL), then gives them insert version `version`. */
static int append_constant(StorageTable *t, const Value *vals, uint64_t count, uint64_t version,
                           OmError *err)
{
    Vector *vecs = storage_malloc(sizeof(Vector) * (size_t)(t->ncols > 0 ? t->ncols : 1));
    if (vecs == NULL) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    static const uint64_t null_word = 0;
    static const StoragePayload zero;
    for (int c = 0; c < t->ncols; c++) {
        memset(&vecs[c], 0, sizeof(Vector));
        vecs[c].type = t->types[c];
        vecs[c].kind = VEC_CONSTANT;
        vecs[c].readonly = true;
        bool is_null = vals == NULL || vals[c].is_null;
        vecs[c].data = is_null ? (void *)&zero : (void *)value_payload(&vals[c]);
        vecs[c].validity = is_null ? (uint64_t *)&null_word : NULL;
    }
    int rc = 0;
    while (count > 0 && rc == 0) {
        Chunk chunk = {.ncols = t->ncols, .cols = vecs, .sel = NULL};
        chunk.count = count > STORAGE_VECTOR_ROWS ? STORAGE_VECTOR_ROWS : (uint32_t)count;
        uint64_t first;
        rc = storage_table_append_txn(t, &chunk, VERSION_TXN_BASE, &first, err);
        if (rc == 0) storage_rows_set_insert_version(t, first, chunk.count, version);
        count -= chunk.count;
    }
    storage_free(vecs, sizeof(Vector) * (size_t)(t->ncols > 0 ? t->ncols : 1));
    return rc;
}

/* The most dead rows one gap may add. A logged row id is trusted (the record's
 * checksum held), and a gap is as long as the rolled-back inserts before it, so
 * there is no limit; fuzzing builds, which let records with a wrong checksum
 * through (wal_format.c), bound it so that a mutated row id fails quickly
 * instead of appending billions of dead rows. */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define REDO_MAX_GAP ((uint64_t)1 << 20)
#else
#define REDO_MAX_GAP UINT64_MAX
#endif

/* Fills row ids [t->pending, row) with dead rows. */
static int pad_to(StorageTable *t, uint64_t row, OmError *err)
{
    if (row == t->pending) return 0;
    if (row - t->pending > REDO_MAX_GAP)
        return ERR(err, SQLSTATE_DATA_CORRUPTED,
                   "redo places row %llu far beyond the %llu rows of table with OID %u",
                   (unsigned long long)row, (unsigned long long)t->pending, t->oid);
    return append_constant(t, NULL, row - t->pending, VERSION_ABORTED, err);
}

int storage_redo_insert(StorageTable *t, uint64_t row, const Value *vals, uint64_t version,
                        OmError *err)
{
    if (row >= t->pending) {
        if (pad_to(t, row, err) != 0) return -1;
        return append_constant(t, vals, 1, version, err);
    }
    RowGroup *g = NULL;
    uint32_t vec, off;
    VectorVersion *vv = row_versions(t, row, &g, &vec, &off);
    if (vv == NULL || vv->insert_id[off] != VERSION_ABORTED)
        return ERR(err, SQLSTATE_DATA_CORRUPTED,
                   "redo log inserts row %llu twice into table with OID %u",
                   (unsigned long long)row, t->oid);
    for (int c = 0; c < t->ncols; c++) {
        if (column_segment_set(&g->segs[c], vec, off, value_payload(&vals[c]), vals[c].is_null))
            return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    vv->insert_id[off] = version;
    vv->dead_inserts--;
    if (version > vv->max_insert) vv->max_insert = version;
    return 0;
}

int storage_redo_append_at(StorageTable *t, uint64_t row, const Chunk *chunk, OmError *err)
{
    if (row < t->pending)
        return ERR(err, SQLSTATE_DATA_CORRUPTED,
                   "checkpoint places row %llu twice into table with OID %u",
                   (unsigned long long)row, t->oid);
    if (pad_to(t, row, err) != 0) return -1;
    if (storage_table_append(t, chunk, NULL, err) != 0) {
        storage_table_rollback(t);
        return -1;
    }
    storage_table_commit(t);
    return 0;
}

int storage_redo_update(StorageTable *t, uint64_t row, int ncols, const int *cols,
                        const Value *vals, OmError *err)
{
    RowGroup *g = NULL;
    uint32_t vec, off;
    VectorVersion *vv = row_versions(t, row, &g, &vec, &off);
    if (g == NULL || (vv && vv->insert_id[off] == VERSION_ABORTED))
        return ERR(err, SQLSTATE_DATA_CORRUPTED,
                   "redo log updates row %llu of table with OID %u, which does not exist",
                   (unsigned long long)row, t->oid);
    for (int k = 0; k < ncols; k++) {
        if (cols[k] < 0 || cols[k] >= t->ncols)
            return ERR(err, SQLSTATE_DATA_CORRUPTED,
                       "redo log names column %d of a %d-column table", cols[k], t->ncols);
        if (column_segment_set(&g->segs[cols[k]], vec, off, value_payload(&vals[k]),
                               vals[k].is_null))
            return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    return 0;
}

int storage_redo_delete(StorageTable *t, uint64_t row, uint64_t version, OmError *err)
{
    RowGroup *g = NULL;
    uint32_t vec, off;
    VectorVersion *vv = row_versions(t, row, &g, &vec, &off);
    if (vv == NULL && g != NULL) {
        /* a row loaded from a checkpoint: no versions yet (visible to all) */
        vv = vector_version_ensure(g, vec);
        if (vv == NULL) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    if (vv == NULL || vv->insert_id[off] == VERSION_ABORTED ||
        (vv->delete_id && vv->delete_id[off] != 0))
        return ERR(err, SQLSTATE_DATA_CORRUPTED,
                   "redo log deletes row %llu of table with OID %u, which is not live",
                   (unsigned long long)row, t->oid);
    if (vv->delete_id == NULL) {
        vv->delete_id = storage_calloc(STORAGE_VECTOR_ROWS, sizeof(uint64_t));
        if (vv->delete_id == NULL) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    vv->delete_id[off] = version;
    vv->ndeletes++;
    return 0;
}

int storage_redo_rebuild_unique(StorageTable *t, OmError *err)
{
    for (int i = 0; i < t->nunique; i++) {
        if (t->unique[i].computed) continue; /* the SQL layer's (sql_recovery.c) */
        uint64_t dup = 0;
        int rc = storage_unique_rebuild_columns(t, i, &dup);
        if (rc == -2)
            return ERR(err, SQLSTATE_DATA_CORRUPTED,
                       "redo log leaves two live rows with equal unique keys in table with OID %u",
                       t->oid);
        if (rc < 0) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    return 0;
}
