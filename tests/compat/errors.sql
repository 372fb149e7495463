-- One place for the SQLSTATEs of the first milestone; each error class at least twice.

CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, v int, n numeric(4, 1), s smallint);
INSERT INTO t VALUES (1, 'a', 10, 1.5, 1), (2, 'b', 0, 2.5, 2);
CREATE TABLE u (id int, name text);
INSERT INTO u VALUES (1, 'x');

-- 42601 syntax_error
SELEC * FROM t;
SELECT * FORM t;
SELECT * FROM t WHERE id = ;
CREATE TABLE (a int);
INSERT INTO t VALUES (1, 'a';
SELECT 1 2;

-- 42P01 undefined_table
SELECT * FROM missing;
INSERT INTO missing VALUES (1);
DROP TABLE missing;
SELECT * FROM t JOIN missing ON true;

-- 42703 undefined_column
SELECT nope FROM t;
SELECT t.nope FROM t;
INSERT INTO t (id, nope) VALUES (3, 1);
SELECT id FROM t ORDER BY nope;
SELECT id FROM t WHERE nope = 1;

-- 42702 ambiguous_column
SELECT id FROM t, u;
SELECT name FROM t JOIN u ON t.id = u.id;
SELECT id FROM t JOIN u ON id = 1;

-- 42883 undefined_function
SELECT nosuch(1);
SELECT 'a'::text + 1;
SELECT abs('a'::text);
SELECT lower(1, 2);
SELECT sum(name) FROM t;

-- 42804 datatype_mismatch
SELECT id FROM t WHERE v;
SELECT CASE WHEN 1 THEN 2 END;
INSERT INTO t (id, name) VALUES (true, 'x');
SELECT * FROM t JOIN u ON 1;

-- 42P07 duplicate_table
CREATE TABLE t (a int);
CREATE TABLE u (a int);

-- 23505 unique_violation
INSERT INTO t VALUES (1, 'dup', 0, 0, 0);
INSERT INTO t VALUES (3, 'c', 0, 0, 0), (3, 'd', 0, 0, 0);

-- 23502 not_null_violation
INSERT INTO t (id) VALUES (4);
INSERT INTO t VALUES (5, NULL, 0, 0, 0);
INSERT INTO t (name) VALUES ('no id');

-- 22012 division_by_zero
SELECT 1 / 0;
SELECT v / v FROM t WHERE id = 2;
SELECT 1.0 / 0;
SELECT 5 % 0;

-- 22003 numeric_value_out_of_range
SELECT 2147483647 + 1;
INSERT INTO t VALUES (6, 'big', 3000000000, 0, 0);
INSERT INTO t VALUES (7, 'num', 0, 1000.0, 0);
INSERT INTO t VALUES (8, 'small', 0, 0, 40000);
SELECT s * 20000::smallint FROM t WHERE id = 2;

-- 22P02 invalid_text_representation
SELECT 'abc'::int;
INSERT INTO t VALUES ('x', 'bad', 0, 0, 0);
SELECT * FROM t WHERE id = 'one';
SELECT 'maybe'::boolean;
SELECT 'x1'::numeric;

-- 42P02-free sanity: the table still holds exactly what succeeded.
SELECT * FROM t ORDER BY id;
SELECT count(*) FROM u;
