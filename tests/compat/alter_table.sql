-- ALTER TABLE forms against PostgreSQL 15: columns, defaults, NOT NULL, types,
-- renames, constraints, several subcommands per statement, errors.
CREATE TABLE t (id int PRIMARY KEY, name text, qty int);
INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20), (3, NULL, NULL);

-- ADD COLUMN: no default, constant default, NOT NULL with default
ALTER TABLE t ADD COLUMN note text;
SELECT * FROM t ORDER BY id;
ALTER TABLE t ADD COLUMN flag bool DEFAULT true;
ALTER TABLE t ADD COLUMN score numeric(6,2) NOT NULL DEFAULT 1.5;
SELECT id, note, flag, score FROM t ORDER BY id;
INSERT INTO t (id, name) VALUES (4, 'd');
SELECT * FROM t ORDER BY id;
ALTER TABLE t ADD COLUMN IF NOT EXISTS note text;
ALTER TABLE t ADD COLUMN note text;
ALTER TABLE t ADD COLUMN must int NOT NULL;
ALTER TABLE t ADD COLUMN bad int DEFAULT 'x';
ALTER TABLE t ADD COLUMN c2 int DEFAULT 1/0;
ALTER TABLE t ADD COLUMN c3 nosuchtype;
SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
 WHERE table_name = 't' ORDER BY ordinal_position;

-- a volatile default is evaluated for each existing row
CREATE TABLE v (id int);
INSERT INTO v SELECT g FROM generate_series(1, 50) g;
ALTER TABLE v ADD COLUMN r float8 DEFAULT random();
SELECT count(DISTINCT r) > 40 AS distinct_values, min(r) >= 0 AS ge0, max(r) < 1 AS lt1 FROM v;
ALTER TABLE v ADD COLUMN s serial;
SELECT min(s), max(s), count(DISTINCT s) FROM v;
INSERT INTO v (id) VALUES (51);
SELECT s FROM v WHERE id = 51;

-- ADD COLUMN with inline constraints
ALTER TABLE t ADD COLUMN code int UNIQUE;
ALTER TABLE t ADD COLUMN lim int CHECK (lim > 0);
ALTER TABLE t ADD COLUMN one int DEFAULT 7 UNIQUE;
ALTER TABLE t ADD COLUMN pos int DEFAULT 0 CHECK (pos > 0);
ALTER TABLE t ADD COLUMN pk2 int PRIMARY KEY;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 't'::regclass ORDER BY conname;
INSERT INTO t (id, code) VALUES (5, 1), (6, 1);
INSERT INTO t (id, lim) VALUES (7, 0);

-- SET / DROP DEFAULT
ALTER TABLE t ALTER COLUMN qty SET DEFAULT 5;
INSERT INTO t (id) VALUES (8);
SELECT id, qty FROM t WHERE id = 8;
ALTER TABLE t ALTER COLUMN qty DROP DEFAULT;
INSERT INTO t (id) VALUES (9);
SELECT id, qty FROM t WHERE id = 9;
ALTER TABLE t ALTER COLUMN qty SET DEFAULT 'abc';
ALTER TABLE t ALTER COLUMN nosuch SET DEFAULT 1;

-- SET / DROP NOT NULL
ALTER TABLE t ALTER COLUMN name SET NOT NULL;
UPDATE t SET name = 'c' WHERE name IS NULL;
ALTER TABLE t ALTER COLUMN name SET NOT NULL;
INSERT INTO t (id, name) VALUES (10, NULL);
ALTER TABLE t ALTER COLUMN name DROP NOT NULL;
INSERT INTO t (id, name) VALUES (10, NULL);
ALTER TABLE t ALTER COLUMN id DROP NOT NULL;
SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0
 ORDER BY attname;

-- ALTER COLUMN TYPE
CREATE TABLE ty (a int, b text, c numeric, d varchar(10));
INSERT INTO ty VALUES (1, '10', 1.4, 'abc'), (2, '20', 2.6, 'defgh'), (NULL, NULL, NULL, NULL);
ALTER TABLE ty ALTER COLUMN a TYPE bigint;
ALTER TABLE ty ALTER COLUMN b TYPE int;
ALTER TABLE ty ALTER COLUMN b TYPE int USING b::int;
ALTER TABLE ty ALTER COLUMN c TYPE int;
ALTER TABLE ty ALTER COLUMN d TYPE varchar(3);
ALTER TABLE ty ALTER COLUMN d TYPE varchar(20);
ALTER TABLE ty ALTER COLUMN a SET DATA TYPE text;
SELECT * FROM ty ORDER BY b;
SELECT column_name, data_type, character_maximum_length FROM information_schema.columns
 WHERE table_name = 'ty' ORDER BY ordinal_position;
