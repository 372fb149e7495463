-- Materialized views: CREATE / REFRESH / DROP / ALTER MATERIALIZED VIEW, the
-- populated state, refused writes, dependencies and the catalogs that show them.
CREATE TABLE mv_emp (id int PRIMARY KEY, name text, dept text, salary numeric(10,2));
INSERT INTO mv_emp VALUES (1, 'ann', 'eng', 100.00), (2, 'bob', 'eng', 80.50),
  (3, 'cid', 'ops', 70.00), (4, 'dee', 'ops', 65.25), (5, 'eve', 'hr', NULL);
CREATE TABLE mv_dept (code text PRIMARY KEY, title text);
INSERT INTO mv_dept VALUES ('eng', 'Engineering'), ('ops', 'Operations');

-- create, with and without data
CREATE MATERIALIZED VIEW m_all AS SELECT * FROM mv_emp;
SELECT * FROM m_all ORDER BY id;
CREATE MATERIALIZED VIEW m_eng AS SELECT id, name, salary FROM mv_emp WHERE dept = 'eng' WITH DATA;
SELECT * FROM m_eng ORDER BY id;
CREATE MATERIALIZED VIEW m_nodata AS SELECT id, name FROM mv_emp WITH NO DATA;
SELECT * FROM m_nodata;
SELECT count(*) FROM m_nodata;
SELECT * FROM m_all a JOIN m_nodata n ON a.id = n.id;
CREATE MATERIALIZED VIEW m_cols (emp_id, emp_name) AS SELECT id, name FROM mv_emp;
SELECT emp_id, emp_name FROM m_cols ORDER BY emp_id;
CREATE MATERIALIZED VIEW m_part (x) AS SELECT id, name FROM mv_emp;
SELECT x, name FROM m_part ORDER BY x;
CREATE MATERIALIZED VIEW m_bad (a, b, c) AS SELECT id, name FROM mv_emp;
CREATE MATERIALIZED VIEW m_dup (a, a) AS SELECT id, name FROM mv_emp;
CREATE MATERIALIZED VIEW m_dup2 AS SELECT id, id FROM mv_emp;
CREATE MATERIALIZED VIEW m_nocol AS SELECT nosuch FROM mv_emp;
CREATE MATERIALIZED VIEW m_notab AS SELECT * FROM nosuch;
CREATE MATERIALIZED VIEW m_all AS SELECT 1 AS x;
CREATE MATERIALIZED VIEW IF NOT EXISTS m_all AS SELECT 1 AS x;
CREATE MATERIALIZED VIEW IF NOT EXISTS m_all AS SELECT 1 AS x WITH NO DATA;
CREATE MATERIALIZED VIEW mv_emp AS SELECT 1 AS x;
CREATE MATERIALIZED VIEW m_lit AS SELECT 1 AS one, 'x' AS t, 2.5 AS n, NULL::int AS z;
SELECT * FROM m_lit;
SELECT pg_typeof(one), pg_typeof(t), pg_typeof(n) FROM m_lit;
CREATE MATERIALIZED VIEW m_empty_sel AS SELECT;
SELECT count(*) FROM m_empty_sel;
CREATE MATERIALIZED VIEW m_param AS SELECT $1;
-- aggregates, joins, CTEs, set operations, window functions, VALUES
CREATE MATERIALIZED VIEW m_agg AS
  SELECT dept, count(*) AS n, sum(salary) AS total FROM mv_emp GROUP BY dept;
SELECT * FROM m_agg ORDER BY dept;
CREATE MATERIALIZED VIEW m_join AS
  SELECT e.name, d.title FROM mv_emp e JOIN mv_dept d ON e.dept = d.code;
SELECT * FROM m_join ORDER BY name;
CREATE MATERIALIZED VIEW m_left AS
  SELECT e.name, d.title FROM mv_emp e LEFT JOIN mv_dept d ON e.dept = d.code;
