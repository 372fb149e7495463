-- PL/pgSQL functions: CREATE [OR REPLACE] FUNCTION ... LANGUAGE plpgsql returning
-- scalars and void; calls in the select list, in WHERE, over table rows, nested and
-- recursive; DECLARE (types, %TYPE, := and DEFAULT, CONSTANT, NOT NULL); := and =;
-- IF/ELSIF/ELSE, CASE statements (20000), LOOP/EXIT/CONTINUE [WHEN] with labels,
-- WHILE, integer FOR [REVERSE] [BY], FOR over a query, FOREACH over an array;
-- SELECT INTO [STRICT] (P0002, P0003), INSERT/UPDATE/DELETE ... RETURNING INTO,
-- PERFORM, FOUND, GET DIAGNOSTICS; RAISE (levels, % and %%, USING ERRCODE/MESSAGE/
-- DETAIL/HINT, condition names, SQLSTATE, re-raise); EXCEPTION blocks (condition
-- names, OR, SQLSTATE, OTHERS, SQLSTATE/SQLERRM, the block's changes rolled back);
-- EXECUTE (quote_ident, format, INTO, USING); ASSERT (P0004); functions that write
-- tables; errors at CREATE and at run time. SETOF / RETURNS TABLE functions come last.
--
-- difftest discards NOTICE/WARNING/INFO messages, so RAISE at those levels is only
-- checked not to fail; the text of raised and caught errors is compared through
-- SQLERRM returned as a value. Parameters are named p_* (or differently from every
-- column) because plpgsql.variable_conflict = error makes a clash 42702.

CREATE TABLE acct (id int PRIMARY KEY, owner text NOT NULL, balance numeric(10,2), opened date);
INSERT INTO acct VALUES (1, 'ann', 100.00, '2024-01-15'), (2, 'bob', 250.50, '2023-06-01'),
  (3, 'cy', 0.00, '2024-02-29'), (4, 'dee', NULL, NULL);

-- scalar results of each type
CREATE FUNCTION pl_add(a int, b int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN a + b;
END
$$;
SELECT pl_add(2, 3), pl_add(NULL, 1), pl_add(pl_add(1, 2), 4);
SELECT id, pl_add(id, 10) FROM acct ORDER BY id;
SELECT id FROM acct WHERE pl_add(id, id) > 4 ORDER BY id;
CREATE FUNCTION pl_big(n int) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN n::bigint * 1000000000;
END $$;
SELECT pl_big(5), pg_typeof(pl_big(5));
CREATE FUNCTION pl_greet(who text) RETURNS text AS $$
BEGIN
  RETURN 'hello, ' || who || '!';
END;
$$ LANGUAGE plpgsql;
SELECT pl_greet('world'), pl_greet(owner) FROM acct WHERE id = 2;
CREATE FUNCTION pl_interest(amt numeric, rate numeric) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
  RETURN round(amt * rate / 100, 2);
END $$;
SELECT id, pl_interest(balance, 3.5) FROM acct ORDER BY id;
CREATE FUNCTION pl_is_rich(amt numeric) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN amt >= 200;
END $$;
SELECT owner FROM acct WHERE pl_is_rich(balance) ORDER BY owner;
SELECT id, pl_is_rich(balance), NOT pl_is_rich(balance) FROM acct ORDER BY id;
CREATE FUNCTION pl_due(d date) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN d + 30;
END $$;
SELECT id, pl_due(opened), pg_typeof(pl_due(opened)) FROM acct ORDER BY id;
CREATE FUNCTION pl_nothing() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
END $$;
SELECT pl_nothing(), pl_nothing() IS NULL, pg_typeof(pl_nothing());
-- the result is converted to the declared type
CREATE FUNCTION pl_to_int(x numeric) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN x;
END $$;
SELECT pl_to_int(7.5), pl_to_int(-2.5), pl_to_int(2.4);
CREATE FUNCTION pl_to_text(x int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN x * 2;
END $$;
SELECT pl_to_text(21) || '!';
-- $n references, STRICT, defaults and named arguments
CREATE FUNCTION pl_pos(int, int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN $1 * 10 + $2;
END $$;
SELECT pl_pos(4, 2);
CREATE FUNCTION pl_strict(a int) RETURNS int LANGUAGE plpgsql STRICT AS $$
BEGIN
  RETURN coalesce(a, -100) + 1;
END $$;
SELECT pl_strict(NULL), pl_strict(1);
CREATE FUNCTION pl_mix(x int, y int DEFAULT 10, z text DEFAULT 'z') RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN x || '/' || y || '/' || z;
END $$;
SELECT pl_mix(1), pl_mix(1, 2), pl_mix(1, 2, 'q'), pl_mix(z => 'k', x => 3);
-- CREATE OR REPLACE
CREATE OR REPLACE FUNCTION pl_add(a int, b int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN a + b + 100;
END $$;
SELECT pl_add(1, 2);
CREATE FUNCTION pl_add(a int, b int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 0; END $$;
CREATE OR REPLACE FUNCTION pl_add(a int, b int) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'x'; END $$;
SELECT pl_add(1, 2);

-- nested calls and recursion
CREATE FUNCTION pl_outer(n int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN pl_greet(pl_add(n, 0)::text);
END $$;
SELECT pl_outer(5);
CREATE FUNCTION pl_fact(n int) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  IF n <= 1 THEN
    RETURN 1;
  END IF;
  RETURN n * pl_fact(n - 1);
END $$;
SELECT pl_fact(0), pl_fact(5), pl_fact(20);
SELECT pl_fact(21);
CREATE FUNCTION pl_fib(n int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  IF n < 2 THEN RETURN n; END IF;
  RETURN pl_fib(n - 1) + pl_fib(n - 2);
END $$;
SELECT g, pl_fib(g) FROM generate_series(0, 12) g ORDER BY g;

-- DECLARE: types, defaults, CONSTANT, NOT NULL, %TYPE
CREATE FUNCTION pl_decl() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  i int := 3;
  j integer DEFAULT 4;
  k int;
  t text = 'x';
  n numeric(6,2) := 1.005;
  d date := '2024-02-28';
  b boolean;
  big bigint := 9000000000;
  c CONSTANT int := 7;
  nn int NOT NULL := 0;
  vc varchar(3) := 'abc';
BEGIN
  k := i * j;
  nn = nn + 1;
  RETURN i || ',' || j || ',' || k || ',' || t || ',' || n || ',' || (d + 1) || ','
    || coalesce(b::text, 'null') || ',' || big || ',' || c || ',' || nn || ',' || vc;
END $$;
SELECT pl_decl();
CREATE FUNCTION pl_assign_cast() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  i int;
  n numeric(5,1);
  s text;
BEGIN
  i := 2.5;
  n := 3.14159;
  s := 42;
  RETURN i || ' ' || n || ' ' || s || ' ' || (7 / 2) || ' ' || (7.0 / 2);
END $$;
SELECT pl_assign_cast();
CREATE FUNCTION pl_owner_of(p_id acct.id%TYPE) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  o acct.owner%TYPE;
  bal acct.balance%TYPE;
  odd acct.balance%TYPE := 1.005;
BEGIN
  SELECT owner, balance INTO o, bal FROM acct WHERE id = p_id;
  RETURN o || ':' || coalesce(bal::text, '-') || ':' || odd;
END $$;
SELECT id, pl_owner_of(id) FROM acct ORDER BY id;
CREATE FUNCTION pl_not_null_var(x int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v int NOT NULL DEFAULT 5;
BEGIN
  v := x;
  RETURN v;
END $$;
SELECT pl_not_null_var(9);
SELECT pl_not_null_var(NULL);

-- IF / ELSIF / ELSE
CREATE FUNCTION pl_grade(score int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF score IS NULL THEN
    RETURN 'none';
  ELSIF score >= 90 THEN
    RETURN 'A';
  ELSEIF score >= 80 THEN
    RETURN 'B';
  ELSE
    RETURN 'C';
  END IF;
END $$;
SELECT s, pl_grade(s) FROM (VALUES (95), (85), (10), (NULL)) v(s) ORDER BY s;
CREATE FUNCTION pl_null_cond(x int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF x > 0 THEN
    RETURN 'then';
  END IF;
  IF NOT (x > 0) THEN
    RETURN 'not';
  END IF;
  RETURN 'neither';
END $$;
SELECT pl_null_cond(1), pl_null_cond(-1), pl_null_cond(NULL);

-- CASE statements
CREATE FUNCTION pl_case_simple(x int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  CASE x
    WHEN 1, 2 THEN
      RETURN 'small';
    WHEN 3 THEN
      RETURN 'three';
    ELSE
      RETURN 'other';
  END CASE;
END $$;
SELECT g, pl_case_simple(g) FROM generate_series(0, 4) g ORDER BY g;
SELECT pl_case_simple(NULL);
CREATE FUNCTION pl_case_searched(x int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  r text;
BEGIN
  CASE
    WHEN x < 0 THEN r := 'neg';
    WHEN x = 0 THEN r := 'zero';
    WHEN x > 0 THEN r := 'pos';
  END CASE;
  RETURN r;
END $$;
SELECT pl_case_searched(-5), pl_case_searched(0), pl_case_searched(5);
SELECT pl_case_searched(NULL);
CREATE FUNCTION pl_case_noelse(x text) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  CASE lower(x)
    WHEN 'a' THEN RETURN 1;
    WHEN 'b' THEN RETURN 2;
  END CASE;
END $$;
SELECT pl_case_noelse('A'), pl_case_noelse('b');
SELECT pl_case_noelse('c');

-- loops
CREATE FUNCTION pl_odd_sum(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  i int := 0;
  s int := 0;
BEGIN
  LOOP
    i := i + 1;
    EXIT WHEN i > n;
    CONTINUE WHEN i % 2 = 0;
    s := s + i;
  END LOOP;
  RETURN s;
END $$;
SELECT pl_odd_sum(0), pl_odd_sum(1), pl_odd_sum(10);
CREATE FUNCTION pl_labels() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  i int := 0;
  j int;
  acc text := '';
BEGIN
  <<outer_loop>>
  LOOP
    i := i + 1;
    j := 0;
    <<inner_loop>>
    LOOP
      j := j + 1;
      IF j > 3 THEN
        EXIT inner_loop;
      END IF;
      IF j = 2 THEN
        CONTINUE inner_loop;
      END IF;
      IF i = 3 THEN
        EXIT outer_loop;
      END IF;
      acc := acc || i || j || ' ';
    END LOOP inner_loop;
    CONTINUE outer_loop WHEN i = 1;
    acc := acc || '| ';
  END LOOP outer_loop;
  RETURN acc;
END $$;
SELECT pl_labels();
CREATE FUNCTION pl_exit_block(x int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  acc text := 'start';
BEGIN
  <<blk>>
  BEGIN
    acc := acc || ' in';
    EXIT blk WHEN x > 0;
    acc := acc || ' rest';
  END;
  RETURN acc || ' end';
END $$;
SELECT pl_exit_block(1), pl_exit_block(0);
CREATE FUNCTION pl_while(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  p int := 1;
BEGIN
  WHILE p < n LOOP
    p := p * 2;
  END LOOP;
  RETURN p;
END $$;
SELECT pl_while(0), pl_while(100), pl_while(1024);
CREATE FUNCTION pl_for(a int, b int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  acc text := '';
BEGIN
  FOR i IN a..b LOOP
    acc := acc || i || ' ';
  END LOOP;
  acc := acc || '/ ';
  FOR i IN REVERSE b..a LOOP
    acc := acc || i || ' ';
  END LOOP;
  acc := acc || '/ ';
  FOR i IN a..b BY 3 LOOP
    acc := acc || i || ' ';
  END LOOP;
  acc := acc || '/ ';
  FOR i IN REVERSE b..a BY 2 LOOP
    acc := acc || i || ' ';
  END LOOP;
  RETURN acc;
END $$;
SELECT pl_for(1, 7), pl_for(5, 1), pl_for(-2, 2);
CREATE FUNCTION pl_for_by(step int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  s int := 0;
BEGIN
  FOR i IN 1..10 BY step LOOP
    s := s + i;
  END LOOP;
  RETURN s;
END $$;
SELECT pl_for_by(4);
SELECT pl_for_by(0);
CREATE FUNCTION pl_for_rows(p_min int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  r record;
  acc text := '';
  total numeric := 0;
BEGIN
  FOR r IN SELECT id, owner, balance FROM acct WHERE id >= p_min ORDER BY id LOOP
    acc := acc || r.id || '=' || r.owner || ' ';
    total := total + coalesce(r.balance, 0);
  END LOOP;
  RETURN acc || total;
END $$;
SELECT pl_for_rows(1), pl_for_rows(3), pl_for_rows(99);
CREATE FUNCTION pl_for_vars() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  k int;
  who text;
  acc text := '';
BEGIN
  FOR k, who IN SELECT id, upper(owner) FROM acct ORDER BY id DESC LOOP
    acc := acc || who || k;
    EXIT WHEN k = 2;
  END LOOP;
  RETURN acc;
END $$;
SELECT pl_for_vars();
CREATE FUNCTION pl_array_sum(arr int[]) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  x int;
  s int := 0;
BEGIN
  FOREACH x IN ARRAY arr LOOP
    s := s + x;
  END LOOP;
  RETURN s;
END $$;
SELECT pl_array_sum(ARRAY[1, 2, 3, 4]), pl_array_sum('{}'), pl_array_sum(ARRAY[10]);
SELECT pl_array_sum(NULL);
CREATE FUNCTION pl_array_join(arr text[]) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  w text;
  acc text := '';
BEGIN
  FOREACH w IN ARRAY arr LOOP
    CONTINUE WHEN w IS NULL;
    acc := acc || '<' || w || '>';
  END LOOP;
  RETURN acc;
END $$;
SELECT pl_array_join(ARRAY['a', NULL, 'c']), pl_array_join(ARRAY(SELECT owner FROM acct ORDER BY id));

-- SELECT INTO, FOUND, STRICT
CREATE FUNCTION pl_find(p_id int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  o text := 'preset';
  f boolean;
BEGIN
  SELECT owner INTO o FROM acct WHERE id = p_id;
  f := FOUND;
  RETURN coalesce(o, 'NULL') || ' ' || f;
END $$;
SELECT pl_find(1), pl_find(99);
CREATE FUNCTION pl_first_owner() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  o text;
  b numeric;
BEGIN
  SELECT owner, balance FROM acct WHERE balance IS NOT NULL ORDER BY balance DESC INTO o, b;
  RETURN o || ' ' || b;
END $$;
SELECT pl_first_owner();
CREATE FUNCTION pl_record_into(p_id int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT * INTO r FROM acct WHERE id = p_id;
  RETURN r.owner || ' opened ' || coalesce(r.opened::text, 'never');
END $$;
SELECT pl_record_into(3), pl_record_into(4);
CREATE FUNCTION pl_find_strict(p_min int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  o text;
BEGIN
  SELECT owner INTO STRICT o FROM acct WHERE id >= p_min;
  RETURN o;
END $$;
SELECT pl_find_strict(4);
SELECT pl_find_strict(5);
SELECT pl_find_strict(1);
CREATE FUNCTION pl_find_safe(p_min int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN pl_find_strict(p_min);
EXCEPTION
  WHEN no_data_found THEN
    RETURN 'none';
  WHEN too_many_rows THEN
    RETURN 'many';
END $$;
SELECT pl_find_safe(1), pl_find_safe(4), pl_find_safe(5);

-- INSERT / UPDATE / DELETE ... RETURNING INTO, PERFORM, FOUND, GET DIAGNOSTICS
CREATE FUNCTION pl_open(p_owner text, p_bal numeric) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  new_id int;
BEGIN
  INSERT INTO acct (id, owner, balance, opened)
    VALUES ((SELECT max(id) + 1 FROM acct), p_owner, p_bal, DATE '2024-03-01')
    RETURNING id INTO new_id;
  RETURN new_id;
END $$;
SELECT pl_open('eve', 10);
SELECT pl_open('fay', 20.5);
SELECT * FROM acct ORDER BY id;
CREATE FUNCTION pl_deposit(p_id int, amt numeric) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
  nb numeric;
BEGIN
  UPDATE acct SET balance = balance + amt WHERE id = p_id RETURNING balance INTO nb;
  IF NOT FOUND THEN
    RETURN -1;
  END IF;
  RETURN nb;
END $$;
SELECT pl_deposit(1, 5.25);
SELECT pl_deposit(99, 1);
SELECT id, balance FROM acct WHERE id = 1;
CREATE FUNCTION pl_close(p_id int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  who text;
BEGIN
  DELETE FROM acct WHERE id = p_id RETURNING owner INTO who;
  RETURN coalesce(who, 'nobody') || ' ' || FOUND;
END $$;
SELECT pl_close(6);
SELECT pl_close(6);
CREATE FUNCTION pl_perform(p_id int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  a boolean;
  b boolean;
BEGIN
  PERFORM 1 FROM acct WHERE id = p_id;
  a := FOUND;
  PERFORM pl_deposit(p_id, 0);
  b := FOUND;
  RETURN a || ' ' || b;
END $$;
SELECT pl_perform(2), pl_perform(99);
CREATE FUNCTION pl_bump(p_min int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  n int;
  m bigint;
  f boolean;
BEGIN
  UPDATE acct SET balance = balance + 1 WHERE id >= p_min AND balance IS NOT NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  f := FOUND;
  DELETE FROM acct WHERE id > 1000;
  GET DIAGNOSTICS m := ROW_COUNT;
  RETURN n || ' ' || f || ' ' || m || ' ' || FOUND;
END $$;
SELECT pl_bump(2);
SELECT pl_bump(100);
SELECT id, balance FROM acct ORDER BY id;
CREATE FUNCTION pl_found_start() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RETURN FOUND;
END $$;
SELECT pl_found_start();

-- RAISE
CREATE FUNCTION pl_notices(n int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'n is %', n;
  RAISE WARNING 'n is % and 100%% of it is %', n, n * 1;
  RAISE INFO 'info % % %', n, 'two', NULL::int;
  RAISE NOTICE 'plain';
  RETURN n;
END $$;
SELECT pl_notices(3);
SELECT id, pl_notices(id) FROM acct ORDER BY id;
CREATE FUNCTION pl_msg(n int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'n=% (% %%) %', n, n * 2, NULL::text;
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT pl_msg(4);
CREATE FUNCTION pl_raise(kind int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  IF kind = 1 THEN
    RAISE EXCEPTION 'plain failure %', kind;
  ELSIF kind = 2 THEN
    RAISE EXCEPTION 'duplicate thing' USING ERRCODE = 'unique_violation';
  ELSIF kind = 3 THEN
    RAISE EXCEPTION 'bad divisor %', kind USING ERRCODE = '22012', DETAIL = 'some detail', HINT = 'some hint';
  ELSIF kind = 4 THEN
    RAISE division_by_zero;
  ELSIF kind = 5 THEN
    RAISE SQLSTATE 'P0001';
  ELSIF kind = 6 THEN
    RAISE SQLSTATE '22P02';
  ELSIF kind = 7 THEN
    RAISE EXCEPTION USING MESSAGE = 'from using', ERRCODE = 'check_violation';
  ELSIF kind = 8 THEN
    RAISE 'no level given';
  ELSIF kind = 9 THEN
    RAISE EXCEPTION 'custom code' USING ERRCODE = 'U0001';
  ELSIF kind = 10 THEN
    RAISE unique_violation USING MESSAGE = 'named, with a message';
  END IF;
  RETURN kind;
END $$;
SELECT pl_raise(0);
SELECT pl_raise(1);
SELECT pl_raise(2);
SELECT pl_raise(3);
SELECT pl_raise(4);
SELECT pl_raise(5);
SELECT pl_raise(6);
SELECT pl_raise(7);
SELECT pl_raise(8);
SELECT pl_raise(9);
SELECT pl_raise(10);
CREATE FUNCTION pl_catch(kind int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN pl_raise(kind)::text;
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END $$;
SELECT k, pl_catch(k) FROM generate_series(0, 10) k ORDER BY k;

-- EXCEPTION blocks
CREATE FUNCTION pl_safe_div(a int, b int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN a / b;
EXCEPTION
  WHEN division_by_zero THEN
    RETURN NULL;
END $$;
SELECT pl_safe_div(7, 2), pl_safe_div(1, 0), pl_safe_div(-7, 2);
CREATE FUNCTION pl_wrong_handler(b int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN 10 / b;
EXCEPTION
  WHEN unique_violation THEN
    RETURN -1;
END $$;
SELECT pl_wrong_handler(5);
SELECT pl_wrong_handler(0);
CREATE FUNCTION pl_errm(b int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN (10 / b)::text;
EXCEPTION
  WHEN SQLSTATE '22012' THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END $$;
SELECT pl_errm(2), pl_errm(0);
CREATE TABLE uq (k int PRIMARY KEY, v int CHECK (v >= 0));
CREATE FUNCTION pl_try_insert(p_k int, p_v int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO uq VALUES (p_k, p_v);
  RETURN 'ok';
EXCEPTION
  WHEN unique_violation OR check_violation THEN
    RETURN 'rejected ' || SQLSTATE;
  WHEN SQLSTATE '23502' THEN
    RETURN 'null ' || SQLSTATE;
END $$;
SELECT pl_try_insert(1, 1);
SELECT pl_try_insert(1, 2);
SELECT pl_try_insert(2, -1);
SELECT pl_try_insert(NULL, 1);
SELECT pl_try_insert(3, 3);
SELECT * FROM uq ORDER BY k;
-- a caught error undoes the block's changes, not the variables; the function goes on
CREATE TABLE steps (k int PRIMARY KEY, what text);
CREATE FUNCTION pl_steps() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  x int := 0;
  marker text := 'unset';
BEGIN
  INSERT INTO steps VALUES (1, 'before');
  BEGIN
    INSERT INTO steps VALUES (2, 'in block');
    UPDATE steps SET what = 'changed in block' WHERE k = 1;
    marker := 'set in block';
    x := 1 / x;
  EXCEPTION WHEN division_by_zero THEN
    INSERT INTO steps VALUES (3, 'handler');
  END;
  INSERT INTO steps VALUES (4, 'after');
  RETURN (SELECT count(*) FROM steps) || ' ' || marker;
END $$;
SELECT pl_steps();
SELECT * FROM steps ORDER BY k;
-- an uncaught error undoes everything the call did
CREATE FUNCTION pl_fail_after_insert() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO steps VALUES (10, 'doomed');
  RETURN 1 / 0;
END $$;
SELECT pl_fail_after_insert();
SELECT count(*) FROM steps;
-- bare RAISE re-throws the caught error
CREATE FUNCTION pl_reraise() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO steps VALUES (20, 'x');
  PERFORM 1 / 0;
  RETURN 0;
EXCEPTION WHEN division_by_zero THEN
  INSERT INTO steps VALUES (21, 'in handler');
  RAISE;
END $$;
SELECT pl_reraise();
SELECT count(*) FROM steps WHERE k >= 20;
CREATE FUNCTION pl_reraise_nested() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    RAISE EXCEPTION 'inner' USING ERRCODE = 'check_violation';
  EXCEPTION WHEN check_violation THEN
    RAISE;
  END;
  RETURN 'not reached';
EXCEPTION WHEN OTHERS THEN
  RETURN 'outer caught ' || SQLSTATE || ' ' || SQLERRM;
END $$;
SELECT pl_reraise_nested();
CREATE FUNCTION pl_count_bad(arr int[]) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  x int;
  ok int := 0;
  bad int := 0;
BEGIN
  FOREACH x IN ARRAY arr LOOP
    BEGIN
      PERFORM 100 / x;
      ok := ok + 1;
    EXCEPTION WHEN SQLSTATE '22012' THEN
      bad := bad + 1;
    END;
  END LOOP;
  RETURN ok || ' ok, ' || bad || ' bad';
END $$;
SELECT pl_count_bad(ARRAY[1, 0, 5, 0, 0, 2]);
CREATE FUNCTION pl_handler_error() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN 1 / 0;
EXCEPTION WHEN division_by_zero THEN
  RAISE EXCEPTION 'handler failed' USING ERRCODE = 'unique_violation';
END $$;
SELECT pl_handler_error();

-- EXECUTE
CREATE FUNCTION pl_count(tbl text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  EXECUTE 'SELECT count(*) FROM ' || quote_ident(tbl) INTO n;
  RETURN n;
END $$;
SELECT pl_count('acct'), pl_count('uq');
SELECT pl_count('nosuch');
CREATE TABLE "Mixed Case" (id int PRIMARY KEY, v text);
INSERT INTO "Mixed Case" VALUES (1, 'one'), (2, 'two');
SELECT pl_count('Mixed Case');
CREATE FUNCTION pl_set(tbl text, p_id int, p_v text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  n int;
BEGIN
  EXECUTE format('UPDATE %I SET v = $1 WHERE id = $2', tbl) USING p_v, p_id;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
SELECT pl_set('Mixed Case', 2, 'TWO'), pl_set('Mixed Case', 9, 'none');
SELECT * FROM "Mixed Case" ORDER BY id;
CREATE FUNCTION pl_get(tbl text, p_id int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  r text;
BEGIN
  EXECUTE format('SELECT v FROM %I WHERE id = $1', tbl) INTO r USING p_id;
  RETURN coalesce(r, 'missing');
END $$;
SELECT pl_get('Mixed Case', 1), pl_get('Mixed Case', 2), pl_get('Mixed Case', 3);
CREATE FUNCTION pl_exec_multi(p_min int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  c bigint;
  s numeric;
  f boolean;
BEGIN
  PERFORM 1 WHERE false;
  EXECUTE 'SELECT count(*), sum(balance) FROM acct WHERE id >= $1' INTO c, s USING p_min;
  f := FOUND;
  RETURN c || ' ' || coalesce(s::text, 'null') || ' ' || f;
END $$;
SELECT pl_exec_multi(1), pl_exec_multi(100);
CREATE FUNCTION pl_exec_strict(p_min int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  o text;
BEGIN
  EXECUTE 'SELECT owner FROM acct WHERE id >= $1' INTO STRICT o USING p_min;
  RETURN o;
END $$;
SELECT pl_exec_strict(5);
SELECT pl_exec_strict(1);
SELECT pl_exec_strict(100);

-- ASSERT
CREATE FUNCTION pl_assert(n int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  ASSERT n > 0;
  ASSERT n < 100, 'n too big: ' || n;
  RETURN n;
END $$;
SELECT pl_assert(5);
SELECT pl_assert(0);
SELECT pl_assert(100);
SELECT pl_assert(NULL);
CREATE FUNCTION pl_assert_msg(n int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN pl_assert(n)::text;
EXCEPTION WHEN assert_failure THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END $$;
SELECT pl_assert_msg(5), pl_assert_msg(0), pl_assert_msg(100);
-- WHEN OTHERS does not catch assert_failure
CREATE FUNCTION pl_assert_others() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  ASSERT false;
  RETURN 1;
EXCEPTION WHEN OTHERS THEN
  RETURN 2;
END $$;
SELECT pl_assert_others();

-- functions that write tables
CREATE TABLE log (n int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, msg text);
CREATE FUNCTION pl_log(p_msg text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  c bigint;
BEGIN
  INSERT INTO log (msg) VALUES (p_msg);
  SELECT count(*) INTO c FROM log WHERE msg = p_msg;
  RETURN c;
END $$;
SELECT pl_log('first');
SELECT pl_log('second');
SELECT pl_log('first');
SELECT n, msg FROM log ORDER BY n;
SELECT count(*) FROM (SELECT pl_log(owner) FROM acct) s;
SELECT msg, count(*) FROM log GROUP BY msg ORDER BY msg;
CREATE FUNCTION pl_void_write(p text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log (msg) VALUES (p);
  IF p = 'early' THEN
    RETURN;
  END IF;
  INSERT INTO log (msg) VALUES (p || ' again');
END $$;
SELECT pl_void_write('early');
SELECT pl_void_write('late');
SELECT msg FROM log WHERE msg LIKE 'early%' OR msg LIKE 'late%' ORDER BY msg;
BEGIN;
SELECT pl_void_write('in a rolled back transaction');
SELECT count(*) FROM log WHERE msg LIKE 'in a rolled%';
ROLLBACK;
SELECT count(*) FROM log WHERE msg LIKE 'in a rolled%';
BEGIN;
SELECT pl_void_write('in a committed transaction');
COMMIT;
SELECT count(*) FROM log WHERE msg LIKE 'in a committed%';

-- errors at CREATE
CREATE FUNCTION pl_bad1() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1 END $$;
SELECT pl_bad1();
CREATE FUNCTION pl_bad2() RETURNS int LANGUAGE plpgsql AS $$ BEGIN IF true THEN RETURN 1; END $$;
CREATE FUNCTION pl_bad3() RETURNS int LANGUAGE plpgsql AS $$ BEGIN nosuchvar := 1; RETURN 1; END $$;
CREATE FUNCTION pl_bad4() RETURNS int LANGUAGE plpgsql AS $$ BEGIN EXIT; RETURN 1; END $$;
CREATE FUNCTION pl_bad5() RETURNS int LANGUAGE plpgsql AS $$ BEGIN LOOP EXIT nolabel; END LOOP; RETURN 1; END $$;
CREATE FUNCTION pl_bad6() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE '% %', 1; RETURN 1; END $$;
CREATE FUNCTION pl_bad7() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'x', 1; RETURN 1; END $$;
CREATE FUNCTION pl_bad8() RETURNS void LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
CREATE FUNCTION pl_bad9() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN; END $$;
CREATE FUNCTION pl_bad10() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; EXCEPTION WHEN no_such_condition THEN RETURN 2; END $$;
CREATE FUNCTION pl_bad11() RETURNS int LANGUAGE plpgsql AS $$ DECLARE c CONSTANT int := 1; BEGIN c := 2; RETURN c; END $$;
CREATE FUNCTION pl_bad12() RETURNS int LANGUAGE plpgsql AS $$ DECLARE v int NOT NULL; BEGIN RETURN 1; END $$;
CREATE FUNCTION pl_bad13() RETURNS int LANGUAGE nosuchlang AS $$ BEGIN RETURN 1; END $$;
-- not checked at CREATE: unknown tables, columns and variables inside expressions
CREATE FUNCTION pl_late_table() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM nosuch_table); END $$;
SELECT pl_late_table();

-- errors at run time
CREATE FUNCTION pl_many_rows() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  x int;
BEGIN
  x := (SELECT id FROM acct);
  RETURN x;
END $$;
SELECT pl_many_rows();
CREATE FUNCTION pl_unknown_var() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN nosuchvar + 1;
END $$;
SELECT pl_unknown_var();
CREATE FUNCTION pl_unknown_col() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  x int;
BEGIN
  SELECT nosuchcol INTO x FROM acct;
  RETURN x;
END $$;
SELECT pl_unknown_col();
CREATE FUNCTION pl_div(a int, b int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  q int;
BEGIN
  q := a / b;
  RETURN q;
END $$;
SELECT pl_div(9, 3);
SELECT pl_div(9, 0);
SELECT id, pl_div(10, id - 3) FROM acct ORDER BY id;
CREATE FUNCTION pl_no_return(x int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  IF x > 0 THEN
    RETURN x;
  END IF;
END $$;
SELECT pl_no_return(1);
SELECT pl_no_return(0);
CREATE FUNCTION pl_bad_input() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  x int;
BEGIN
  x := 'abc';
  RETURN x;
END $$;
SELECT pl_bad_input();

-- a block's declarations are initialized each time it is entered
CREATE FUNCTION pl_block_reinit() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  out text := '';
  base int := 1;
BEGIN
  FOR i IN 1..3 LOOP
    base := base * 10;
    DECLARE
      acc int := 0;
      scaled int := base + i;
    BEGIN
      acc := acc + i;
      out := out || acc || ':' || scaled || ' ';
    END;
  END LOOP;
  RETURN out;
END $$;
SELECT pl_block_reinit();
-- RETURNING without INTO has no destination
CREATE FUNCTION pl_returning_lost() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log (msg) VALUES ('lost') RETURNING msg;
  RETURN 1;
END $$;
SELECT pl_returning_lost();
SELECT count(*) FROM log WHERE msg = 'lost';

-- cleanup
DROP FUNCTION pl_add(int, int);
SELECT pl_add(1, 2);
DROP FUNCTION pl_big(int), pl_greet(text), pl_interest(numeric, numeric), pl_is_rich(numeric),
  pl_due(date), pl_nothing(), pl_to_int(numeric), pl_to_text(int), pl_pos(int, int), pl_strict(int),
  pl_mix(int, int, text), pl_outer(int), pl_fact(int), pl_fib(int), pl_decl(), pl_assign_cast(),
  pl_owner_of(int), pl_not_null_var(int), pl_grade(int), pl_null_cond(int), pl_case_simple(int),
  pl_case_searched(int), pl_case_noelse(text), pl_odd_sum(int), pl_labels(), pl_exit_block(int),
  pl_while(int), pl_for(int, int), pl_for_by(int), pl_for_rows(int), pl_for_vars(), pl_array_sum(int[]),
  pl_array_join(text[]), pl_find(int), pl_first_owner(), pl_record_into(int), pl_find_strict(int),
  pl_find_safe(int), pl_open(text, numeric), pl_deposit(int, numeric), pl_close(int), pl_perform(int),
  pl_bump(int), pl_found_start(), pl_notices(int), pl_msg(int), pl_raise(int), pl_catch(int);
DROP FUNCTION pl_safe_div(int, int), pl_wrong_handler(int), pl_errm(int), pl_try_insert(int, int),
  pl_steps(), pl_fail_after_insert(), pl_reraise(), pl_reraise_nested(), pl_count_bad(int[]),
  pl_handler_error(), pl_count(text), pl_set(text, int, text), pl_get(text, int), pl_exec_multi(int),
  pl_exec_strict(int), pl_assert(int), pl_assert_msg(int), pl_assert_others(), pl_log(text),
  pl_void_write(text), pl_late_table(), pl_many_rows(), pl_unknown_var(), pl_unknown_col(),
  pl_div(int, int), pl_no_return(int), pl_bad_input(), pl_block_reinit(), pl_returning_lost();
DROP FUNCTION IF EXISTS pl_squares(int);
SELECT count(*) FROM pg_proc WHERE proname LIKE 'pl\_%';
DROP TABLE acct, uq, steps, "Mixed Case", log;
