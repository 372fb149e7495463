-- Transactional DDL, compared with PostgreSQL 15: what a transaction creates,
-- and what it changes in objects it created, is taken back by ROLLBACK,
-- by ROLLBACK TO SAVEPOINT and by a failed block; COMMIT keeps it with its rows.
CREATE TABLE base (id int PRIMARY KEY, name text);
INSERT INTO base VALUES (1, 'one'), (2, 'two');

-- a migration that fails: nothing of it stays
BEGIN;
CREATE TABLE m1 (id serial PRIMARY KEY, base_id int REFERENCES base (id), note text);
INSERT INTO m1 (base_id, note) VALUES (1, 'a'), (2, 'b');
CREATE INDEX m1_note ON m1 (note);
CREATE UNIQUE INDEX m1_base_note ON m1 (base_id, note);
CREATE VIEW m1_v AS SELECT m1.id, base.name, m1.note FROM m1 JOIN base ON base.id = m1.base_id;
ALTER TABLE m1 ADD COLUMN score int DEFAULT 7 NOT NULL;
ALTER TABLE m1 RENAME COLUMN note TO remark;
COMMENT ON TABLE m1 IS 'migrated';
CREATE SEQUENCE m1_counter START 100;
SELECT nextval('m1_counter');
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE SCHEMA mig;
CREATE TABLE mig.inner_t (a mood);
INSERT INTO mig.inner_t VALUES ('ok');
SELECT * FROM m1_v ORDER BY id;
SELECT id, base_id, remark, score FROM m1 ORDER BY id;
ROLLBACK;
SELECT * FROM m1;
SELECT * FROM m1_v;
SELECT nextval('m1_counter');
SELECT 'ok'::mood;
SELECT * FROM mig.inner_t;
SELECT count(*) FROM pg_class WHERE relname IN ('m1', 'm1_v', 'm1_note', 'm1_base_note', 'm1_id_seq', 'm1_counter');
SELECT count(*) FROM pg_namespace WHERE nspname = 'mig';
SELECT count(*) FROM pg_type WHERE typname = 'mood';
-- the parent table kept no trace of the foreign key
DELETE FROM base WHERE id = 2;
INSERT INTO base VALUES (2, 'two');

-- the same migration committed
BEGIN;
CREATE TABLE m1 (id serial PRIMARY KEY, base_id int REFERENCES base (id), note text);
INSERT INTO m1 (base_id, note) VALUES (1, 'a'), (2, 'b');
CREATE INDEX m1_note ON m1 (note);
ALTER TABLE m1 ADD COLUMN score int DEFAULT 7 NOT NULL;
COMMIT;
SELECT id, base_id, note, score FROM m1 ORDER BY id;
INSERT INTO m1 (base_id, note) VALUES (1, 'c') RETURNING id, score;
DELETE FROM base WHERE id = 2;

-- savepoints
BEGIN;
CREATE TABLE s1 (a int);
INSERT INTO s1 VALUES (1);
SAVEPOINT sp1;
CREATE TABLE s2 (b int);
INSERT INTO s2 VALUES (2);
CREATE INDEX s2_b ON s2 (b);
ROLLBACK TO SAVEPOINT sp1;
SELECT * FROM s2;
SELECT * FROM s1;
SAVEPOINT sp2;
CREATE TABLE s3 (c int);
RELEASE SAVEPOINT sp2;
INSERT INTO s3 VALUES (3);
SAVEPOINT sp3;
CREATE TABLE s4 (d int);
ALTER TABLE s4 ADD COLUMN e text;
DROP TABLE s4;
ROLLBACK TO SAVEPOINT sp3;
SELECT * FROM s3;
SELECT * FROM s4;
COMMIT;
SELECT * FROM s1;
SELECT * FROM s3;
SELECT * FROM s2;

-- a failed statement aborts the block; ROLLBACK takes the DDL back
BEGIN;
CREATE TABLE f1 (a int PRIMARY KEY);
INSERT INTO f1 VALUES (1);
INSERT INTO f1 VALUES (1);
SELECT 1;
ROLLBACK;
SELECT * FROM f1;

-- COMMIT of a failed block rolls back too
BEGIN;
CREATE TABLE f2 (a int);
SELECT 1 / 0;
COMMIT;
SELECT * FROM f2;

-- ROLLBACK TO a savepoint after a failure
BEGIN;
CREATE TABLE f3 (a int);
SAVEPOINT before_bad;
CREATE TABLE f4 (a int);
CREATE TABLE f4 (a int);
ROLLBACK TO SAVEPOINT before_bad;
INSERT INTO f3 VALUES (3);
COMMIT;
SELECT * FROM f3;
SELECT * FROM f4;

-- a table created, used and dropped in one transaction
BEGIN;
CREATE TABLE scratch (a int);
INSERT INTO scratch SELECT generate_series(1, 10);
SELECT sum(a) FROM scratch;
DROP TABLE scratch;
COMMIT;
SELECT * FROM scratch;

-- CREATE TABLE AS and SELECT INTO inside a block
BEGIN;
CREATE TABLE ctas AS SELECT id, name FROM base;
SELECT * INTO selinto FROM base WHERE id = 1;
SELECT count(*) FROM ctas;
ROLLBACK;
SELECT * FROM ctas;
SELECT * FROM selinto;
BEGIN;
CREATE TABLE ctas AS SELECT id, name FROM base;
COMMIT;
SELECT * FROM ctas ORDER BY id;

