-- Views: CREATE [OR REPLACE] VIEW, DROP VIEW, ALTER VIEW, dependencies,
-- renames, nesting, and the catalogs that show them.
CREATE TABLE emp (id int PRIMARY KEY, name text, dept text, salary numeric(10,2), boss int);
INSERT INTO emp VALUES (1, 'ann', 'eng', 100.00, NULL), (2, 'bob', 'eng', 80.50, 1),
  (3, 'cid', 'ops', 70.00, 1), (4, 'dee', 'ops', 65.25, 3), (5, 'eve', 'hr', NULL, 1);
CREATE TABLE dept (code text PRIMARY KEY, title text);
INSERT INTO dept VALUES ('eng', 'Engineering'), ('ops', 'Operations'), ('law', 'Legal');

-- simple views
CREATE VIEW v_emp AS SELECT * FROM emp;
SELECT * FROM v_emp ORDER BY id;
CREATE VIEW v_eng AS SELECT id, name, salary FROM emp WHERE dept = 'eng';
SELECT * FROM v_eng ORDER BY id;
SELECT name FROM v_eng WHERE salary > 90;
SELECT count(*) FROM v_emp;
-- column list
CREATE VIEW v_cols (emp_id, emp_name) AS SELECT id, name FROM emp;
SELECT emp_id, emp_name FROM v_cols ORDER BY emp_id;
SELECT id FROM v_cols;
-- partial column list
CREATE VIEW v_part (x) AS SELECT id, name FROM emp;
SELECT x, name FROM v_part ORDER BY x;
-- too many column names
CREATE VIEW v_bad (a, b, c) AS SELECT id, name FROM emp;
-- duplicate names
CREATE VIEW v_dup AS SELECT id, id FROM emp;
CREATE VIEW v_dup (a, a) AS SELECT id, name FROM emp;
-- unknown column / table at create time
CREATE VIEW v_nocol AS SELECT nosuch FROM emp;
CREATE VIEW v_notab AS SELECT * FROM nosuch;
-- name taken
CREATE VIEW emp AS SELECT 1;
CREATE VIEW v_emp AS SELECT 1;
CREATE TABLE v_emp (a int);

-- aggregates, joins, expressions, set operations, CTEs, window functions, VALUES
CREATE VIEW v_agg AS SELECT dept, count(*) AS n, sum(salary) AS total, avg(salary) FROM emp GROUP BY dept;
SELECT * FROM v_agg ORDER BY dept;
SELECT dept FROM v_agg WHERE n > 1 ORDER BY 1;
CREATE VIEW v_join AS SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept = d.code;
SELECT * FROM v_join ORDER BY name;
CREATE VIEW v_left AS SELECT d.code, e.name FROM dept d LEFT JOIN emp e ON e.dept = d.code;
SELECT * FROM v_left ORDER BY code, name;
CREATE VIEW v_using AS SELECT * FROM emp JOIN (SELECT code AS dept, title FROM dept) d USING (dept);
SELECT id, dept, title FROM v_using ORDER BY id;
CREATE VIEW v_expr AS SELECT id * 10 AS tens, upper(name), salary IS NULL AS nosal, 'x' AS lit, 1 + 1 FROM emp;
SELECT * FROM v_expr ORDER BY tens;
CREATE VIEW v_union AS SELECT name FROM emp WHERE dept = 'eng' UNION SELECT title FROM dept;
SELECT * FROM v_union ORDER BY 1;
CREATE VIEW v_cte AS WITH rich AS (SELECT * FROM emp WHERE salary > 70) SELECT name FROM rich;
SELECT * FROM v_cte ORDER BY name;
CREATE VIEW v_rec AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r;
SELECT * FROM v_rec ORDER BY n;
CREATE VIEW v_win AS SELECT name, dept, rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS r FROM emp;
SELECT * FROM v_win ORDER BY dept, r, name;
CREATE VIEW v_values AS VALUES (1, 'one'), (2, 'two');
SELECT * FROM v_values ORDER BY 1;
CREATE VIEW v_values2 (num, word) AS VALUES (1, 'one'), (2, 'two');
SELECT word FROM v_values2 WHERE num = 2;
CREATE VIEW v_sub AS SELECT name, (SELECT title FROM dept WHERE code = emp.dept) AS t FROM emp WHERE EXISTS (SELECT 1 FROM dept WHERE code = emp.dept);
SELECT * FROM v_sub ORDER BY name;
CREATE VIEW v_order AS SELECT name, salary FROM emp ORDER BY salary DESC NULLS LAST LIMIT 3;
SELECT * FROM v_order;
CREATE VIEW v_distinct AS SELECT DISTINCT dept FROM emp;
SELECT * FROM v_distinct ORDER BY 1;
CREATE VIEW v_const AS SELECT 1 AS one, 'two'::text AS two, NULL::int AS nothing;
SELECT * FROM v_const;
CREATE VIEW v_unknown AS SELECT 'abc' AS s;
SELECT s, pg_typeof(s) FROM v_unknown;

