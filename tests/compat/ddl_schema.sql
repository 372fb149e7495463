-- CREATE/DROP SCHEMA, schema-qualified names, search_path.

CREATE SCHEMA sales;
CREATE SCHEMA IF NOT EXISTS sales;
CREATE SCHEMA sales;
CREATE SCHEMA hr;

CREATE TABLE sales.orders (id int PRIMARY KEY, amount numeric(10, 2));
CREATE TABLE hr.orders (id int PRIMARY KEY, note text);
CREATE TABLE public.orders (id int, origin text);

INSERT INTO sales.orders VALUES (1, 10.50), (2, 20.25);
INSERT INTO hr.orders VALUES (1, 'hr one');
INSERT INTO public.orders VALUES (7, 'public');

-- Unqualified names resolve through search_path (default "$user", public).
SELECT * FROM orders;
SELECT * FROM sales.orders ORDER BY id;
SELECT * FROM hr.orders;
SELECT o.id, o.amount FROM sales.orders o WHERE o.amount > 15;
SELECT sales.orders.id FROM sales.orders ORDER BY sales.orders.id DESC;

SHOW search_path;
SET search_path = sales;
SHOW search_path;
SELECT * FROM orders ORDER BY id;
SELECT * FROM public.orders;
INSERT INTO orders VALUES (3, 30.00);
SELECT count(*) FROM sales.orders;

SET search_path TO hr, public;
SELECT * FROM orders;
CREATE TABLE staff (id int, name text);
INSERT INTO staff VALUES (1, 'Eve');
SELECT * FROM hr.staff;
SELECT * FROM public.staff;

SET search_path = public;
SELECT * FROM staff;
SELECT * FROM hr.staff;

-- A table in a schema that is not on the path is invisible unqualified.
SELECT count(*) FROM orders;

-- Joins across schemas.
SELECT s.id, s.amount, h.note
FROM sales.orders s LEFT JOIN hr.orders h ON h.id = s.id
ORDER BY s.id;

-- Unknown schema.
SELECT * FROM nosuchschema.orders;
CREATE TABLE nosuchschema.t (a int);

-- DROP SCHEMA needs CASCADE when the schema is not empty.
DROP SCHEMA hr;
DROP SCHEMA hr CASCADE;
SELECT * FROM hr.orders;
DROP SCHEMA IF EXISTS hr;
DROP SCHEMA hr;
CREATE SCHEMA empty_one;
DROP SCHEMA empty_one;
DROP SCHEMA IF EXISTS empty_one;

-- DROP TABLE with a schema-qualified name.
DROP TABLE sales.orders;
SELECT * FROM sales.orders;
DROP TABLE IF EXISTS sales.orders;
DROP SCHEMA sales;
SELECT * FROM orders;
RESET search_path;
SHOW search_path;
