-- Set-returning PL/pgSQL functions and OUT parameters: SETOF scalar, RETURNS TABLE,
-- OUT parameters with RETURNS SETOF record, SETOF a table's row type; RETURN NEXT
-- (expression, bare with OUT parameters, a record variable) and RETURN QUERY (static,
-- with a type mismatch: 42804); calls in FROM (aliases, WHERE, joins, LATERAL,
-- WITH ORDINALITY, STRICT with NULL) and in the SELECT list (ProjectSet, records);
-- non-set functions with OUT/INOUT parameters in FROM and in expressions; assignment to
-- the first argument; where a set is refused (WHERE: 0A000).
CREATE TABLE acct(id int primary key, owner text, balance numeric, opened date);
INSERT INTO acct VALUES (1,'ann',100,'2020-01-01'),(2,'bob',50,'2021-02-02'),(3,'cy',10,'2022-03-03'),(4,'dee',75,'2023-01-01');
CREATE FUNCTION pl_squares(n int) RETURNS SETOF int LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..n LOOP
    RETURN NEXT i * i;
  END LOOP;
  RETURN;
END $$;
SELECT * FROM pl_squares(4) ORDER BY 1;
SELECT * FROM pl_squares(0);
SELECT s FROM pl_squares(3) s ORDER BY s;
SELECT count(*), sum(x) FROM pl_squares(100) x;
CREATE FUNCTION pl_ids(p_min int) RETURNS SETOF int LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT id FROM acct WHERE id >= p_min;
  RETURN QUERY SELECT -1;
  RETURN NEXT 0;
