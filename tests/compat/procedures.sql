-- Procedures: CREATE PROCEDURE in PL/pgSQL and SQL, CALL with positional and named arguments,
-- defaults and INOUT parameters (a result row), errors rolling the call back, CALL in a
-- transaction block, DDL inside, 42809 for a procedure in SELECT and a function in CALL,
-- 42883, DROP PROCEDURE / FUNCTION of the wrong kind, pg_proc.prokind.
CREATE TABLE pr_t (id int PRIMARY KEY, v text);
CREATE PROCEDURE pr_add(p_id int, p_v text) LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pr_t VALUES (p_id, p_v);
  IF p_id > 100 THEN RAISE EXCEPTION 'too big: %', p_id; END IF;
END $$;
CALL pr_add(1, 'one');
CALL pr_add(p_v => 'two', p_id => 2);
CALL pr_add(101, 'big');
SELECT * FROM pr_t ORDER BY id;
CREATE PROCEDURE pr_sql(a int, b text) LANGUAGE sql AS $$
  INSERT INTO pr_t VALUES (a, b);
  UPDATE pr_t SET v = v || '!' WHERE id = a
$$;
CALL pr_sql(3, 'three');
SELECT * FROM pr_t ORDER BY id;
CREATE PROCEDURE pr_inout(INOUT x int, INOUT y text DEFAULT 'd') LANGUAGE plpgsql AS $$
BEGIN x := x * 2; y := y || x; END $$;
CALL pr_inout(21);
CALL pr_inout(1, 'a');
CREATE PROCEDURE pr_void() LANGUAGE plpgsql AS $$ BEGIN RETURN; END $$;
CALL pr_void();
SELECT pr_void();
CALL pr_missing(1);
CALL upper('x');
CREATE FUNCTION pr_fn() RETURNS int LANGUAGE sql AS 'SELECT 1';
CALL pr_fn();
DROP FUNCTION pr_void();
DROP PROCEDURE pr_fn();
DROP PROCEDURE pr_void();
DROP PROCEDURE IF EXISTS pr_void();
CALL pr_void();
BEGIN;
CALL pr_add(10, 'ten');
ROLLBACK;
SELECT count(*) FROM pr_t WHERE id = 10;
CREATE PROCEDURE pr_ddl() LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE pr_made (x int); INSERT INTO pr_made VALUES (1); END $$;
CALL pr_ddl();
SELECT * FROM pr_made;
SELECT proname, prokind FROM pg_proc WHERE proname IN ('pr_add', 'pr_sql', 'pr_inout', 'pr_fn', 'pr_ddl', 'pr_void') ORDER BY 1;
CREATE OR REPLACE FUNCTION pr_add(p_id int, p_v text) RETURNS void LANGUAGE sql AS 'SELECT 1';
