/*
 * sql_seq_restart.c — TRUNCATE ... RESTART IDENTITY's sequence resets and their
 * undo (see sql_seq_restart.h). Invariant: s->seq_restarts lists, oldest first,
 * every reset of the running transaction not yet undone, each with the state it
 * replaced; the list is empty outside a transaction.
 */
#include "sql/sql_seq_restart.h"

#include <stdlib.h>

#include "exec/func_sequence.h"

int sql_seq_restart_table(StmtCtx *sc, CatTable *t)
{
    SqlSession *s = sc->session;
    Catalog *cat = s->db->catalog;
    for (int c = 0; c < t->ncols; c++) {
        CatSequence *seq = catalog_sequence_owned_by(cat, t->oid, t->cols[c].name);
        if (!seq) continue;
        if (s->n_seq_restarts == s->cap_seq_restarts) {
            int cap = s->cap_seq_restarts ? s->cap_seq_restarts * 2 : 4;
            SeqRestart *grown = realloc(s->seq_restarts, sizeof(SeqRestart) * (size_t)cap);
            if (!grown) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            s->seq_restarts = grown;
            s->cap_seq_restarts = cap;
        }
        SeqRestart *r = &s->seq_restarts[s->n_seq_restarts];
        r->seq = seq->oid;
        r->depth = s->nsavepoints;
        int rc =
            func_sequence_put(cat, seq, true, 0, false, &r->old_value, &r->old_called, sc->err);
        /* Kept even when it failed: the reset may be in place but not yet durable,
         * and undoing one that never happened writes back the same state. */
        s->n_seq_restarts++;
        if (rc != 0) return -1;
    }
    return 0;
}

/* Puts back the states of the resets from index `from` on, newest first. */
static void undo_from(SqlSession *s, int from)
{
    if (s->n_seq_restarts <= from) return;
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    for (int i = s->n_seq_restarts; i-- > from;) {
        const SeqRestart *r = &s->seq_restarts[i];
        CatSequence *seq = catalog_sequence_by_oid(cat, r->seq);
        if (!seq) continue; /* dropped since (DDL is not transactional) */
        int64_t v;
        bool called;
        OmError err;
        error_clear(&err);
        /* A failure here (the log cannot be written) leaves the reset in place; the
         * log's own failure handling stops further writes. */
        (void)func_sequence_put(cat, seq, false, r->old_value, r->old_called, &v, &called, &err);
    }
    catalog_unlock(cat);
    s->n_seq_restarts = from;
}

void sql_seq_restart_end(SqlSession *s, bool committed)
{
    if (!committed) undo_from(s, 0);
    s->n_seq_restarts = 0;
}

void sql_seq_restart_rollback_to(SqlSession *s, int i)
{
    int from = 0;
    while (from < s->n_seq_restarts && s->seq_restarts[from].depth <= i) from++;
    undo_from(s, from);
}

void sql_seq_restart_release(SqlSession *s, int i)
{
    for (int k = 0; k < s->n_seq_restarts; k++)
        if (s->seq_restarts[k].depth > i) s->seq_restarts[k].depth = i;
}
