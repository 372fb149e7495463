-- GET [STACKED] DIAGNOSTICS: ROW_COUNT after INSERT/UPDATE; in handlers RETURNED_SQLSTATE,
-- MESSAGE_TEXT, PG_EXCEPTION_DETAIL, PG_EXCEPTION_HINT of unique and CHECK violations, division by
-- zero and RAISE ... USING; STACKED outside a handler (0Z002); SCHEMA/TABLE/COLUMN/CONSTRAINT_NAME
-- of unique, foreign key, NOT NULL and CHECK violations.
CREATE TABLE dg (id int PRIMARY KEY, v int CHECK (v > 0));
CREATE FUNCTION dg_try(x int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text; hnt text; con text; n bigint;
BEGIN
  BEGIN
    INSERT INTO dg VALUES (1, x);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN 'ok ' || n;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
    RETURN st || ': ' || msg || ' [' || coalesce(det, '?') || '] [' || coalesce(hnt, '?') || ']';
  END;
END $$;
SELECT dg_try(5);
SELECT dg_try(6);
SELECT dg_try(-1);
CREATE FUNCTION dg_div(x int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; hnt text;
BEGIN
  RETURN (10 / x)::text;
EXCEPTION WHEN division_by_zero THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, hnt = PG_EXCEPTION_HINT;
  RETURN st || ' ' || msg || ' hint=' || hnt;
END $$;
SELECT dg_div(0), dg_div(5);
CREATE FUNCTION dg_raise() RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text; hnt text;
BEGIN
  RAISE EXCEPTION 'custom %', 42 USING ERRCODE = '22012', DETAIL = 'the detail', HINT = 'the hint';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
  RETURN concat_ws('|', st, msg, det, hnt);
END $$;
SELECT dg_raise();
DO $$ DECLARE t text; BEGIN GET STACKED DIAGNOSTICS t = MESSAGE_TEXT; END $$;
CREATE FUNCTION dg_rows() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  UPDATE dg SET v = v + 1;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
SELECT dg_rows();
CREATE TABLE dg_par (id int PRIMARY KEY);
CREATE TABLE dg_kid (id int PRIMARY KEY, par int CONSTRAINT dg_kid_par_fk REFERENCES dg_par, name text NOT NULL);
CREATE FUNCTION dg_names(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; sch text; tbl text; col text; con text;
BEGIN
  EXECUTE stmt;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, sch = SCHEMA_NAME, tbl = TABLE_NAME, col = COLUMN_NAME, con = CONSTRAINT_NAME;
  RETURN concat_ws('|', st, sch, tbl, col, con);
END $$;
INSERT INTO dg_par VALUES (1);
INSERT INTO dg_kid VALUES (1, 1, 'a');
SELECT dg_names('INSERT INTO dg_kid VALUES (1, 1, ''b'')');
SELECT dg_names('INSERT INTO dg_kid VALUES (2, 9, ''b'')');
SELECT dg_names('INSERT INTO dg_kid VALUES (3, 1, NULL)');
SELECT dg_names('UPDATE dg_kid SET name = NULL');
SELECT dg_names('DELETE FROM dg_par');
SELECT dg_names('INSERT INTO dg VALUES (7, -7)');
