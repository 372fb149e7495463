-- numeric NaN, Infinity and -Infinity (PostgreSQL 14+): input spellings, output,
-- typmods, comparison and ordering, arithmetic, functions, casts, aggregates.

SELECT 'NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric;
SELECT 'nan'::numeric, 'NAN'::numeric, ' NaN '::numeric, 'infinity'::numeric, '+Infinity'::numeric;
SELECT 'inf'::numeric, '+inf'::numeric, '-inf'::numeric, 'INF'::numeric, '  -INFINITY  '::numeric;
SELECT '-NaN'::numeric;
SELECT 'NaNx'::numeric;
SELECT 'infinit'::numeric;
SELECT 'Infinity x'::numeric;
SELECT 'NaN'::numeric(5, 2), 'NaN'::numeric(3);
SELECT 'Infinity'::numeric(5, 2);
SELECT '-Infinity'::numeric(10);
SELECT pg_typeof('NaN'::numeric), ('NaN'::numeric)::text, ('-Infinity'::numeric)::text;

-- comparison and ordering: NaN equals itself and sorts above Infinity
SELECT 'NaN'::numeric = 'NaN'::numeric, 'NaN'::numeric > 'Infinity'::numeric,
       'Infinity'::numeric > 1e30, '-Infinity'::numeric < -1e30, 'NaN'::numeric <> 1,
       'Infinity'::numeric = 'Infinity'::numeric, '-Infinity'::numeric < 'Infinity'::numeric;
SELECT 1.5 < 'NaN'::numeric, 0 > '-Infinity'::numeric, 'NaN'::numeric >= 'NaN'::numeric;
CREATE TABLE ns (id int PRIMARY KEY, v numeric);
INSERT INTO ns VALUES (1, 'NaN'), (2, 'Infinity'), (3, '-Infinity'), (4, 0), (5, 12.5),
    (6, -7.25), (7, NULL), (8, 'nan'), (9, 1e20);
SELECT id, v FROM ns ORDER BY v, id;
SELECT id, v FROM ns ORDER BY v DESC NULLS LAST, id;
SELECT id FROM ns WHERE v = 'NaN' ORDER BY id;
SELECT id FROM ns WHERE v > 100 ORDER BY id;
SELECT id FROM ns WHERE v < 0 ORDER BY id;
SELECT DISTINCT v FROM ns ORDER BY v;
SELECT v, count(*) FROM ns GROUP BY v ORDER BY v;
SELECT greatest('NaN'::numeric, 1, 'Infinity'), least('-Infinity'::numeric, 'NaN', 2);
SELECT max(v), min(v) FROM ns;
SELECT max(v), min(v) FROM ns WHERE id IN (2, 3, 5);

-- arithmetic
SELECT 'NaN'::numeric + 1, 'Infinity'::numeric + 1, '-Infinity'::numeric + 1.5, 1 + 'Infinity'::numeric;
SELECT 'Infinity'::numeric + 'Infinity'::numeric, 'Infinity'::numeric + '-Infinity'::numeric,
       '-Infinity'::numeric + '-Infinity'::numeric;
SELECT 'Infinity'::numeric - 'Infinity'::numeric, 'Infinity'::numeric - '-Infinity'::numeric,
       5 - 'Infinity'::numeric, 'NaN'::numeric - 'NaN'::numeric, '-Infinity'::numeric - 2.25;
SELECT 'Infinity'::numeric * 2, 'Infinity'::numeric * -2, 'Infinity'::numeric * 0,
       '-Infinity'::numeric * '-Infinity'::numeric, 'NaN'::numeric * 0, 0.0 * '-Infinity'::numeric;
SELECT 'Infinity'::numeric / 2, 'Infinity'::numeric / -0.5, 3 / 'Infinity'::numeric,
       -3 / '-Infinity'::numeric, 'Infinity'::numeric / 'Infinity'::numeric, 'NaN'::numeric / 0;
SELECT 'Infinity'::numeric / 0;
SELECT '-Infinity'::numeric / 0.0;
SELECT 1 / 'NaN'::numeric, 'NaN'::numeric / 'Infinity'::numeric;
SELECT 'Infinity'::numeric % 3, 5.5 % 'Infinity'::numeric, -5.5 % '-Infinity'::numeric,
       'NaN'::numeric % 0, 5 % 'NaN'::numeric;
SELECT 'Infinity'::numeric % 0;
SELECT -('NaN'::numeric), -('Infinity'::numeric), -('-Infinity'::numeric), +('-Infinity'::numeric);
SELECT mod('Infinity'::numeric, 2), mod(7, 'Infinity'::numeric), div('Infinity'::numeric, 2),
       div(7, 'Infinity'::numeric), div('NaN'::numeric, 3), div('-Infinity'::numeric, 'Infinity'::numeric);
SELECT div('Infinity'::numeric, 0);
SELECT id, v + 1, v * 2, v - v, v / 4 FROM ns WHERE id <> 4 ORDER BY id;