SELECT * FROM m_left ORDER BY name;
CREATE MATERIALIZED VIEW m_cte AS
  WITH rich AS (SELECT * FROM mv_emp WHERE salary > 70) SELECT name FROM rich;
SELECT * FROM m_cte ORDER BY name;
CREATE MATERIALIZED VIEW m_union AS SELECT code AS v FROM mv_dept UNION SELECT dept FROM mv_emp;
SELECT * FROM m_union ORDER BY v;
CREATE MATERIALIZED VIEW m_win AS
  SELECT name, rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS r FROM mv_emp;
SELECT * FROM m_win ORDER BY name;
CREATE MATERIALIZED VIEW m_vals AS VALUES (1, 'a'), (2, 'b');
SELECT * FROM m_vals ORDER BY 1;
CREATE MATERIALIZED VIEW m_series AS SELECT g FROM generate_series(1, 5) g;
SELECT sum(g) FROM m_series;
CREATE MATERIALIZED VIEW m_sub AS SELECT name FROM mv_emp WHERE dept IN (SELECT code FROM mv_dept);
SELECT * FROM m_sub ORDER BY name;
-- a materialized view over a materialized view, and a view over one
CREATE MATERIALIZED VIEW m_nested AS SELECT dept, total FROM m_agg WHERE total > 100;
SELECT * FROM m_nested ORDER BY dept;
CREATE VIEW v_over_mv AS SELECT name FROM m_eng;
SELECT * FROM v_over_mv ORDER BY name;

-- the contents do not follow the tables until REFRESH
INSERT INTO mv_emp VALUES (6, 'fay', 'eng', 90.00);
UPDATE mv_emp SET salary = 101.00 WHERE id = 1;
SELECT * FROM m_eng ORDER BY id;
SELECT * FROM v_over_mv ORDER BY name;
REFRESH MATERIALIZED VIEW m_eng;
SELECT * FROM m_eng ORDER BY id;
SELECT * FROM v_over_mv ORDER BY name;
SELECT * FROM m_agg ORDER BY dept;
REFRESH MATERIALIZED VIEW m_agg WITH DATA;
SELECT * FROM m_agg ORDER BY dept;
SELECT * FROM m_nested ORDER BY dept;
REFRESH MATERIALIZED VIEW m_nested;
SELECT * FROM m_nested ORDER BY dept;
REFRESH MATERIALIZED VIEW m_nodata;
SELECT * FROM m_nodata ORDER BY id;
REFRESH MATERIALIZED VIEW m_nodata WITH NO DATA;
SELECT * FROM m_nodata;
REFRESH MATERIALIZED VIEW public.m_nodata;
SELECT count(*) FROM m_nodata;
-- a view over an unpopulated one
REFRESH MATERIALIZED VIEW m_eng WITH NO DATA;
SELECT * FROM v_over_mv;
REFRESH MATERIALIZED VIEW m_eng;
SELECT count(*) FROM v_over_mv;
-- a materialized view reading an unpopulated one cannot be refreshed
REFRESH MATERIALIZED VIEW m_agg WITH NO DATA;
REFRESH MATERIALIZED VIEW m_nested;
REFRESH MATERIALIZED VIEW m_agg;
REFRESH MATERIALIZED VIEW m_nested;

-- REFRESH errors
REFRESH MATERIALIZED VIEW nosuch;
REFRESH MATERIALIZED VIEW mv_emp;
REFRESH MATERIALIZED VIEW v_over_mv;
REFRESH MATERIALIZED VIEW CONCURRENTLY m_all;
REFRESH MATERIALIZED VIEW CONCURRENTLY m_all WITH NO DATA;
REFRESH MATERIALIZED VIEW m_nodata WITH NO DATA;
REFRESH MATERIALIZED VIEW CONCURRENTLY m_nodata;
CREATE UNIQUE INDEX m_all_id ON m_all (id);
REFRESH MATERIALIZED VIEW CONCURRENTLY m_all;
SELECT count(*) FROM m_all;
CREATE INDEX m_eng_name ON m_eng (name);
CREATE UNIQUE INDEX m_eng_part ON m_eng (id) WHERE id > 1;
REFRESH MATERIALIZED VIEW CONCURRENTLY m_eng;
CREATE UNIQUE INDEX m_cols_id ON m_cols (emp_id);
REFRESH MATERIALIZED VIEW CONCURRENTLY m_cols;
SELECT count(*) FROM m_cols;

