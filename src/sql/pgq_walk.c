/*
 * pgq_walk.c — the generic parse-tree walk (pgq_walk.h). libpg_query's
 * protobuf-c structs carry descriptors, so every message field is reached
 * through them: singular and repeated message fields, and a oneof field only
 * when it is the member that is set (a Node's one child).
 */
#include "sql/pgq_walk.h"

static int walk(const ProtobufCMessage *m, int depth, int max_depth, PgqVisit visit, void *ctx)
{
    if (!m) return 0;
    if (depth > max_depth) return -2;
    int v = visit(m, ctx);
    if (v != 0) return v < 0 ? -1 : 0;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    const char *base = (const char *)m;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE) continue;
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            uint32_t which = *(const uint32_t *)(const void *)(base + f->quantifier_offset);
            if (which != f->id) continue;
        }
        int rc = 0;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)(const void *)(base + f->quantifier_offset);
            ProtobufCMessage *const *items =
                *(ProtobufCMessage *const *const *)(const void *)(base + f->offset);
            for (size_t k = 0; k < n && rc == 0; k++)
                rc = walk(items[k], depth + 1, max_depth, visit, ctx);
        } else {
            const ProtobufCMessage *sub =
                *(const ProtobufCMessage *const *)(const void *)(base + f->offset);
            rc = walk(sub, depth + 1, max_depth, visit, ctx);
        }
        if (rc != 0) return rc;
    }
    return 0;
}

int pgq_walk(const ProtobufCMessage *m, int max_depth, PgqVisit visit, void *ctx)
{
    return walk(m, 0, max_depth, visit, ctx);
}
