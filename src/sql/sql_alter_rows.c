/*
 * sql_alter_rows.c — reading a table's rows for ALTER TABLE: validation
 * (SET NOT NULL, CHECK) and building a column from an expression per row
 * (ADD COLUMN with a volatile default, ALTER COLUMN TYPE ... USING).
 *
 * Rows are read straight from storage, vector by vector, newest values,
 * skipping dead rows (rolled-back inserts, deletes by committed
 * transactions): the caller holds the catalog lock exclusively and no other
 * transaction has uncommitted writes in the table, so the newest values are
 * the committed ones.
 */
#include <string.h>
#include <time.h>

#include "exec/func_registry.h"
#include "sql/sql_alter.h"

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((int64_t)ts.tv_sec - INT64_C(946684800)) * 1000000 + ts.tv_nsec / 1000;
}

void alter_eval_init(StmtCtx *sc, AlterEval *ae)
{
    SqlSession *s = sc->session;
    memset(ae, 0, sizeof(*ae));
    ae->arena = arena_create(sc->arena, "alter rows");
    ExecState *es = &ae->es;
    sql_exec_state_init(es, s, sc->arena, sc->err);
    es->stmt_start_us = now_us();
    func_set_statement_timestamp(es->stmt_start_us);
    EvalCtx *ev = &ae->ev;
    ev->arena = ae->arena;
    ev->err = sc->err;
    ev->cancel = &s->cancel;
    ev->settings = &s->settings;
    ev->exec_state = es;
    ev->catalog = s->db->catalog;
}

void alter_eval_fini(AlterEval *ae)
{
    if (ae->arena) arena_destroy(ae->arena);
    ae->arena = NULL;
}

bool alter_table_has_rows(CatTable *t)
{
    uint64_t rows = storage_table_all_rows(t->storage);
    for (uint64_t r = 0; r < rows; r++) {
        uint64_t holder;
        if (storage_row_liveness(t->storage, r, 0, &holder) != ROW_DEAD) return true;
    }
    return false;
}

