-- Pending: SETOF / RETURNS TABLE PL/pgSQL functions called in FROM (not run by
-- run_compat.sh, which reads tests/compat/*.sql only). Needs the acct table of
-- ../plpgsql.sql; move back there when set-returning PL/pgSQL functions land.
-- SETOF and RETURNS TABLE functions, called in FROM
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