ALTER TABLE ty ALTER COLUMN a TYPE int USING length(a) * 100;
SELECT a, b FROM ty ORDER BY b;
ALTER TABLE ty ALTER COLUMN b TYPE date;
ALTER TABLE ty ALTER COLUMN b TYPE int USING 'x';
ALTER TABLE ty ALTER COLUMN b TYPE int USING b / 0;
ALTER TABLE ty ALTER COLUMN nosuch TYPE int;
SELECT * FROM ty ORDER BY b;
-- the type of a key column: the index is rebuilt (and must stay unique)
CREATE TABLE tk (k numeric PRIMARY KEY, v text);
INSERT INTO tk VALUES (1.2, 'x'), (1.4, 'y');
ALTER TABLE tk ALTER COLUMN k TYPE int;
ALTER TABLE tk ALTER COLUMN k TYPE float8;
INSERT INTO tk VALUES (1.2, 'z');
SELECT * FROM tk ORDER BY k;
-- a default that does not convert
CREATE TABLE td (a text DEFAULT 'abc');
ALTER TABLE td ALTER COLUMN a TYPE int USING 1;

-- DROP COLUMN
CREATE TABLE d (a int, b text, c int, e int);
INSERT INTO d VALUES (1, 'x', 2, 3), (4, 'y', 5, 6);
ALTER TABLE d DROP COLUMN b;
SELECT * FROM d ORDER BY a;
INSERT INTO d VALUES (7, 8, 9);
SELECT * FROM d ORDER BY a;
ALTER TABLE d DROP COLUMN nosuch;
ALTER TABLE d DROP COLUMN IF EXISTS nosuch;
ALTER TABLE d ADD COLUMN b text DEFAULT 'new';
SELECT * FROM d ORDER BY a;
SELECT column_name, ordinal_position > 0 FROM information_schema.columns WHERE table_name = 'd'
 ORDER BY column_name;
-- indexes and constraints over a dropped column go with it
CREATE TABLE dc (a int PRIMARY KEY, b int UNIQUE, c int CHECK (c > 0), e int);
CREATE INDEX dc_e_idx ON dc (e);
ALTER TABLE dc DROP COLUMN b;
ALTER TABLE dc DROP COLUMN c;
ALTER TABLE dc DROP COLUMN e RESTRICT;
SELECT conname FROM pg_constraint WHERE conrelid = 'dc'::regclass ORDER BY 1;
SELECT indexname FROM pg_indexes WHERE tablename = 'dc' ORDER BY 1;
INSERT INTO dc VALUES (1), (2);
INSERT INTO dc VALUES (1);
-- a column referenced by another table's foreign key needs CASCADE
CREATE TABLE par (id int PRIMARY KEY, x int);
CREATE TABLE chi (pid int REFERENCES par (id), y int);
ALTER TABLE par DROP COLUMN id;
ALTER TABLE par DROP COLUMN id CASCADE;
SELECT conname FROM pg_constraint WHERE conrelid = 'chi'::regclass;
INSERT INTO chi VALUES (99, 1);
-- the child's own foreign key column
CREATE TABLE par2 (id int PRIMARY KEY);
CREATE TABLE chi2 (pid int REFERENCES par2 (id), y int);
ALTER TABLE chi2 DROP COLUMN pid;
SELECT count(*) FROM pg_constraint WHERE conrelid = 'chi2'::regclass;
DROP TABLE par2;

-- RENAME COLUMN / RENAME TO / RENAME CONSTRAINT / ALTER INDEX RENAME
CREATE TABLE r (a int PRIMARY KEY, b int CHECK (b > 0));
INSERT INTO r VALUES (1, 1);
ALTER TABLE r RENAME COLUMN b TO bb;
ALTER TABLE r RENAME b TO c;
ALTER TABLE r RENAME COLUMN bb TO a;
SELECT a, bb FROM r;
INSERT INTO r VALUES (2, -1);
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'r'::regclass
 ORDER BY 1;
ALTER TABLE r RENAME TO r2;
SELECT * FROM r;
SELECT * FROM r2;
CREATE TABLE r3 (x int);
ALTER TABLE r2 RENAME TO r3;
ALTER TABLE IF EXISTS nosuch RENAME TO r9;
ALTER TABLE r2 RENAME CONSTRAINT r_b_check TO bb_positive;
ALTER TABLE r2 RENAME CONSTRAINT r_pkey TO r2_pkey;
ALTER TABLE r2 RENAME CONSTRAINT nosuch TO x;
ALTER TABLE r2 RENAME CONSTRAINT bb_positive TO r2_pkey;
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'r2'::regclass ORDER BY 1;
CREATE INDEX r2_bb_idx ON r2 (bb);
ALTER INDEX r2_bb_idx RENAME TO r2_bb_index;
ALTER INDEX nosuch_idx RENAME TO x;
ALTER INDEX IF EXISTS nosuch_idx RENAME TO x;
ALTER INDEX r2_bb_index RENAME TO r3;
SELECT indexname FROM pg_indexes WHERE tablename = 'r2' ORDER BY 1;
INSERT INTO r2 VALUES (1, 5);

