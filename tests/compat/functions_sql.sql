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
CREATE FUNCTION strict_plus(a int, b int) RETURNS int LANGUAGE sql STRICT IMMUTABLE AS $$ SELECT a + b * 2 $$;
SELECT strict_plus(1, 2), strict_plus(NULL, 2), strict_plus(1, NULL);
SELECT id, strict_plus(id, CASE WHEN id > 3 THEN NULL ELSE id END) FROM items ORDER BY id;
CREATE FUNCTION strict_cat(t text) RETURNS text LANGUAGE sql STRICT AS $$ SELECT coalesce(t, 'none') || '!' $$;
SELECT strict_cat(cat) FROM items ORDER BY id;

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
-- a VOLATILE body runs per call, also without arguments
CREATE FUNCTION rnd_row() RETURNS float8 LANGUAGE sql VOLATILE AS $$ SELECT random() FROM (VALUES (1)) v $$;
SELECT count(DISTINCT rnd_row()) FROM generate_series(1, 20);
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

-- functions that return rows, in FROM (LATERAL too)
CREATE FUNCTION by_cat(c text) RETURNS SETOF items LANGUAGE sql AS $$ SELECT * FROM items WHERE cat = c $$;
SELECT * FROM by_cat('fruit') ORDER BY id;
SELECT b.name FROM by_cat('veg') b ORDER BY 1;
SELECT * FROM by_cat(NULL);
CREATE FUNCTION squares(n int) RETURNS TABLE (i int, sq int) LANGUAGE sql AS $$ SELECT g, g * g FROM generate_series(1, n) g $$;
SELECT * FROM squares(4) ORDER BY i;
SELECT s.i FROM squares(5) s WHERE s.sq > 4 ORDER BY 1;
SELECT i.id, s.* FROM items i, squares(i.id) s ORDER BY 1, 2;
SELECT * FROM items CROSS JOIN LATERAL squares(items.id - 3) ORDER BY id, i;
SELECT * FROM squares(0);
SELECT count(*), sum(sq) FROM squares(1000);
SELECT id, (SELECT max(sq) FROM squares(id)) FROM items ORDER BY id;
SELECT * FROM squares(3) AS q(a, b) ORDER BY a;
SELECT * FROM squares(n => 2) ORDER BY i;
SELECT * FROM squares(n => 2, n => 3);
CREATE FUNCTION item_ids() RETURNS SETOF int LANGUAGE sql AS $$ SELECT id FROM items $$;
SELECT * FROM item_ids() ORDER BY 1;
SELECT x FROM item_ids() AS x ORDER BY x;
SELECT * FROM item_ids() AS q(z) ORDER BY z;
CREATE FUNCTION pair(a int, OUT x int, OUT y text) LANGUAGE sql AS $$ SELECT a, 'v' || a $$;
SELECT * FROM pair(5);
SELECT pair(6);
SELECT (pair(7)).y;
CREATE FUNCTION one_val(k int) RETURNS text LANGUAGE sql AS $$ SELECT name FROM items WHERE id = k $$;
SELECT * FROM one_val(2);
SELECT v FROM one_val(3) AS v;
CREATE FUNCTION two_items() RETURNS items LANGUAGE sql AS $$ SELECT * FROM items ORDER BY id DESC $$;
SELECT * FROM two_items();

-- in defaults, checks, generated columns, indexes, views, DML
CREATE TABLE uses (id int PRIMARY KEY, n int DEFAULT add1(10) CHECK (add1(n) > 0), g int GENERATED ALWAYS AS (twice(id)) STORED);
INSERT INTO uses (id) VALUES (1);
INSERT INTO uses (id, n) VALUES (2, add1(5));
INSERT INTO uses (id, n) VALUES (3, -500);
UPDATE uses SET n = add1(n) WHERE id = add1(0);
SELECT * FROM uses ORDER BY id;
CREATE INDEX uses_n_idx ON uses (add1(n));
SELECT id FROM uses WHERE add1(n) > 10 ORDER BY id;
CREATE VIEW named_items AS SELECT id, add1(id) AS next_id, name_of(id) AS nm FROM items;
SELECT * FROM named_items ORDER BY id;
UPDATE items SET name = upper(name_of(id)) WHERE id = 1;
DELETE FROM uses WHERE add1(id) = 3;
INSERT INTO uses (id, n) SELECT g, add1(g) FROM generate_series(10, 12) g RETURNING id, add1(n);
WITH w AS (SELECT add1(id) AS k FROM items) SELECT sum(k) FROM w;
SELECT add1(id) OVER () FROM items;
SELECT sum(add1(id)) FILTER (WHERE add1(id) > 3) FROM items;

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