-- serial and identity sequences of a committed block keep counting
BEGIN;
CREATE TABLE ids (id int GENERATED ALWAYS AS IDENTITY, s serial, v text);
INSERT INTO ids (v) VALUES ('a'), ('b');
COMMIT;
INSERT INTO ids (v) VALUES ('c');
SELECT * FROM ids ORDER BY id;

-- ROLLBACK AND CHAIN starts over without the DDL
BEGIN;
CREATE TABLE chained (a int);
ROLLBACK AND CHAIN;
SELECT * FROM chained;
CREATE TABLE chained (a int);
COMMIT;
SELECT * FROM chained;

-- the name of a rolled-back table is free again
BEGIN;
CREATE TABLE reuse (a int);
ROLLBACK;
CREATE TABLE reuse (b text);
INSERT INTO reuse VALUES ('x');
SELECT * FROM reuse;

-- ALTER TABLE of an older table: added columns, defaults, NOT NULL and
-- constraints are taken back too
CREATE TABLE older (id int PRIMARY KEY, name text DEFAULT 'n', qty int NOT NULL);
INSERT INTO older VALUES (1, 'a', 1), (2, 'b', 2);
CREATE TABLE older_ref (id int PRIMARY KEY);
INSERT INTO older_ref VALUES (1);
BEGIN;
ALTER TABLE older ADD COLUMN c int DEFAULT 5 NOT NULL, ADD CONSTRAINT c_pos CHECK (c > 0);
ALTER TABLE older ALTER COLUMN name DROP DEFAULT, ALTER COLUMN qty DROP NOT NULL;
ALTER TABLE older ADD COLUMN r int REFERENCES older_ref (id);
ALTER TABLE older ADD CONSTRAINT older_name_u UNIQUE (name);
CREATE INDEX older_c ON older (c);
INSERT INTO older VALUES (3, NULL, NULL, 7, 1);
SELECT * FROM older ORDER BY id;
ROLLBACK;
SELECT * FROM older ORDER BY id;
INSERT INTO older (id, qty) VALUES (3, 3) RETURNING *;
INSERT INTO older (id) VALUES (4);
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'older'::regclass ORDER BY 1;
SELECT attname, attnotnull, atthasdef FROM pg_attribute WHERE attrelid = 'older'::regclass AND attnum > 0 ORDER BY attnum;
DELETE FROM older_ref;
INSERT INTO older_ref VALUES (1);
-- the same, committed
BEGIN;
ALTER TABLE older ADD COLUMN c int DEFAULT 5 NOT NULL;
ALTER TABLE older ALTER COLUMN name SET DEFAULT 'm';
INSERT INTO older (id, qty) VALUES (5, 5);
COMMIT;
SELECT * FROM older ORDER BY id;
-- RENAME COLUMN of an older table, with a view and an index that name it
CREATE VIEW older_v AS SELECT id, name FROM older;
CREATE INDEX older_name_i ON older (name);
BEGIN;
ALTER TABLE older RENAME COLUMN name TO label;
ALTER TABLE older RENAME COLUMN label TO title;
SELECT id, title FROM older ORDER BY id;
SELECT * FROM older_v ORDER BY id;
ROLLBACK;
SELECT id, name FROM older ORDER BY id;
SELECT * FROM older_v ORDER BY id;
SELECT indexdef FROM pg_indexes WHERE indexname = 'older_name_i';
BEGIN;
ALTER TABLE older RENAME COLUMN name TO label;
COMMIT;
SELECT id, label FROM older ORDER BY id;
SELECT * FROM older_v ORDER BY id;
ALTER TABLE older RENAME COLUMN label TO name;
DROP VIEW older_v;
-- savepoints around ALTERs of an older table
BEGIN;
ALTER TABLE older ADD COLUMN d text;
SAVEPOINT a;
ALTER TABLE older ADD COLUMN e text DEFAULT 'e', ALTER COLUMN d SET NOT NULL;
ROLLBACK TO SAVEPOINT a;
UPDATE older SET d = 'x' WHERE id = 1;
SELECT * FROM older ORDER BY id;
ROLLBACK;
SELECT * FROM older ORDER BY id;

-- temporary tables: a rollback drops the ones its transaction created
BEGIN;
CREATE TEMP TABLE tmp1 (a int);
INSERT INTO tmp1 VALUES (1);
ROLLBACK;
SELECT * FROM tmp1;
CREATE TEMP TABLE tmp1 (a int);
BEGIN;
INSERT INTO tmp1 VALUES (2);
CREATE TEMP TABLE tmp2 (b int);
SAVEPOINT t;
CREATE TEMP TABLE tmp3 (c int);
CREATE TEMP TABLE tmp4 (d int) ON COMMIT DROP;
ROLLBACK TO SAVEPOINT t;
SELECT * FROM tmp3;
SELECT * FROM tmp4;
SAVEPOINT u;
CREATE TEMP TABLE tmp5 (e int);
RELEASE SAVEPOINT u;
COMMIT;
SELECT * FROM tmp1;
SELECT * FROM tmp2;
SELECT * FROM tmp5;
BEGIN;
CREATE TEMP TABLE tmp6 AS SELECT 1 AS x;
SELECT 1 / 0;
ROLLBACK;
SELECT * FROM tmp6;
CREATE TEMP TABLE tmp6 AS SELECT 2 AS x;
SELECT * FROM tmp6;

DROP TABLE m1, s1, s3, f3, ctas, ids, chained, reuse, older, older_ref;
DROP TABLE base;