-- DROP CONSTRAINT
CREATE TABLE dk (a int CONSTRAINT dk_pk PRIMARY KEY, b int UNIQUE, c int CHECK (c <> 0));
CREATE TABLE dkc (a int REFERENCES dk (a));
ALTER TABLE dk DROP CONSTRAINT dk_b_key;
INSERT INTO dk VALUES (1, 1, 1), (2, 1, 1);
ALTER TABLE dk DROP CONSTRAINT dk_c_check;
INSERT INTO dk VALUES (3, 1, 0);
ALTER TABLE dk DROP CONSTRAINT dk_pk;
ALTER TABLE dk DROP CONSTRAINT dk_pk CASCADE;
INSERT INTO dk VALUES (1, 1, 1);
INSERT INTO dkc VALUES (42);
ALTER TABLE dk DROP CONSTRAINT nosuch;
ALTER TABLE dk DROP CONSTRAINT IF EXISTS nosuch;
ALTER TABLE dkc ADD CONSTRAINT dkc_fk FOREIGN KEY (a) REFERENCES dk (a);
ALTER TABLE dk ADD PRIMARY KEY (a);
DELETE FROM dk WHERE a = 1 AND c = 1 AND b = 1 AND a IN (SELECT min(a) FROM dk);
SELECT count(*) FROM dk;
SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = 'dk'::regclass AND attnum > 0
 ORDER BY attname;

-- several subcommands in one statement; a failure undoes all of them
CREATE TABLE m (a int, b int);
INSERT INTO m VALUES (1, 2), (3, NULL);
ALTER TABLE m ADD COLUMN c int DEFAULT 0, ADD COLUMN d text, ALTER COLUMN a SET NOT NULL;
SELECT * FROM m ORDER BY a;
ALTER TABLE m ADD COLUMN e int DEFAULT 1, ALTER COLUMN b SET NOT NULL;
SELECT * FROM m ORDER BY a;
ALTER TABLE m DROP COLUMN d, ADD COLUMN f int DEFAULT 9, ALTER COLUMN c TYPE text;
SELECT * FROM m ORDER BY a;
ALTER TABLE m DROP COLUMN c, ALTER COLUMN a TYPE date;
SELECT * FROM m ORDER BY a;
ALTER TABLE m ADD CONSTRAINT m_ck CHECK (g > 0), ADD COLUMN g int DEFAULT 1;
SELECT * FROM m ORDER BY a;
ALTER TABLE m ADD COLUMN h int DEFAULT 5, ADD CONSTRAINT m_h CHECK (h > 5);
SELECT * FROM m ORDER BY a;
ALTER TABLE m RENAME COLUMN f TO ff;
SELECT * FROM m ORDER BY a;

-- errors on the table itself
ALTER TABLE nosuch ADD COLUMN x int;
ALTER TABLE IF EXISTS nosuch ADD COLUMN x int;
ALTER TABLE pg_class ADD COLUMN x int;

-- prepared statements see the altered table (re-planned; a changed result is an error)
CREATE TABLE pp (a int, b text);
INSERT INTO pp VALUES (1, 'x');
PREPARE s1 AS SELECT * FROM pp;
PREPARE s2 AS SELECT a FROM pp;
PREPARE s3 AS INSERT INTO pp (a) VALUES ($1);
EXECUTE s1;
ALTER TABLE pp ADD COLUMN c int DEFAULT 5 CHECK (c > 0);
EXECUTE s1;
EXECUTE s2;
EXECUTE s3(2);
ALTER TABLE pp RENAME COLUMN a TO aa;
EXECUTE s2;
EXECUTE s3(3);
PREPARE s4 AS INSERT INTO pp (aa, c) VALUES ($1, $2);
EXECUTE s4(4, 1);
ALTER TABLE pp ADD CONSTRAINT pp_c_small CHECK (c < 3);
DELETE FROM pp WHERE c >= 3;
ALTER TABLE pp ADD CONSTRAINT pp_c_small CHECK (c < 3);
EXECUTE s4(6, 2);
EXECUTE s4(7, 3);
SELECT * FROM pp ORDER BY aa;