-- REFRESH in a transaction: rollback keeps the old rows and state
BEGIN;
INSERT INTO mv_emp VALUES (7, 'gus', 'ops', 50.00);
REFRESH MATERIALIZED VIEW m_all;
SELECT count(*) FROM m_all;
ROLLBACK;
SELECT count(*) FROM m_all;
BEGIN;
REFRESH MATERIALIZED VIEW m_all WITH NO DATA;
SELECT count(*) FROM m_all;
ROLLBACK;
SELECT count(*) FROM m_all;
BEGIN;
REFRESH MATERIALIZED VIEW m_nodata WITH NO DATA;
REFRESH MATERIALIZED VIEW m_nodata;
SELECT count(*) FROM m_nodata;
COMMIT;
SELECT count(*) FROM m_nodata;
BEGIN;
SAVEPOINT s1;
REFRESH MATERIALIZED VIEW m_nodata WITH NO DATA;
ROLLBACK TO SAVEPOINT s1;
SELECT count(*) FROM m_nodata;
COMMIT;
SELECT count(*) FROM m_nodata;

-- writes are refused
INSERT INTO m_all VALUES (9, 'x', 'y', 1);
INSERT INTO m_all SELECT * FROM mv_emp;
UPDATE m_all SET name = 'q';
UPDATE m_all SET name = 'q' WHERE id = 1;
DELETE FROM m_all;
DELETE FROM m_all WHERE id = 1;
TRUNCATE m_all;
TRUNCATE mv_emp, m_all;
COPY m_all TO STDOUT;
SELECT count(*) FROM m_all;

-- ALTER
ALTER MATERIALIZED VIEW m_cols RENAME TO m_cols2;
SELECT * FROM m_cols2 ORDER BY emp_id;
SELECT * FROM m_cols ORDER BY emp_id;
ALTER MATERIALIZED VIEW m_cols2 RENAME COLUMN emp_name TO who;
SELECT who FROM m_cols2 ORDER BY who;
REFRESH MATERIALIZED VIEW m_cols2;
SELECT emp_id, who FROM m_cols2 ORDER BY emp_id;
ALTER MATERIALIZED VIEW m_cols2 RENAME COLUMN nosuch TO z;
ALTER MATERIALIZED VIEW m_cols2 RENAME COLUMN who TO emp_id;
ALTER MATERIALIZED VIEW m_cols2 RENAME TO m_all;
ALTER MATERIALIZED VIEW nosuch RENAME TO z;
ALTER MATERIALIZED VIEW IF EXISTS nosuch RENAME TO z;
ALTER MATERIALIZED VIEW mv_emp RENAME TO z;
ALTER MATERIALIZED VIEW v_over_mv RENAME TO z;
ALTER VIEW m_cols2 RENAME TO z;
ALTER TABLE m_cols2 RENAME TO m_cols3;
SELECT count(*) FROM m_cols3;
ALTER MATERIALIZED VIEW m_cols3 ADD COLUMN c int;
ALTER TABLE m_cols3 ADD COLUMN c int;
ALTER TABLE m_cols3 DROP COLUMN who;
ALTER MATERIALIZED VIEW m_cols3 ALTER COLUMN who TYPE varchar(10);
ALTER MATERIALIZED VIEW m_cols3 ALTER COLUMN who SET DEFAULT 'x';
ALTER MATERIALIZED VIEW m_cols3 ALTER COLUMN who SET NOT NULL;
ALTER MATERIALIZED VIEW m_cols3 ADD CONSTRAINT c1 CHECK (emp_id > 0);
ALTER MATERIALIZED VIEW m_cols3 SET (omendb_populated = false);
-- renaming what a materialized view reads keeps it refreshable
ALTER TABLE mv_dept RENAME COLUMN title TO dtitle;
REFRESH MATERIALIZED VIEW m_join;
SELECT * FROM m_join ORDER BY name;
ALTER TABLE mv_dept RENAME TO mv_dept2;
REFRESH MATERIALIZED VIEW m_join;
SELECT count(*) FROM m_join;
ALTER TABLE mv_dept2 ALTER COLUMN dtitle TYPE varchar(40);

