/*
 * op_seq_scan.h — statistics of the columnar scan operator for EXPLAIN ANALYZE.
 */
#ifndef OMENDB_EXEC_OP_SEQ_SCAN_H
#define OMENDB_EXEC_OP_SEQ_SCAN_H

#include <stdint.h>

#include "exec/operator.h"

/* Number of 2048-row vectors the scan skipped thanks to zone maps (a pruned
 * row group counts its 60 vectors). 0 for an operator that is not a seq scan. */
uint64_t op_seq_scan_pruned(const Operator *op);
/* Number of vectors the scan read (after pruning). */
uint64_t op_seq_scan_vectors_read(const Operator *op);

#endif
