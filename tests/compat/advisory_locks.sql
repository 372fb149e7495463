-- Advisory locks within one session (tests/integration/test_advisory.c has
-- the waits between sessions): return values, re-entry, the two key spaces,
-- shared and transaction-level locks, NULL keys, and pg_locks.
SELECT pg_advisory_lock(42);
SELECT pg_try_advisory_lock(42), pg_try_advisory_lock_shared(43), pg_try_advisory_lock(1, 2);
SELECT pg_advisory_lock(-1), pg_advisory_lock(9223372036854775807), pg_advisory_lock(-5, 7);
SELECT locktype, classid, objid, objsubid, mode, granted, fastpath
  FROM pg_locks WHERE locktype = 'advisory' ORDER BY objsubid, classid, objid, mode;
SELECT pg_advisory_unlock(42), pg_advisory_unlock(42), pg_advisory_unlock(42);
SELECT pg_advisory_unlock(43), pg_advisory_unlock_shared(43), pg_advisory_unlock_shared(43);
SELECT pg_advisory_unlock(1, 2), pg_advisory_unlock(2, 1);
SELECT pg_advisory_unlock_all();
SELECT count(*) FROM pg_locks WHERE locktype = 'advisory';
SELECT pg_advisory_lock(NULL), pg_try_advisory_lock(NULL::bigint), pg_advisory_unlock(NULL, 1);
BEGIN;
SELECT pg_advisory_xact_lock(5), pg_try_advisory_xact_lock(5), pg_try_advisory_xact_lock_shared(6);
SELECT pg_advisory_xact_lock(3, 4), pg_advisory_xact_lock_shared(3, 5);
SELECT objid, objsubid, mode FROM pg_locks WHERE locktype = 'advisory' ORDER BY 2, 1, 3;
SELECT pg_advisory_unlock(5);
COMMIT;
SELECT count(*) FROM pg_locks WHERE locktype = 'advisory';
BEGIN;
SELECT pg_advisory_lock(10), pg_advisory_xact_lock(11);
ROLLBACK;
SELECT objid FROM pg_locks WHERE locktype = 'advisory';
SELECT pg_advisory_unlock_all();
SELECT pg_try_advisory_lock(k) FROM generate_series(1, 3) k;
SELECT count(*) FROM pg_locks WHERE locktype = 'advisory';
SELECT pg_advisory_unlock_all();