END $$;
SELECT * FROM pl_ids(2) ORDER BY 1;
SELECT * FROM pl_ids(100) ORDER BY 1;
CREATE FUNCTION pl_tab(n int) RETURNS TABLE(a int, b text) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT g, 'row ' || g FROM generate_series(1, n) g;
END $$;
SELECT * FROM pl_tab(3) ORDER BY a;
SELECT b FROM pl_tab(2) WHERE a = 2;
SELECT t.a, t.b FROM pl_tab(0) t;
CREATE FUNCTION pl_rich(p_min numeric) RETURNS TABLE(acct_id int, who text, bal numeric) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT id, owner, balance FROM acct WHERE balance >= p_min;
END $$;
SELECT * FROM pl_rich(50) ORDER BY acct_id;
SELECT r.who, a.opened FROM pl_rich(0) r JOIN acct a ON a.id = r.acct_id ORDER BY r.acct_id;
SELECT a.id, s.* FROM acct a, pl_squares(a.id) s WHERE a.id <= 3 ORDER BY a.id, s;
CREATE FUNCTION pl_setof_text(p_sep text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT id, owner FROM acct ORDER BY id LOOP
    CONTINUE WHEN r.id % 2 = 0;
    RETURN NEXT r.owner || p_sep || r.id;
  END LOOP;
END $$;
SELECT * FROM pl_setof_text('#') ORDER BY 1;
CREATE FUNCTION pl_setof_mismatch() RETURNS SETOF int LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT count(*) FROM acct;
END $$;
SELECT * FROM pl_setof_mismatch();
SELECT pl_squares(2), pl_squares(3);
SELECT pl_tab(2);
SELECT (pl_tab(2)).b;
SELECT * FROM pl_squares(3) WITH ORDINALITY;
CREATE FUNCTION pl_out(x int, OUT a int, OUT b text) LANGUAGE plpgsql AS $$ BEGIN a := x * 2; b := 'v' || x; END $$;
SELECT * FROM pl_out(5);
SELECT pl_out(5);
SELECT (pl_out(5)).b;
SELECT t.id, o.* FROM acct t, pl_out(t.id) o ORDER BY 1;
CREATE FUNCTION pl_inout(INOUT x int, OUT y int) LANGUAGE plpgsql AS $$ BEGIN x := x + 1; y := x * 10; END $$;
SELECT * FROM pl_inout(1);
CREATE FUNCTION pl_rows_of() RETURNS SETOF acct LANGUAGE plpgsql AS $$ DECLARE r acct; BEGIN FOR r IN SELECT * FROM acct WHERE id < 3 ORDER BY id LOOP RETURN NEXT r; END LOOP; END $$;
SELECT * FROM pl_rows_of();
CREATE FUNCTION pl_rows_q() RETURNS SETOF acct LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT * FROM acct WHERE id > 2; END $$;
SELECT id, owner FROM pl_rows_q() ORDER BY id;
CREATE FUNCTION pl_setout(n int, OUT i int, OUT sq int) RETURNS SETOF record LANGUAGE plpgsql AS $$ BEGIN FOR k IN 1..n LOOP i := k; sq := k*k; RETURN NEXT; END LOOP; END $$;
SELECT * FROM pl_setout(3);
SELECT pl_setout(2);
SELECT * FROM pl_squares(NULL);
CREATE FUNCTION pl_strict_s(n int) RETURNS SETOF int STRICT LANGUAGE plpgsql AS $$ BEGIN RETURN NEXT n; END $$;
SELECT * FROM pl_strict_s(NULL);
SELECT count(*) FROM pl_strict_s(1);
SELECT * FROM acct WHERE id IN (SELECT pl_squares(2)) ORDER BY id;
SELECT 1 WHERE pl_squares(1) = 1;
CREATE FUNCTION pl_first_arg(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN x := x + 1; RETURN x * 2; END $$;
SELECT pl_first_arg(4);
CREATE FUNCTION pl_next_param(OUT a int) RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN NEXT 1; END $$;
CREATE FUNCTION pl_table_next(n int) RETURNS TABLE(k int, label text) LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..n LOOP
    k := i;
    label := 'n' || i;
    RETURN NEXT;   -- bare: the OUT columns
  END LOOP;
  RETURN NEXT ;
END $$;
SELECT * FROM pl_table_next(2);
SELECT label FROM pl_table_next(3) WHERE k > 1 ORDER BY 1;
SELECT pl_table_next(1);
SELECT x.k, x.label FROM pl_table_next(2) AS x(k, label) ORDER BY 1;
SELECT * FROM pl_squares(2) AS q(v) ORDER BY v;
SELECT count(*) FROM acct a JOIN pl_squares(2) s ON s = a.id;
SELECT (pl_out(3)).a + 1;
SELECT * FROM pl_squares(2) UNION ALL SELECT * FROM pl_squares(1) ORDER BY 1;
CREATE FUNCTION pl_mismatch_type() RETURNS TABLE(a int, b text) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT 1, 2;
END $$;
SELECT * FROM pl_mismatch_type();
CREATE FUNCTION pl_writes(n int) RETURNS SETOF int LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO acct VALUES (n, 'new', 0, '2024-01-01');
  RETURN QUERY SELECT id FROM acct WHERE id = n;
END $$;
SELECT * FROM pl_writes(10);
SELECT count(*) FROM acct;
CREATE FUNCTION pl_raise_mid(n int) RETURNS SETOF int LANGUAGE plpgsql AS $$
BEGIN
  RETURN NEXT 1;
  IF n > 0 THEN RAISE EXCEPTION 'stop at %', n; END IF;
  RETURN NEXT 2;
END $$;
SELECT * FROM pl_raise_mid(1);
SELECT * FROM pl_raise_mid(0);
CREATE FUNCTION pl_one_out(x int, OUT doubled int) LANGUAGE plpgsql AS $$ BEGIN doubled := x * 2; END $$;
SELECT pl_one_out(21);
SELECT * FROM pl_one_out(4);
CREATE FUNCTION pl_one_inout(INOUT x int) LANGUAGE plpgsql AS $$ BEGIN x := x + 100; END $$;
SELECT pl_one_inout(1);
CREATE FUNCTION pl_one_col(n int) RETURNS TABLE(v int) LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..n LOOP v := i * 10; RETURN NEXT; END LOOP;
END $$;
SELECT * FROM pl_one_col(3);
SELECT pl_one_col(2);
CREATE FUNCTION pl_one_setof_out(n int, OUT w text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
  w := 'a'; RETURN NEXT;
  w := 'b' || n; RETURN NEXT;
END $$;
SELECT * FROM pl_one_setof_out(7);
