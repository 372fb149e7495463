-- generate_series as a table function: integers, steps, bigint, numeric, timestamps, joins.

SELECT * FROM generate_series(1, 5);
SELECT generate_series FROM generate_series(1, 3);
SELECT x FROM generate_series(1, 10, 3) AS x;
SELECT x FROM generate_series(10, 1, -4) AS g(x);
SELECT x FROM generate_series(5, 1) AS g(x);
SELECT x FROM generate_series(1, 1) AS g(x);
SELECT x FROM generate_series(-2, 2) g(x) ORDER BY x DESC;
SELECT count(*), sum(x), min(x), max(x) FROM generate_series(1, 1000) AS g(x);
SELECT sum(x) FROM generate_series(1::bigint, 100000::bigint) AS g(x);
SELECT x FROM generate_series(9223372036854775805, 9223372036854775807) AS g(x);
SELECT x FROM generate_series(0.5, 2.5, 0.5) AS g(x);
SELECT x FROM generate_series(1, 2, 0.25) AS g(x);
SELECT x FROM generate_series(1, 5, 0) AS g(x);
SELECT x FROM generate_series(NULL::int, 5) AS g(x);
SELECT x FROM generate_series('2024-01-30'::timestamp, '2024-02-02'::timestamp, interval '1 day') AS g(x);
SELECT x FROM generate_series('2024-01-01 00:00'::timestamp, '2024-01-01 02:00', interval '45 minutes') AS g(x);
SELECT x::date FROM generate_series('2024-01-31'::timestamp, '2024-05-01', interval '1 month') AS g(x);
SELECT x FROM generate_series('2024-03-01 00:00:00+00'::timestamptz, '2024-03-02 00:00:00+00', '12 hours') AS g(x);

-- In expressions, WHERE, GROUP BY, joins.
SELECT x, x * x AS sq FROM generate_series(1, 5) AS g(x) WHERE x % 2 = 1 ORDER BY x;
SELECT x % 3 AS r, count(*), sum(x) FROM generate_series(1, 20) AS g(x) GROUP BY x % 3 ORDER BY r;
SELECT a.x, b.y FROM generate_series(1, 3) AS a(x) JOIN generate_series(2, 4) AS b(y) ON a.x = b.y ORDER BY a.x;
SELECT count(*) FROM generate_series(1, 10) a(x), generate_series(1, 10) b(y) WHERE x < y;
SELECT x FROM generate_series(1, 10) AS g(x) WHERE x IN (SELECT y * 2 FROM generate_series(1, 3) AS h(y)) ORDER BY x;
SELECT x FROM generate_series(1, 10) AS g(x) ORDER BY x DESC LIMIT 3;

CREATE TABLE t (id int PRIMARY KEY, label text);
INSERT INTO t SELECT x, 'row ' || x FROM generate_series(1, 50) AS g(x);
SELECT count(*), min(label), max(label) FROM t;
SELECT t.id, t.label FROM t JOIN generate_series(10, 50, 10) AS g(x) ON t.id = g.x ORDER BY t.id;
SELECT g.x, t.label FROM generate_series(48, 52) AS g(x) LEFT JOIN t ON t.id = g.x ORDER BY g.x;
INSERT INTO t SELECT x, 'dup' FROM generate_series(50, 51) AS g(x);
SELECT count(*) FROM t;


-- Errors.
SELECT * FROM generate_series(1);
SELECT * FROM generate_series(1, 'x');