-- functions
SELECT abs('NaN'::numeric), abs('-Infinity'::numeric), abs('Infinity'::numeric);
SELECT sign('NaN'::numeric), sign('Infinity'::numeric), sign('-Infinity'::numeric);
SELECT round('NaN'::numeric), round('Infinity'::numeric, 2), round('-Infinity'::numeric, -3),
       trunc('NaN'::numeric, 1), trunc('-Infinity'::numeric);
SELECT ceil('NaN'::numeric), ceiling('Infinity'::numeric), floor('-Infinity'::numeric),
       floor('NaN'::numeric);
SELECT sqrt('NaN'::numeric), sqrt('Infinity'::numeric);
SELECT sqrt('-Infinity'::numeric);
SELECT scale('NaN'::numeric), scale('Infinity'::numeric), trim_scale('NaN'::numeric),
       trim_scale('-Infinity'::numeric);
SELECT power('NaN'::numeric, 0), power('NaN'::numeric, 1), power(1::numeric, 'NaN'),
       power(2::numeric, 'NaN'), power('NaN'::numeric, 'NaN');
SELECT power('Infinity'::numeric, 2), power('Infinity'::numeric, -2), power('Infinity'::numeric, 0),
       power('-Infinity'::numeric, 3), power('-Infinity'::numeric, 2), power('-Infinity'::numeric, -3);
SELECT power(2::numeric, 'Infinity'), power(0.5, 'Infinity'), power(2::numeric, '-Infinity'),
       power(0.5, '-Infinity'), power(-1::numeric, 'Infinity'), power(1::numeric, '-Infinity');
SELECT power(0::numeric, 'Infinity'), power('Infinity'::numeric, 'Infinity'),
       power('Infinity'::numeric, '-Infinity'), power(-0.5, 'Infinity');
SELECT power(0::numeric, '-Infinity');
SELECT power('-Infinity'::numeric, 0.5);
SELECT power(-2::numeric, 'Infinity');
SELECT 'Infinity'::numeric ^ 3, 10::numeric ^ '-Infinity'::numeric;

-- casts
SELECT 'NaN'::numeric::float8, 'Infinity'::numeric::float8, '-Infinity'::numeric::float4,
       'NaN'::numeric::float4;
SELECT 'NaN'::float8::numeric, 'Infinity'::float8::numeric, '-Infinity'::float8::numeric,
       'NaN'::float4::numeric, '-inf'::float4::numeric;
SELECT 'NaN'::numeric::int4;
SELECT 'NaN'::numeric::int2;
SELECT 'NaN'::numeric::int8;
SELECT 'Infinity'::numeric::int4;
SELECT '-Infinity'::numeric::int8;
SELECT 'Infinity'::numeric::int2;
SELECT 'Infinity'::float8::numeric(10, 2);
SELECT 'NaN'::float8::numeric(10, 2);
SELECT v::float8 FROM ns WHERE id IN (1, 2, 3) ORDER BY id;
SELECT v::int FROM ns WHERE id = 5;
SELECT v::int FROM ns WHERE id = 8;
SELECT 'NaN'::numeric::text, 'Infinity'::text::numeric, cast('-inf' AS numeric);

-- aggregates
SELECT sum(v), avg(v), count(v) FROM ns;
SELECT sum(v), avg(v) FROM ns WHERE id IN (2, 4, 5);
SELECT sum(v), avg(v) FROM ns WHERE id IN (3, 5, 6);
SELECT sum(v), avg(v) FROM ns WHERE id IN (2, 3);
SELECT sum(v), avg(v) FROM ns WHERE id IN (1, 2);
SELECT sum(v), avg(v) FROM ns WHERE id IN (4, 5, 6, 9);
SELECT id % 2 AS k, sum(v), avg(v), max(v), min(v) FROM ns GROUP BY id % 2 ORDER BY k;

-- storage round trip, updates, unique keys
CREATE TABLE nu (k numeric PRIMARY KEY, note text);
INSERT INTO nu VALUES ('NaN', 'nan'), ('Infinity', 'inf'), ('-Infinity', 'ninf'), (1, 'one');
INSERT INTO nu VALUES ('nan', 'dup');
INSERT INTO nu VALUES ('inf', 'dup');
SELECT k, note FROM nu ORDER BY k;
SELECT note FROM nu WHERE k = 'NaN';
SELECT note FROM nu WHERE k = '-inf';
UPDATE nu SET k = k * -1 WHERE note = 'one';
UPDATE nu SET k = 'NaN' WHERE note = 'one';
SELECT k, note FROM nu ORDER BY k;
CREATE TABLE np (a numeric(6, 2));
INSERT INTO np VALUES ('NaN'), (1.234);
INSERT INTO np VALUES ('Infinity');
SELECT a FROM np ORDER BY a;
SELECT * FROM generate_series(1::numeric, 'NaN'::numeric);
SELECT * FROM generate_series('-Infinity'::numeric, 3);
SELECT * FROM generate_series(1::numeric, 3, 'Infinity');
