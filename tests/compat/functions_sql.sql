-- User-defined SQL functions: CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql,
-- the SQL-standard bodies (RETURN, BEGIN ATOMIC), calls with positional,
-- named and default arguments, overloads, STRICT, inlined bodies and bodies
-- that read tables (run per row), results cast to the declared type, DROP
-- FUNCTION, and the errors of each.

CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(8,2), cat text);
INSERT INTO items VALUES (1, 'apple', 1.50, 'fruit'), (2, 'pear', 2.25, 'fruit'),
  (3, 'leek', 0.99, 'veg'), (4, 'kale', 3.10, 'veg'), (5, 'salt', NULL, NULL);

-- expression bodies
CREATE FUNCTION add1(a int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a + 1 $$;
SELECT add1(41), add1(NULL), add1(add1(1));
SELECT id, add1(id) FROM items ORDER BY id;
SELECT id FROM items WHERE add1(id) = 3;
CREATE FUNCTION twice(int) RETURNS int RETURN $1 * 2;
SELECT twice(21), twice(-4);
CREATE FUNCTION greet(who text) RETURNS text LANGUAGE sql AS 'SELECT ''hello, '' || who';
SELECT greet('world'), greet(name) FROM items WHERE id = 2;
CREATE FUNCTION half(x numeric) RETURNS numeric LANGUAGE sql AS $$ SELECT x / 2 $$;
SELECT half(price) FROM items ORDER BY id;
SELECT half(3);
CREATE FUNCTION is_fruit(c text) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT c = 'fruit' $$;
SELECT name FROM items WHERE is_fruit(cat) ORDER BY name;
SELECT name, is_fruit(cat) FROM items ORDER BY id;
CREATE FUNCTION std_atomic(a int, b int) RETURNS int BEGIN ATOMIC SELECT a * 10 + b; END;
SELECT std_atomic(4, 2);

-- STRICT: NULL in, NULL out, the body not run
CREATE FUNCTION strict_add(a int, b int) RETURNS int LANGUAGE sql STRICT AS $$ SELECT coalesce(a, 0) + coalesce(b, 0) $$;
CREATE FUNCTION lax_add(a int, b int) RETURNS int LANGUAGE sql AS $$ SELECT coalesce(a, 0) + coalesce(b, 0) $$;
SELECT strict_add(1, NULL), lax_add(1, NULL), strict_add(1, 2);
CREATE FUNCTION never_called(a int) RETURNS int RETURNS NULL ON NULL INPUT LANGUAGE sql AS $$ SELECT 1 / 0 $$;
SELECT never_called(NULL);
SELECT never_called(1);

-- bodies that read tables: per call, the first row or NULL
CREATE FUNCTION name_of(k int) RETURNS text LANGUAGE sql STABLE AS $$ SELECT name FROM items WHERE id = k $$;
SELECT id, name_of(id), name_of(id + 1) FROM items ORDER BY id;
SELECT name_of(99);
SELECT i.id FROM items i WHERE name_of(i.id) LIKE 'p%';
CREATE FUNCTION n_items() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM items $$;
SELECT n_items();
CREATE FUNCTION cat_total(c text) RETURNS numeric LANGUAGE sql AS $$ SELECT sum(price) FROM items WHERE cat = c $$;
SELECT cat, cat_total(cat) FROM items GROUP BY cat ORDER BY cat;
CREATE FUNCTION first_name() RETURNS text LANGUAGE sql AS $$ SELECT name FROM items ORDER BY id $$;
SELECT first_name();
CREATE FUNCTION priciest(c text) RETURNS text LANGUAGE sql AS
  $$ SELECT name FROM items WHERE cat = c AND price = (SELECT max(price) FROM items WHERE cat = c) $$;
SELECT priciest('fruit'), priciest('veg'), priciest('none');
SELECT id, (SELECT name_of(id)) FROM items ORDER BY id;
SELECT count(*) FROM items WHERE id IN (SELECT twice(1));
SELECT add1(sum(id)::int) FROM items;
SELECT cat, add1(count(*)::int) FROM items GROUP BY cat ORDER BY cat;

-- defaults and named arguments
CREATE FUNCTION mix(x int, y int DEFAULT 10, z text DEFAULT 'z') RETURNS text LANGUAGE sql AS $$ SELECT x || '/' || y || '/' || z $$;
SELECT mix(1), mix(1, 2), mix(1, 2, 'q');
SELECT mix(z => 'named', x => 7), mix(3, z => 'k');
SELECT mix(y => 1);
SELECT mix(x => 1, x => 2);

-- overloads
CREATE FUNCTION describe(int) RETURNS text LANGUAGE sql AS $$ SELECT 'int ' || $1 $$;
CREATE FUNCTION describe(text) RETURNS text LANGUAGE sql AS $$ SELECT 'text ' || $1 $$;
SELECT describe(5), describe('five'), describe(5::smallint);
CREATE FUNCTION describe(int) RETURNS text LANGUAGE sql AS $$ SELECT 'again' $$;

-- results cast to the declared type
CREATE FUNCTION as_text(i int) RETURNS text LANGUAGE sql AS $$ SELECT i $$;
SELECT as_text(12) || '!';
CREATE FUNCTION as_big() RETURNS bigint LANGUAGE sql AS $$ SELECT 7 $$;
SELECT as_big(), pg_typeof(as_big());
CREATE FUNCTION lit() RETURNS date LANGUAGE sql AS $$ SELECT '2024-02-29' $$;
SELECT lit() + 1;
CREATE FUNCTION empty_set() RETURNS int LANGUAGE sql AS $$ SELECT 1 WHERE false $$;
SELECT empty_set() IS NULL;
CREATE FUNCTION v() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;
SELECT v() IS NULL;

-- CREATE OR REPLACE
CREATE OR REPLACE FUNCTION add1(a int) RETURNS int LANGUAGE sql AS $$ SELECT a + 100 $$;
SELECT add1(1);
CREATE OR REPLACE FUNCTION add1(a int) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
SELECT add1(2);

-- a function in a schema
CREATE SCHEMA util;
CREATE FUNCTION util.sq(n int) RETURNS int LANGUAGE sql AS $$ SELECT n * n $$;
SELECT util.sq(9);
SELECT sq(9);
SET search_path = util, public;
SELECT sq(3), add1(1);
RESET search_path;

-- in a transaction
BEGIN;
CREATE FUNCTION tx_fn() RETURNS int LANGUAGE sql AS $$ SELECT 5 $$;
SELECT tx_fn();
ROLLBACK;
SELECT tx_fn();
BEGIN;
CREATE FUNCTION tx_fn() RETURNS int LANGUAGE sql AS $$ SELECT 6 $$;
COMMIT;
SELECT tx_fn();

-- prepared statements re-plan after a replacement
PREPARE p(int) AS SELECT twice($1);
EXECUTE p(5);
CREATE OR REPLACE FUNCTION twice(int) RETURNS int RETURN $1 * 3;
EXECUTE p(5);
DEALLOCATE p;

-- errors at CREATE
CREATE FUNCTION bad1() RETURNS int LANGUAGE sql AS $$ SELECT 'x'::text $$;
CREATE FUNCTION bad2() RETURNS int LANGUAGE sql AS $$ SELECT 1, 2 $$;
CREATE FUNCTION bad3() RETURNS int LANGUAGE sql AS $$ SELECT nosuch FROM items $$;
CREATE FUNCTION bad4() RETURNS int LANGUAGE sql AS $$ SELECT * FROM nosuch $$;
CREATE FUNCTION bad5(a int) RETURNS int LANGUAGE sql AS $$ SELECT $2 $$;
CREATE FUNCTION bad6() RETURNS int LANGUAGE nosuchlang AS $$ SELECT 1 $$;
CREATE FUNCTION bad7(a int, a int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION bad8(a int DEFAULT 1, b int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION bad9() RETURNS int AS $$ SELECT 1 $$;
CREATE FUNCTION bad10() RETURNS int LANGUAGE sql AS $$ SELECT undefined_fn(1) $$;
CREATE FUNCTION nosuchschema.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;

-- errors at calls
SELECT add1('x');
SELECT add1(1, 2);
SELECT nosuch_fn(1);
SELECT util.nosuch(1);
SELECT twice(2147483647);

-- DROP FUNCTION
DROP FUNCTION describe;
DROP FUNCTION describe(text);
SELECT describe('five');
SELECT describe(5);
DROP FUNCTION describe(int), as_text(int);
DROP FUNCTION describe(int);
DROP FUNCTION IF EXISTS describe(int);
DROP FUNCTION IF EXISTS describe(int), as_big();
SELECT as_big();
DROP FUNCTION mix(int, int, text);
DROP SCHEMA util;
DROP SCHEMA util CASCADE;
SELECT util.sq(2);
