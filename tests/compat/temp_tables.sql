-- Temporary tables: CREATE TEMP TABLE and its forms, shadowing, pg_temp,
-- ON COMMIT actions, DML/DDL on them, catalogs, temp views, errors.
-- (Schema names pg_temp_N differ between servers: never printed.)

CREATE TABLE items (id int PRIMARY KEY, name text);
INSERT INTO items VALUES (1, 'perm one'), (2, 'perm two');

-- a temporary table shadows the permanent one
CREATE TEMP TABLE items (id int PRIMARY KEY, name text, qty int DEFAULT 3);
INSERT INTO items (id, name) VALUES (10, 'temp ten');
SELECT * FROM items ORDER BY id;
SELECT * FROM public.items ORDER BY id;
SELECT * FROM pg_temp.items ORDER BY id;
SELECT count(*) FROM items i JOIN public.items p ON p.id * 10 = i.id;
DROP TABLE items;
SELECT * FROM items ORDER BY id;

-- TEMPORARY spelling, serial, constraints, defaults, indexes
CREATE TEMPORARY TABLE t1 (id serial PRIMARY KEY, code text UNIQUE, n int NOT NULL CHECK (n > 0),
                           created date DEFAULT '2024-01-02');
INSERT INTO t1 (code, n) VALUES ('a', 1), ('b', 2), ('c', 3);
SELECT * FROM t1 ORDER BY id;
INSERT INTO t1 (code, n) VALUES ('a', 5);
INSERT INTO t1 (code, n) VALUES ('d', 0);
INSERT INTO t1 (code, n) VALUES ('e', NULL);
CREATE INDEX t1_n_idx ON t1 (n);
CREATE UNIQUE INDEX ON t1 (n, code);
SELECT relname, relpersistence, relkind FROM pg_class
  WHERE relname LIKE 't1%' AND relkind <> 'S' ORDER BY relname;
SELECT c.relname, n.oid = pg_my_temp_schema() AS in_my_temp_schema FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 't1';
SELECT pg_is_other_temp_schema(pg_my_temp_schema());
SELECT nspname LIKE 'pg_temp_%' FROM pg_namespace WHERE oid = pg_my_temp_schema();
SELECT relpersistence FROM pg_class WHERE relname = 'items';
SELECT table_name, table_type FROM information_schema.tables
  WHERE table_name IN ('t1', 'items') ORDER BY 1;
SELECT pg_table_is_visible('t1'::regclass);

-- DML, locking, EXPLAIN-free checks, TRUNCATE
UPDATE t1 SET n = n * 10 WHERE code <> 'a' RETURNING code, n;
DELETE FROM t1 WHERE code = 'c' RETURNING id;
SELECT code FROM t1 WHERE n > 1 ORDER BY code FOR UPDATE;
BEGIN;
INSERT INTO t1 (code, n) VALUES ('x', 9);
ROLLBACK;
SELECT count(*) FROM t1;
TRUNCATE t1;
SELECT count(*) FROM t1;
INSERT INTO t1 (code, n) VALUES ('z', 4);
SELECT id, code FROM t1;

-- ALTER TABLE and renames
ALTER TABLE t1 ADD COLUMN extra text DEFAULT 'e';
ALTER TABLE t1 RENAME COLUMN extra TO more;
ALTER TABLE t1 RENAME TO t1r;
SELECT code, more FROM t1r;
ALTER INDEX t1_n_idx RENAME TO t1r_n_idx;
SELECT relname FROM pg_class WHERE relname LIKE 't1r%' ORDER BY 1;
DROP INDEX t1r_n_idx;
ALTER TABLE t1r DROP COLUMN more;
SELECT * FROM t1r;

-- CREATE TEMP TABLE AS, SELECT INTO TEMP, LIKE
CREATE TEMP TABLE t2 AS SELECT g AS k, g * 2 AS v FROM generate_series(1, 5) g;
SELECT * FROM t2 ORDER BY k;
SELECT k, v INTO TEMP t3 FROM t2 WHERE k > 3;
SELECT * FROM t3 ORDER BY k;
SELECT k INTO TEMPORARY TABLE t4 FROM t2 WHERE k = 1;
SELECT * FROM t4;
CREATE TEMP TABLE t5 (LIKE public.items);
INSERT INTO t5 VALUES (1, 'x');
SELECT * FROM t5;
CREATE TEMP TABLE t6 AS SELECT * FROM t2 WITH NO DATA;
SELECT count(*) FROM t6;
CREATE TEMP TABLE IF NOT EXISTS t6 (a int);
CREATE TEMP TABLE t6 (a int);

-- pg_temp as a schema name
CREATE TABLE pg_temp.t7 (a int);
INSERT INTO pg_temp.t7 VALUES (7);
SELECT * FROM t7;
SELECT relpersistence FROM pg_class WHERE relname = 't7';
SELECT * FROM pg_temp.no_such_table;

-- ON COMMIT DELETE ROWS
CREATE TEMP TABLE oc_del (a int) ON COMMIT DELETE ROWS;
INSERT INTO oc_del VALUES (1);
SELECT count(*) FROM oc_del;
BEGIN;
INSERT INTO oc_del VALUES (1), (2);
SELECT count(*) FROM oc_del;
COMMIT;
SELECT count(*) FROM oc_del;
BEGIN;
INSERT INTO oc_del VALUES (3);
SAVEPOINT s1;
INSERT INTO oc_del VALUES (4);
ROLLBACK TO s1;
SELECT * FROM oc_del;
COMMIT;
SELECT * FROM oc_del;
CREATE TEMP TABLE oc_del2 ON COMMIT DELETE ROWS AS SELECT 1 AS a;
SELECT count(*) FROM oc_del2;

