-- PL/pgSQL record fields as plan parameters and simple expressions (pl_sql.c): one trigger
-- function on two tables whose NEW.v differs in type, a record variable taking rows of
-- other shapes in one function (planned again), a field the new row lacks (42703), an
-- unassigned record (55000), errors and nested calls inside directly evaluated expressions.
CREATE TABLE fp_a (id int PRIMARY KEY, v int);
CREATE TABLE fp_b (id int PRIMARY KEY, v text);
CREATE TABLE fp_log (tbl text, v text);
CREATE FUNCTION fp_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fp_log VALUES (TG_TABLE_NAME, NEW.v || '!');
  NEW.v := NEW.v || NEW.v;
  RETURN NEW;
END $$;
CREATE TRIGGER fp_a_t BEFORE INSERT ON fp_a FOR EACH ROW EXECUTE FUNCTION fp_note();
CREATE TRIGGER fp_b_t BEFORE INSERT ON fp_b FOR EACH ROW EXECUTE FUNCTION fp_note();
INSERT INTO fp_a VALUES (1, 7), (2, 8);
INSERT INTO fp_b VALUES (1, 'x'), (2, 'y');
INSERT INTO fp_a VALUES (3, 9);
SELECT * FROM fp_a ORDER BY id;
SELECT * FROM fp_b ORDER BY id;
SELECT * FROM fp_log ORDER BY tbl, v;
CREATE FUNCTION fp_shapes() RETURNS text LANGUAGE plpgsql AS $$
DECLARE r record; acc text := '';
BEGIN
  FOR r IN SELECT g AS a FROM generate_series(1, 2) g LOOP acc := acc || (r.a + 1)::text || ','; END LOOP;
  FOR r IN SELECT 'p' || g AS a FROM generate_series(1, 2) g LOOP acc := acc || r.a || ','; END LOOP;
  FOR r IN SELECT g AS b FROM generate_series(1, 2) g LOOP acc := acc || r.b || ';'; END LOOP;
  RETURN acc;
END $$;
SELECT fp_shapes();
SELECT fp_shapes();
CREATE FUNCTION fp_missing() RETURNS int LANGUAGE plpgsql AS $$
DECLARE r record; n int := 0;
BEGIN
  FOR r IN SELECT 1 AS a LOOP n := n + r.a; END LOOP;
  FOR r IN SELECT 2 AS b LOOP n := n + r.a; END LOOP;
  RETURN n;
END $$;
SELECT fp_missing();
CREATE FUNCTION fp_div(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 10 / x; END $$;
SELECT fp_div(2);
SELECT fp_div(0);
SELECT fp_div(5);
CREATE FUNCTION fp_nest(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN x := fp_div(x) + fp_div(x); RETURN x; END $$;
SELECT fp_nest(1), fp_nest(2);
CREATE FUNCTION fp_unassigned() RETURNS int LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  RETURN r.a;
END $$;
SELECT fp_unassigned();