-- views over views, joins of views with tables, aliases
CREATE VIEW v_v AS SELECT name, salary * 2 AS double FROM v_eng;
SELECT * FROM v_v ORDER BY name;
CREATE VIEW v_vv AS SELECT a.name, b.double FROM v_eng a JOIN v_v b USING (name);
SELECT * FROM v_vv ORDER BY name;
SELECT x.name, e.dept FROM v_eng AS x JOIN emp e ON e.id = x.id ORDER BY 1;
SELECT q.a FROM v_cols AS q(a) ORDER BY 1;
SELECT * FROM v_eng, v_values WHERE column1 = id ORDER BY id;
SELECT (SELECT max(n) FROM v_agg) AS m;
SELECT name FROM emp WHERE id IN (SELECT id FROM v_eng) ORDER BY 1;

-- the view sees later rows; SELECT * froze the columns at CREATE time
INSERT INTO emp VALUES (6, 'fay', 'eng', 90.00, 2);
SELECT * FROM v_eng ORDER BY id;
ALTER TABLE emp ADD COLUMN extra int DEFAULT 7;
SELECT * FROM v_emp ORDER BY id;

-- views in transactions
BEGIN;
CREATE VIEW v_tx AS SELECT id FROM emp WHERE id < 3;
SELECT * FROM v_tx ORDER BY 1;
INSERT INTO emp (id, name, dept) VALUES (0, 'zed', 'eng');
SELECT * FROM v_tx ORDER BY 1;
COMMIT;
SELECT * FROM v_tx ORDER BY 1;
DELETE FROM emp WHERE id = 0;

-- CREATE OR REPLACE
CREATE OR REPLACE VIEW v_tx AS SELECT id FROM emp WHERE id < 2;
SELECT * FROM v_tx ORDER BY 1;
CREATE OR REPLACE VIEW v_tx AS SELECT id, name FROM emp WHERE id < 2;
SELECT * FROM v_tx ORDER BY 1;
CREATE OR REPLACE VIEW v_tx AS SELECT id FROM emp;
CREATE OR REPLACE VIEW v_tx AS SELECT name, id FROM emp;
CREATE OR REPLACE VIEW v_tx AS SELECT id::bigint AS id, name FROM emp;
CREATE OR REPLACE VIEW v_tx AS SELECT id, name::varchar AS name FROM emp;
CREATE OR REPLACE VIEW v_new AS SELECT 1 AS a;
SELECT * FROM v_new;
CREATE OR REPLACE VIEW emp AS SELECT 1;
CREATE OR REPLACE VIEW v_num AS SELECT salary FROM emp;
CREATE OR REPLACE VIEW v_num AS SELECT salary::numeric(12,2) AS salary FROM emp;

-- writes to views are not allowed here (PostgreSQL would update simple views)
-- (not compared: PostgreSQL auto-updates simple views)

-- dependencies
DROP TABLE dept;
DROP TABLE emp;
DROP TABLE v_emp;
DROP VIEW emp;
DROP VIEW nosuch;
DROP VIEW IF EXISTS nosuch;
DROP VIEW IF EXISTS nosuch, v_new;
SELECT * FROM v_new;
DROP VIEW v_eng;
DROP VIEW v_eng RESTRICT;
DROP VIEW v_vv;
DROP VIEW v_eng CASCADE;
SELECT * FROM v_v;
ALTER TABLE emp DROP COLUMN salary;
ALTER TABLE emp DROP COLUMN extra;
ALTER TABLE emp ALTER COLUMN salary TYPE numeric(12,2);
ALTER TABLE emp ALTER COLUMN boss TYPE bigint;
SELECT count(*) FROM information_schema.columns WHERE table_name = 'emp' AND column_name = 'boss';
CREATE VIEW v_dep AS SELECT id, boss FROM emp;
ALTER TABLE emp DROP COLUMN boss;
ALTER TABLE emp DROP COLUMN boss CASCADE;
SELECT * FROM v_dep;
DROP VIEW v_join, v_left, v_using, v_sub;
DROP TABLE dept;

