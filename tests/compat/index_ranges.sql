-- Range, equality and IN predicates on primary keys and unique columns of every key
-- structure (OmenDB serves the selective ones through ALEX or the B+tree): the rows must be
-- PostgreSQL's, including bounds at the ends, empty ranges, NULL bounds, cross-width integer
-- constants, composite leading columns, ORDER BY key with LIMIT, and failed INSERTs.

CREATE TABLE ri (id int PRIMARY KEY, v int);
INSERT INTO ri SELECT g, g * 10 FROM generate_series(1, 5000) g;
SELECT * FROM ri WHERE id BETWEEN 10 AND 15 ORDER BY id;
SELECT * FROM ri WHERE id > 4995;
SELECT * FROM ri WHERE id >= 4995 AND id < 4997;
SELECT * FROM ri WHERE id < 3;
SELECT * FROM ri WHERE id <= 2 OR id > 4999 ORDER BY id;
SELECT * FROM ri WHERE 4998 < id;
SELECT * FROM ri WHERE id > 20 AND id < 10;
SELECT * FROM ri WHERE id > 5000;
SELECT * FROM ri WHERE id >= NULL;
SELECT * FROM ri WHERE id BETWEEN 100 AND 105 AND v > 1020;
SELECT * FROM ri WHERE id < 3000000000 AND id > 4998;
SELECT * FROM ri WHERE id > -3000000000 AND id < 2;
SELECT * FROM ri WHERE id = 77;
SELECT * FROM ri WHERE id IN (3, 1, 3, 9999);
SELECT count(*) FROM ri WHERE id > 100;
SELECT id FROM ri ORDER BY id LIMIT 4;
SELECT id FROM ri ORDER BY id LIMIT 3 OFFSET 10;
SELECT id FROM ri WHERE id < 50 ORDER BY id DESC LIMIT 3;
SELECT id, v FROM ri WHERE id BETWEEN 7 AND 9 ORDER BY id;

CREATE TABLE rb (id bigint PRIMARY KEY, d date UNIQUE, ts timestamptz UNIQUE);
INSERT INTO rb SELECT g::bigint * 1000000007, date '2001-01-01' + g, timestamptz '2020-03-01 00:00:00+00' + g * interval '1 hour' FROM generate_series(1, 4000) g;
SELECT id FROM rb WHERE id BETWEEN 2000000014 AND 6000000042;
SELECT d FROM rb WHERE d >= '2001-03-01' AND d < '2001-03-04';
SELECT ts FROM rb WHERE ts > '2020-03-10 00:00:00+00' AND ts <= '2020-03-10 03:00:00+00';
SELECT id FROM rb WHERE id > 9223372036854775806;

CREATE TABLE rt (name text PRIMARY KEY, n numeric UNIQUE, f float8 UNIQUE, code varchar(8) UNIQUE);
INSERT INTO rt SELECT 'name' || g, g / 8.0, (g - 2000) * 0.5, 'c' || (g * 3) FROM generate_series(1, 4000) g;
INSERT INTO rt VALUES ('zz', NULL, NULL, NULL), ('', -1000, 'NaN', 'a');
SELECT name FROM rt WHERE name BETWEEN 'name100' AND 'name1005';
SELECT name FROM rt WHERE name > 'name999';
SELECT name FROM rt WHERE name < 'name10';
SELECT n FROM rt WHERE n > 2.5 AND n <= 3.125;
SELECT n FROM rt WHERE n < -1;
SELECT n FROM rt WHERE n < 0.25;
SELECT f FROM rt WHERE f >= -1.5 AND f < 1;
SELECT f FROM rt WHERE f > 999;
SELECT code FROM rt WHERE code BETWEEN 'c300' AND 'c3003';
SELECT code FROM rt WHERE code = 'c12';
SELECT name FROM rt WHERE n IS NULL;

CREATE TABLE rc (a text, b int, c int, PRIMARY KEY (a, b));
INSERT INTO rc SELECT 'k' || (g % 400), g, g * 2 FROM generate_series(1, 4000) g;
SELECT * FROM rc WHERE a = 'k7' ORDER BY b;
SELECT * FROM rc WHERE a = 'k7' AND b > 1000 ORDER BY b;
SELECT a, count(*) FROM rc WHERE a > 'k97' GROUP BY a;
SELECT * FROM rc WHERE a BETWEEN 'k10' AND 'k100' AND b < 500;

INSERT INTO ri VALUES (6000, 1), (6001, 2), (10, 3);
SELECT * FROM ri WHERE id >= 5999;
INSERT INTO ri SELECT g, g FROM generate_series(6000, 6100) g UNION ALL SELECT 1, 1;
SELECT count(*) FROM ri WHERE id > 5000;
INSERT INTO ri VALUES (6000, 1);
SELECT * FROM ri WHERE id >= 5999;
CREATE UNIQUE INDEX ri_v ON ri (v);
SELECT * FROM ri WHERE v BETWEEN 95 AND 130;
INSERT INTO ri VALUES (7000, 50);
SELECT * FROM ri WHERE id > 5000;
