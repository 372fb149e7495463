/*
 * index_int.h — declarations shared by the index implementations, not by callers.
 *
 * Every implementation's iterator starts with IndexIterHead so that index_iter_next
 * can dispatch without knowing the kind.
 */
#ifndef OMENDB_INDEX_INDEX_INT_H
#define OMENDB_INDEX_INDEX_INT_H

#include "index/index_am.h"

struct IndexIter {
    const IndexAm *am;
};

extern const IndexAm alex_int64_am;
extern const IndexAm alex_double_am;
extern const IndexAm btree_am;

#endif