-- dependencies
DROP TABLE mv_dept2;
DROP TABLE mv_emp;
ALTER TABLE mv_emp DROP COLUMN salary;
DROP MATERIALIZED VIEW m_eng;
DROP MATERIALIZED VIEW m_agg;
DROP MATERIALIZED VIEW m_agg RESTRICT;

-- catalogs
SELECT schemaname, matviewname, hasindexes, ispopulated FROM pg_matviews ORDER BY matviewname;
SELECT matviewname, definition FROM pg_matviews WHERE matviewname IN ('m_all', 'm_cols3') ORDER BY 1;
SELECT relname, relkind, relispopulated FROM pg_class WHERE relname LIKE 'm\_%' ORDER BY relname;
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = 'm_lit' AND a.attnum > 0 ORDER BY a.attnum;
SELECT pg_get_viewdef('m_all'::regclass);
SELECT pg_get_viewdef('m_cols3'::regclass, true);
SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'm\_%';
SELECT count(*) FROM information_schema.views WHERE table_name LIKE 'm\_%';
SELECT count(*) FROM information_schema.columns WHERE table_name LIKE 'm\_%';
SELECT count(*) FROM pg_tables WHERE tablename LIKE 'm\_%';
SELECT count(*) FROM pg_views WHERE viewname LIKE 'm\_%';
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'm_all';

-- schema-qualified, and DROP SCHEMA
CREATE SCHEMA mvs;
CREATE MATERIALIZED VIEW mvs.m_q AS SELECT id, name FROM mv_emp WHERE id < 3;
SELECT * FROM mvs.m_q ORDER BY id;
REFRESH MATERIALIZED VIEW mvs.m_q;
SELECT schemaname, matviewname FROM pg_matviews WHERE schemaname = 'mvs';
CREATE MATERIALIZED VIEW nosuchschema.m_q AS SELECT 1;
CREATE MATERIALIZED VIEW pg_catalog.m_q AS SELECT 1;
CREATE TABLE mvs.src (a int);
INSERT INTO mvs.src VALUES (1), (2);
CREATE MATERIALIZED VIEW m_from_schema AS SELECT a FROM mvs.src;
DROP SCHEMA mvs;
DROP SCHEMA mvs CASCADE;
SELECT count(*) FROM pg_matviews WHERE matviewname IN ('m_q', 'm_from_schema');

-- temporary relations
CREATE TEMP TABLE mv_tmp (a int);
CREATE MATERIALIZED VIEW m_tmp AS SELECT a FROM mv_tmp;

-- DROP
DROP TABLE m_all;
DROP VIEW m_all;
DROP MATERIALIZED VIEW mv_emp;
DROP MATERIALIZED VIEW v_over_mv;
DROP MATERIALIZED VIEW nosuch;
DROP MATERIALIZED VIEW IF EXISTS nosuch;
DROP MATERIALIZED VIEW IF EXISTS nosuch, m_vals;
SELECT count(*) FROM pg_matviews WHERE matviewname = 'm_vals';
DROP MATERIALIZED VIEW m_eng CASCADE;
SELECT * FROM v_over_mv;
DROP MATERIALIZED VIEW m_agg CASCADE;
DROP MATERIALIZED VIEW m_series, m_lit, m_empty_sel;
DROP TABLE mv_emp CASCADE;
SELECT matviewname FROM pg_matviews ORDER BY 1;
DROP TABLE mv_dept2 CASCADE;
SELECT count(*) FROM pg_matviews;