-- renames keep views working
CREATE TABLE r (a int, b text);
INSERT INTO r VALUES (1, 'one'), (2, 'two');
CREATE VIEW vr AS SELECT a, b FROM r WHERE a > 0;
CREATE VIEW vr2 AS SELECT * FROM vr WHERE b <> 'x';
CREATE VIEW vr3 AS SELECT s.a FROM (SELECT a FROM r) s ORDER BY a;
ALTER TABLE r RENAME COLUMN a TO aa;
SELECT * FROM vr ORDER BY a;
SELECT * FROM vr2 ORDER BY a;
SELECT * FROM vr3;
ALTER TABLE r RENAME TO r_new;
SELECT * FROM vr ORDER BY a;
SELECT * FROM vr2 ORDER BY 1;
ALTER VIEW vr RENAME TO vr_renamed;
SELECT * FROM vr2 ORDER BY 1;
SELECT * FROM vr_renamed ORDER BY 1;
SELECT * FROM vr;
ALTER VIEW vr_renamed RENAME COLUMN a TO a2;
SELECT a2, b FROM vr_renamed ORDER BY 1;
SELECT * FROM vr2 ORDER BY 1;
ALTER VIEW vr_renamed RENAME COLUMN nosuch TO z;
ALTER VIEW vr_renamed RENAME COLUMN a2 TO b;
ALTER TABLE vr_renamed RENAME TO vr_again;
SELECT count(*) FROM vr_again;
ALTER VIEW r_new RENAME TO r_x;
ALTER VIEW IF EXISTS nosuch RENAME TO z;
ALTER VIEW vr_again RENAME TO vr2;
ALTER TABLE r_new ADD COLUMN c int;
SELECT * FROM vr2 ORDER BY 1;

-- schemas
CREATE SCHEMA s1;
CREATE TABLE s1.t (x int);
INSERT INTO s1.t VALUES (5);
CREATE VIEW s1.v AS SELECT x FROM s1.t;
SELECT * FROM s1.v;
CREATE VIEW v_cross AS SELECT * FROM s1.v;
SET search_path = s1, public;
SELECT * FROM v;
CREATE VIEW v_in_s1 AS SELECT x * 2 AS y FROM t;
RESET search_path;
SELECT * FROM s1.v_in_s1;
SELECT * FROM v_in_s1;
CREATE VIEW nosuch_schema.v AS SELECT 1;
CREATE VIEW pg_catalog.v AS SELECT 1;
DROP SCHEMA s1;
DROP SCHEMA s1 CASCADE;
SELECT * FROM v_cross;





-- catalogs
CREATE TABLE c (k int, txt varchar(10));
CREATE VIEW vc AS SELECT k, txt, k + 1 AS k1 FROM c;
SELECT relname, relkind, relnatts FROM pg_class WHERE relname IN ('c', 'vc') ORDER BY 1;
SELECT attname, attnum, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'vc'::regclass ORDER BY attnum;
SELECT schemaname, viewname FROM pg_views WHERE schemaname = 'public' ORDER BY viewname;
SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'v%' ORDER BY 1;
SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length FROM information_schema.columns WHERE table_name = 'vc' ORDER BY ordinal_position;
SELECT table_name, check_option FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1;
SELECT 'vc'::regclass::text, pg_table_is_visible('vc'::regclass);
SELECT pg_get_viewdef('vc'::regclass, true);
SELECT pg_get_viewdef('v_tx'::regclass, true);
SELECT pg_get_viewdef('v_agg', true);
SELECT pg_get_viewdef('c'::regclass);
SELECT c.relname, t.typname FROM pg_class c JOIN pg_type t ON t.oid = c.reltype WHERE c.relname = 'vc';

-- prepared statements and plan invalidation
PREPARE p AS SELECT * FROM vc ORDER BY k;
INSERT INTO c VALUES (1, 'a'), (2, 'b');
EXECUTE p;
CREATE OR REPLACE VIEW vc AS SELECT k, txt, k + 100 AS k1 FROM c;
EXECUTE p;
CREATE OR REPLACE VIEW vc AS SELECT k, txt, k + 100 AS k1, 'new' AS extra FROM c;
EXECUTE p;
DEALLOCATE p;
PREPARE q(int) AS SELECT txt FROM vc WHERE k = $1;
EXECUTE q(2);
DROP VIEW vc;
EXECUTE q(2);