-- ON COMMIT PRESERVE ROWS (the default)
CREATE TEMP TABLE oc_keep (a int) ON COMMIT PRESERVE ROWS;
BEGIN;
INSERT INTO oc_keep VALUES (1);
COMMIT;
SELECT count(*) FROM oc_keep;

-- ON COMMIT DROP
BEGIN;
CREATE TEMP TABLE oc_drop (a int) ON COMMIT DROP;
INSERT INTO oc_drop VALUES (1), (2);
SELECT count(*) FROM oc_drop;
COMMIT;
SELECT * FROM oc_drop;
CREATE TEMP TABLE oc_drop2 (a int) ON COMMIT DROP;
SELECT * FROM oc_drop2;
BEGIN;
CREATE TEMP TABLE oc_drop3 ON COMMIT DROP AS SELECT 5 AS a;
SELECT * FROM oc_drop3;
ROLLBACK;
SELECT * FROM oc_drop3;

-- ON COMMIT on a permanent table
CREATE TABLE perm_oc (a int) ON COMMIT DELETE ROWS;
CREATE TABLE perm_oc (a int) ON COMMIT DROP;

-- temporary relation in a permanent schema
CREATE TEMP TABLE public.bad (a int);
CREATE SCHEMA s1;
CREATE TEMP TABLE s1.bad (a int);

-- foreign keys between temporary and permanent tables
CREATE TEMP TABLE tparent (id int PRIMARY KEY);
INSERT INTO tparent VALUES (1);
CREATE TEMP TABLE tchild (pid int REFERENCES tparent (id));
INSERT INTO tchild VALUES (1);
INSERT INTO tchild VALUES (2);
CREATE TABLE pchild (pid int REFERENCES tparent (id));
CREATE TEMP TABLE tchild2 (pid int REFERENCES public.items (id));
CREATE TABLE pchild2 (pid int);
ALTER TABLE pchild2 ADD FOREIGN KEY (pid) REFERENCES tparent (id);
DROP TABLE tparent;
DROP TABLE tparent CASCADE;
INSERT INTO tchild VALUES (5);
SELECT * FROM tchild ORDER BY pid;

-- views over temporary tables become temporary
CREATE TEMP TABLE base (a int, b text);
INSERT INTO base VALUES (1, 'one'), (2, 'two');
CREATE VIEW v_base AS SELECT a, b FROM base WHERE a > 1;
SELECT * FROM v_base;
SELECT relpersistence, relkind FROM pg_class WHERE relname = 'v_base';
CREATE TEMP VIEW v_temp AS SELECT a FROM public.items;
SELECT relpersistence FROM pg_class WHERE relname = 'v_temp';
SELECT table_name, table_type FROM information_schema.tables
  WHERE table_name IN ('v_base', 'v_temp') ORDER BY 1;
CREATE VIEW public.v_bad AS SELECT * FROM base;
DROP TABLE base;
DROP VIEW v_base;
DROP TABLE base;
DROP VIEW v_temp;

-- a temporary table and a permanent one of the same name; cached and
-- prepared plans follow the shadowing
CREATE TABLE dual_t (a int);
INSERT INTO dual_t VALUES (1);
SELECT * FROM dual_t WHERE a > 0;
SELECT * FROM dual_t WHERE a > 0;
PREPARE q_dual AS SELECT a FROM dual_t;
EXECUTE q_dual;
CREATE TEMP TABLE dual_t (a int);
SELECT * FROM dual_t WHERE a > 0;
-- difftest: skip PostgreSQL keeps the prepared plan on public.dual_t; OmenDB re-plans after DDL
EXECUTE q_dual;
INSERT INTO dual_t VALUES (2);
SELECT * FROM dual_t;
SELECT * FROM public.dual_t;
DROP TABLE dual_t;
SELECT * FROM dual_t;
SELECT * FROM dual_t WHERE a > 0;
EXECUTE q_dual;
DROP TABLE dual_t;
SELECT * FROM dual_t;

-- temporary sequences, and serial columns of temporary tables
CREATE TEMP SEQUENCE tseq START 5;
SELECT nextval('tseq'), nextval('tseq');
SELECT relpersistence, relkind FROM pg_class WHERE relname = 'tseq';
CREATE TEMP TABLE tser (id serial, v text);
INSERT INTO tser (v) VALUES ('a'), ('b');
SELECT * FROM tser ORDER BY id;
SELECT regexp_replace(pg_get_serial_sequence('tser', 'id'), 'pg_temp_[0-9]+', 'pg_temp_N');
SELECT relpersistence FROM pg_class WHERE relname = 'tser_id_seq';
ALTER SEQUENCE tseq RESTART WITH 100;
SELECT nextval('tseq');
CREATE TEMP TABLE tdef (a int DEFAULT nextval('tseq'));
INSERT INTO tdef DEFAULT VALUES;
SELECT * FROM tdef;
CREATE SEQUENCE pseq;
CREATE TEMP TABLE tdef2 (a int DEFAULT nextval('pseq'));
INSERT INTO tdef2 DEFAULT VALUES;
SELECT * FROM tdef2;
CREATE TEMP SEQUENCE public.bad_seq;
DROP SEQUENCE tseq CASCADE;
SELECT * FROM tdef;

-- DISCARD TEMP drops everything temporary
CREATE TEMP TABLE gone (a int);
DISCARD TEMP;
SELECT * FROM gone;
SELECT * FROM t2;
SELECT count(*) FROM pg_class WHERE relpersistence = 't';
CREATE TEMP TABLE again (a int);
INSERT INTO again VALUES (1);
SELECT * FROM again;
