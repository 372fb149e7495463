-- INSERT ... VALUES with many rows, column lists, DEFAULT, INSERT ... SELECT.

CREATE TABLE items (
    id integer PRIMARY KEY,
    name text NOT NULL,
    qty integer DEFAULT 1,
    price numeric(8, 2),
    tag varchar(10) DEFAULT 'none'
);

INSERT INTO items VALUES (1, 'apple', 5, 0.50, 'fruit');
INSERT INTO items (id, name) VALUES (2, 'bread');
INSERT INTO items (name, id, price) VALUES ('cheese', 3, 7.25);
INSERT INTO items (id, name, qty, price, tag) VALUES
    (4, 'dates', 12, 3.10, 'fruit'),
    (5, 'eggs', 6, 2.99, 'dairy'),
    (6, 'flour', DEFAULT, 1.49, DEFAULT),
    (7, 'grapes', 2, 4.00, 'fruit'),
    (8, 'honey', 1, 6.75, NULL),
    (9, 'ice', 10, 0.99, 'frozen'),
    (10, 'jam', 3, 3.33, 'spread');
SELECT * FROM items ORDER BY id;

-- Values are cast to the column types (assignment casts, numeric rounding).
INSERT INTO items (id, name, qty, price) VALUES (11, 'kiwi', '4', 1.005), (12, 'lime', 7.6, '2.345');
SELECT id, qty, price FROM items WHERE id > 10 ORDER BY id;

-- DEFAULT VALUES fails here (name is NOT NULL) but works on a table without constraints.
INSERT INTO items DEFAULT VALUES;
CREATE TABLE log (n int DEFAULT 7, t text DEFAULT 'x');
INSERT INTO log DEFAULT VALUES;
INSERT INTO log DEFAULT VALUES;
SELECT * FROM log;

-- Errors: wrong column count, unknown column, bad value.
INSERT INTO items VALUES (13, 'mango', 1, 1.00, 'fruit', 'extra');
INSERT INTO items (id, name, nosuch) VALUES (13, 'mango', 1);
INSERT INTO items (id, name) VALUES (13);
INSERT INTO items (id, name, qty) VALUES (13, 'mango', 'lots');
INSERT INTO items (id, id) VALUES (13, 14);
INSERT INTO nosuchtable VALUES (1);
SELECT count(*) FROM items;

-- INSERT ... SELECT.
CREATE TABLE fruit (id int, name text, total numeric(10, 2));
INSERT INTO fruit SELECT id, name, qty * price FROM items WHERE tag = 'fruit';
SELECT * FROM fruit ORDER BY id;
INSERT INTO fruit (name, id) SELECT upper(name), id + 100 FROM items WHERE id <= 3;
SELECT * FROM fruit ORDER BY id;
INSERT INTO fruit (id, name, total) SELECT 1000, 'const', 1;
INSERT INTO fruit SELECT * FROM fruit WHERE id > 100;
SELECT count(*), sum(total) FROM fruit;
INSERT INTO fruit (id) SELECT x FROM generate_series(1, 5) AS g(x);
SELECT count(*) FROM fruit WHERE name IS NULL;
-- INSERT ... SELECT with a column count mismatch.
INSERT INTO fruit (id, name) SELECT id FROM items;
-- INSERT ... SELECT that violates the primary key of the target.
INSERT INTO items (id, name) SELECT id, name FROM fruit WHERE id < 5;
INSERT INTO items (id, name) SELECT id + 200, name FROM fruit WHERE id < 5 AND name IS NOT NULL;
SELECT id, name, qty, tag FROM items WHERE id > 200 ORDER BY id;

-- Many rows in one statement.
CREATE TABLE wide (a int, b int);
INSERT INTO wide VALUES (1, 1), (2, 4), (3, 9), (4, 16), (5, 25), (6, 36), (7, 49), (8, 64),
    (9, 81), (10, 100), (11, 121), (12, 144), (13, 169), (14, 196), (15, 225), (16, 256),
    (17, 289), (18, 324), (19, 361), (20, 400);
SELECT count(*), sum(a), sum(b) FROM wide;
INSERT INTO wide SELECT a + 20, (a + 20) * (a + 20) FROM wide;
SELECT count(*), sum(a), sum(b), max(b) FROM wide;
-- VALUES rows must agree in length and type.
INSERT INTO wide VALUES (1, 2), (3);
INSERT INTO wide VALUES (1, 2), ('x', 3);

-- untyped literals of the top-level SELECT take the target columns' types
CREATE TABLE lit_target (a timestamp, b int, c text, d date, e numeric(5,2), f varchar(3));
INSERT INTO lit_target SELECT NULL;
INSERT INTO lit_target (b) SELECT NULL;
INSERT INTO lit_target SELECT NULL, NULL, NULL, NULL, NULL;
INSERT INTO lit_target SELECT '2024-01-02 03:04', '7', 'x', '2024-02-03', '1.234', 'abc';
INSERT INTO lit_target SELECT 'bad', NULL;
INSERT INTO lit_target (f) SELECT 'abcd';
INSERT INTO lit_target (b, c) SELECT g, NULL FROM generate_series(1, 3) g;
INSERT INTO lit_target (b) SELECT DISTINCT NULL;
INSERT INTO lit_target SELECT NULL UNION ALL SELECT NULL;
INSERT INTO lit_target (b) SELECT NULL ORDER BY 1;
SELECT * FROM lit_target ORDER BY b NULLS FIRST, a NULLS FIRST;
