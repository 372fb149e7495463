-- LISTEN / UNLISTEN / NOTIFY and pg_notify within one session (delivery across
-- sessions: tests/clients/test_psycopg2.py): tags, errors, transactions.
LISTEN c1;
LISTEN "Mixed Case";
LISTEN c1;
NOTIFY c1;
NOTIFY c1, 'payload';
SELECT pg_notify('c1', 'from a function');
SELECT pg_notify('c1', NULL);
SELECT pg_notify(NULL, 'x');
SELECT pg_notify('', 'x');
SELECT pg_notify('c1', repeat('x', 8000));
NOTIFY c1, 'still fine';
UNLISTEN c1;
UNLISTEN nosuch;
UNLISTEN *;
BEGIN READ ONLY;
NOTIFY c1, 'read only is fine';
LISTEN c2;
ROLLBACK;
BEGIN;
SAVEPOINT s;
NOTIFY c1, 'x';
ROLLBACK TO s;
RELEASE s;
COMMIT;
SELECT pg_notify(c, 'p') FROM (VALUES ('a'), ('b')) v(c);