int alter_scan_rows(StmtCtx *sc, AlterEval *ae, CatTable *t, AlterRowsFn fn, void *ctx)
{
    StorageTable *st = t->storage;
    uint64_t rows = storage_table_all_rows(st);
    int ncols = storage_table_ncols(st);
    Chunk chunk;
    chunk.ncols = ncols;
    chunk.cols = ARENA_NEW_ARRAY(sc->arena, Vector, ncols > 0 ? ncols : 1);
    uint16_t *sel = ARENA_NEW_ARRAY(sc->arena, uint16_t, STORAGE_VECTOR_ROWS);
    for (uint64_t first = 0; first < rows; first += STORAGE_VECTOR_ROWS) {
        uint64_t group = first / STORAGE_GROUP_ROWS;
        uint32_t vec = (uint32_t)((first % STORAGE_GROUP_ROWS) / STORAGE_VECTOR_ROWS);
        uint32_t nrows =
            (uint32_t)(rows - first < STORAGE_VECTOR_ROWS ? rows - first : STORAGE_VECTOR_ROWS);
        uint32_t nlive = 0;
        for (uint32_t i = 0; i < nrows; i++) {
            uint64_t holder;
            if (storage_row_liveness(st, first + i, 0, &holder) != ROW_DEAD)
                sel[nlive++] = (uint16_t)i;
        }
        for (int c = 0; c < ncols; c++) {
            Vector *v = &chunk.cols[c];
            memset(v, 0, sizeof(*v));
            v->type = storage_table_column_type(st, c);
            v->kind = VEC_FLAT;
            v->readonly = true;
            StorageVectorRef ref;
            if (storage_table_vector(st, rows, group, vec, c, &ref) != 0)
                return ERR(sc->err, SQLSTATE_DATA_CORRUPTED,
                           "missing column data in row group %llu of table \"%s\"",
                           (unsigned long long)group, t->name);
            v->data = (void *)ref.data;
            v->validity = (uint64_t *)ref.validity;
        }
        chunk.count = nlive;
        chunk.sel = nlive == nrows ? NULL : sel;
        if (atomic_load(&sc->session->cancel))
            return ERR(sc->err, SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
        int rc = fn(ctx, ae, group, vec, nrows, &chunk);
        arena_reset(ae->arena);
        if (rc != 0) return rc;
    }
    return 0;
}

typedef struct BuildCtx {
    StmtCtx *sc;
    CatTable *t;
    const Expr *expr;
    OmType type;
    bool not_null;
    const char *colname;
    StorageColumn *col;
} BuildCtx;

static int build_vector(void *vctx, AlterEval *ae, uint64_t group, uint32_t vec, uint32_t nrows,
                        const Chunk *chunk)
{
    BuildCtx *b = vctx;
    Vector res;
    vector_init_flat(&res, b->type, ae->arena);
    for (uint32_t i = 0; i < nrows; i++) vector_set_null(&res, i, ae->arena);
    if (chunk->count > 0) {
        Vector out;
        memset(&out, 0, sizeof(out));
        if (expr_eval(b->expr, chunk, &out, &ae->ev) != 0) return -1;
        for (uint32_t i = 0; i < chunk->count; i++) {
            uint32_t pos = chunk_row(chunk, i);
            Value v;
            vector_get_value(&out, pos, &v);
            if (v.is_null) {
                if (b->not_null)
                    return ERR(b->sc->err, SQLSTATE_NOT_NULL_VIOLATION,
                               "column \"%s\" of relation \"%s\" contains null values", b->colname,
                               b->t->name);
                continue;
            }
            v.type = b->type;
            vector_set_value(&res, pos, &v);
            vector_set_valid(&res, pos);
        }
    }
    if (storage_column_fill(b->col, group, vec, &res, nrows) != 0)
        return ERR(b->sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    return 0;
}

StorageColumn *alter_build_column(StmtCtx *sc, CatTable *t, const Expr *expr, OmType type,
                                  bool not_null, const char *colname)
{
    BuildCtx b = {sc, t, expr, type, not_null, colname, NULL};
    b.col = storage_column_create(t->storage, type);
    if (!b.col) {
        ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    AlterEval ae;
    alter_eval_init(sc, &ae);
    int rc = alter_scan_rows(sc, &ae, t, build_vector, &b);
    alter_eval_fini(&ae);
    if (rc != 0) {
        storage_column_free(b.col);
        return NULL;
    }
    return b.col;
}

typedef struct NullCtx {
    StmtCtx *sc;
    CatTable *t;
    int col;
} NullCtx;

static int null_vector(void *vctx, AlterEval *ae, uint64_t group, uint32_t vec, uint32_t nrows,
                       const Chunk *chunk)
{
    (void)ae, (void)group, (void)vec, (void)nrows;
    NullCtx *n = vctx;
    const Vector *v = &chunk->cols[n->col];
    for (uint32_t i = 0; i < chunk->count; i++)
        if (!vector_is_valid(v, chunk_row(chunk, i)))
            return ERR(n->sc->err, SQLSTATE_NOT_NULL_VIOLATION,
                       "column \"%s\" of relation \"%s\" contains null values",
                       n->t->cols[n->col].name, n->t->name);
    return 0;
}

int alter_check_not_null(StmtCtx *sc, CatTable *t, int col)
{
    NullCtx n = {sc, t, col};
    AlterEval ae;
    alter_eval_init(sc, &ae);
    int rc = alter_scan_rows(sc, &ae, t, null_vector, &n);
    alter_eval_fini(&ae);
    return rc;
}

bool alter_expr_volatile(const Expr *e)
{
    if (!e) return false;
    if ((e->kind == EXPR_FUNC || e->kind == EXPR_NULLIF || e->kind == EXPR_IN_LIST ||
         e->kind == EXPR_ANY_ARRAY) &&
        e->u.func.def && (e->u.func.def->flags & FUNC_VOLATILE))
        return true;
    for (int i = 0; i < e->nargs; i++)
        if (alter_expr_volatile(e->args[i])) return true;
    return false;
}

void alter_log_values(StmtCtx *sc, CatTable *t, int col)
{
    if (sc->n_ddl_values >= 8) return; /* more: replay computes them again */
    sc->ddl_value_tables[sc->n_ddl_values] = t->storage;
    sc->ddl_value_cols[sc->n_ddl_values] = col;
    sc->n_ddl_values++;
}
