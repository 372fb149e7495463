-- Set-returning functions in the SELECT list (PostgreSQL 10+'s ProjectSet):
-- lockstep of several calls, arguments from the row, calls inside
-- expressions, nesting, with aggregates, GROUP BY, window functions,
-- DISTINCT, ORDER BY, LIMIT, subqueries and CTEs, and the places where
-- PostgreSQL refuses a set (0A000).

CREATE TABLE t (id int PRIMARY KEY, x int, s text, n numeric(6, 2), ts timestamp);
INSERT INTO t VALUES
    (1, 1, 'a', 1.50, '2024-01-30 10:00'),
    (2, 3, 'b', NULL, '2024-02-28 00:00'),
    (3, 0, 'c', 2.25, NULL),
    (4, NULL, 'd', 0.00, '2023-12-31 23:59'),
    (5, 2, NULL, -1.00, '2024-03-01 12:00');
CREATE TABLE empty (a int);

-- one call, no FROM
SELECT generate_series(1, 3);
SELECT generate_series(1, 10, 3);
SELECT generate_series(5, 1, -2);
SELECT generate_series(3, 1);
SELECT generate_series(1, 3) AS g;
SELECT generate_series(1::int8, 3::int8);
SELECT generate_series(1.5, 3);
SELECT generate_series(0.1, 0.5, 0.15);
SELECT generate_series('2024-01-30'::timestamp, '2024-04-30', '1 month');
SELECT generate_series('2024-01-01 00:00'::timestamptz, '2024-01-01 02:00', '30 minutes');
SELECT generate_series(NULL::int, 3);
SELECT generate_series(1, 3, NULL);
SELECT pg_typeof(generate_series(1, 2));
SELECT pg_typeof(generate_series(1::int8, 2));
SELECT pg_typeof(generate_series(1.0, 2));
SELECT generate_series(1, 0) IS NULL;

-- arguments from the row
SELECT id, x, generate_series(1, x) FROM t ORDER BY id, 3;
SELECT id, generate_series(x, 2) FROM t ORDER BY 1, 2;
SELECT s, generate_series(1, 2) AS k FROM t ORDER BY s, k;
SELECT id, generate_series(id, id + n::int) FROM t ORDER BY 1, 2;
SELECT id, generate_series(ts, ts + interval '2 days', '1 day') FROM t ORDER BY 1, 2;
SELECT id, generate_series(n, 3, 0.75) FROM t ORDER BY 1, 2;
SELECT generate_series(1, x) FROM t;
SELECT t.*, generate_series(1, 2) FROM t ORDER BY id, 6;

-- several calls in lockstep: as many rows as the longest, NULL after a short one ends
SELECT generate_series(1, 2), generate_series(1, 3);
SELECT generate_series(1, 3) AS a, generate_series(10, 11) AS b, generate_series(5, 5) AS c;
SELECT id, generate_series(1, x) AS a, generate_series(x, 2) AS b FROM t ORDER BY id, a NULLS LAST, b;
SELECT generate_series(1, 0), generate_series(1, 2);
SELECT generate_series(1, 0), generate_series(3, 1);
SELECT generate_series(1, 2), generate_series(1, 2);
SELECT id, generate_series(1, 0) FROM t;
SELECT id, generate_series(NULL::int, 2), generate_series(1, 2) FROM t WHERE id < 3 ORDER BY 1, 3;

-- inside expressions: the set below, the expression on top
SELECT generate_series(1, 3) + 1;
SELECT -generate_series(1, 2);
SELECT generate_series(1, 3) * 10 AS tens, 'x' || generate_series(1, 2) AS label;
SELECT x * generate_series(1, 3) FROM t ORDER BY 1;
SELECT generate_series(1, 3)::text || '!' AS bang;
SELECT abs(generate_series(-2, 2));
SELECT generate_series(1, 3) IS NULL, generate_series(1, 3) IN (1, 2);
SELECT nullif(generate_series(1, 3), 2);
SELECT greatest(generate_series(1, 3), 2);
SELECT generate_series(1, 4) % 2 = 0 AS even;
SELECT round(generate_series(1.0, 2.0, 0.5) * 3, 1);

-- nested calls: a ProjectSet above another
SELECT generate_series(1, generate_series(1, 3));
SELECT generate_series(generate_series(1, 2), 3) AS v;
SELECT generate_series(1, generate_series(1, 3)), generate_series(1, 2);
SELECT id, generate_series(1, generate_series(1, x)) FROM t ORDER BY 1, 2;

-- ORDER BY, LIMIT, OFFSET, DISTINCT
SELECT generate_series(1, 3) ORDER BY 1 DESC;
SELECT generate_series(1, 5) AS g ORDER BY g DESC LIMIT 2;
SELECT x, generate_series(1, 2) FROM t ORDER BY x LIMIT 3;
SELECT x, generate_series(1, 2) AS g FROM t ORDER BY x NULLS FIRST, g OFFSET 2 LIMIT 3;
SELECT id FROM t ORDER BY generate_series(1, 2), id;
SELECT generate_series(1, 3) ORDER BY generate_series(1, 3) DESC;
SELECT DISTINCT generate_series(1, 3) % 2;
SELECT DISTINCT x, generate_series(1, 2) FROM t ORDER BY 1, 2;
SELECT DISTINCT ON (g) g, id FROM (SELECT id, generate_series(1, x) AS g FROM t) s ORDER BY g, id;
SELECT DISTINCT ON (generate_series(1, 2)) id FROM t ORDER BY generate_series(1, 2), id;
SELECT generate_series(1, 3) LIMIT 0;
SELECT generate_series(1, 100000) LIMIT 3;
SELECT count(*) FROM (SELECT generate_series(1, 5000) AS g) s;
SELECT sum(g), count(*) FROM (SELECT generate_series(1, x * 1500) AS g FROM t) s;
SELECT count(*), count(a), count(b) FROM (SELECT generate_series(1, 3000) AS a, generate_series(1, 2500) AS b) s;

-- WHERE filters the input rows before the set
SELECT id, generate_series(1, 2) FROM t WHERE x > 1 ORDER BY 1, 2;
SELECT generate_series(1, 3) FROM t WHERE false;
SELECT generate_series(1, 3) FROM empty;

-- with aggregates: the set after aggregation
SELECT count(*), generate_series(1, 2) FROM t;
SELECT generate_series(1, count(*)) FROM t;
SELECT sum(x), generate_series(1, max(x)) FROM t;
SELECT x, count(*), generate_series(1, 2) FROM t GROUP BY x ORDER BY x, 3;
SELECT generate_series(2, 3) FROM t GROUP BY x;
SELECT count(*), generate_series(1, 2) FROM empty;
SELECT x % 2 AS parity, generate_series(1, count(*)::int) FROM t WHERE x IS NOT NULL GROUP BY x % 2 ORDER BY 1, 2;
SELECT count(*), generate_series(1, 2) FROM t HAVING count(*) > 10;
-- sets in GROUP BY run below the aggregate
SELECT 1 GROUP BY generate_series(1, 3);
SELECT generate_series(1, 3) AS g GROUP BY g ORDER BY g;
SELECT generate_series(1, 3) AS g, count(*) FROM t GROUP BY 1 ORDER BY 1;
SELECT g, count(*) FROM (SELECT generate_series(1, x) AS g FROM t) s GROUP BY g ORDER BY g;

-- with window functions: the set after the window
SELECT row_number() OVER (), generate_series(1, 2) FROM t;
SELECT id, sum(x) OVER (ORDER BY id), generate_series(1, 2) AS k FROM t ORDER BY id, k;
SELECT generate_series(1, rank() OVER (ORDER BY x)::int) FROM t;

-- in a subquery in FROM, a CTE, a scalar subquery, LATERAL, UNION
SELECT * FROM (SELECT generate_series(1, 3) AS g) s WHERE g > 1;
SELECT s.g, t.s FROM (SELECT generate_series(1, 2) AS g) s JOIN t ON t.id = s.g ORDER BY 1;
WITH c AS (SELECT id, generate_series(1, x) AS g FROM t) SELECT id, count(*), max(g) FROM c GROUP BY id ORDER BY id;
WITH c AS (SELECT generate_series(1, 3) AS g) SELECT a.g, b.g FROM c a, c b WHERE a.g <= b.g ORDER BY 1, 2;
SELECT id, (SELECT generate_series(1, 1)) FROM t ORDER BY id;
SELECT (SELECT generate_series(1, 2));
SELECT id, s.g FROM t, LATERAL (SELECT generate_series(1, t.x) AS g) s ORDER BY 1, 2;
SELECT id, (SELECT count(*) FROM (SELECT generate_series(1, t.x)) q) FROM t ORDER BY id;
SELECT generate_series(1, 2) UNION ALL SELECT generate_series(5, 6);
SELECT generate_series(1, 3) UNION SELECT generate_series(2, 4) ORDER BY 1;
SELECT generate_series(1, 3) EXCEPT SELECT 2;
SELECT id FROM t WHERE id IN (SELECT generate_series(2, 3)) ORDER BY id;
SELECT id FROM t WHERE EXISTS (SELECT generate_series(1, t.x)) ORDER BY id;

-- INSERT ... SELECT and CREATE TABLE AS
CREATE TABLE ins (a int, b int);
INSERT INTO ins SELECT generate_series(1, 3), generate_series(10, 11);
SELECT * FROM ins ORDER BY a;
INSERT INTO ins SELECT id, generate_series(1, x) FROM t WHERE x > 1;
SELECT count(*), sum(b) FROM ins;
CREATE TABLE cta AS SELECT generate_series(1, 4) AS v;
SELECT v FROM cta ORDER BY v;

-- in FROM as before
SELECT * FROM generate_series(1, 3) g;
SELECT g.v * 2 FROM generate_series(1, 3) AS g(v);
SELECT * FROM generate_series(1.0, 2.0, 0.5);
SELECT id, g FROM t, generate_series(1, t.x) g ORDER BY 1, 2;

-- where a set is refused
SELECT * FROM t WHERE generate_series(1, 2) = 1;
SELECT * FROM t a JOIN t b ON generate_series(1, 2) = a.id;
SELECT sum(generate_series(1, 3));
SELECT count(generate_series(1, 3)) FROM t;
SELECT max(x) FILTER (WHERE generate_series(1, 2) > 0) FROM t;
SELECT sum(generate_series(1, 2)) OVER ();
SELECT count(*) FROM t HAVING generate_series(1, 2) > 0;
SELECT 1 LIMIT generate_series(1, 2);
SELECT 1 OFFSET generate_series(1, 2);
VALUES (generate_series(1, 2));
VALUES (1), (generate_series(1, 2));
SELECT CASE WHEN true THEN generate_series(1, 2) END;
SELECT CASE generate_series(1, 2) WHEN 1 THEN 'one' END;
SELECT coalesce(generate_series(1, 2), 0);
SELECT * FROM generate_series(1, generate_series(1, 2));
UPDATE t SET x = generate_series(1, 2);
SELECT generate_series(1);
SELECT generate_series(1, 2, 3, 4);
SELECT generate_series(1, 'a');
SELECT generate_series('2024-01-01'::timestamp, '2024-01-02');
SELECT generate_series(1, 3, 0);
SELECT generate_series(1.0, 3, 0);
SELECT generate_series('2024-01-01'::timestamp, '2024-01-02', '0 days');
SELECT generate_series(1, 2) OVER ();
SELECT id, generate_series(1, 10 / (x - x)) FROM t;
SELECT generate_series(1, x, 0) FROM t WHERE x IS NULL;
CREATE TABLE bad (a int DEFAULT generate_series(1, 2));
CREATE TABLE bad2 (a int CHECK (a > generate_series(1, 2)));
INSERT INTO ins VALUES (1, 1), (generate_series(1, 2), 1);
SELECT count(*) FROM ins;

-- prepared statements and views
PREPARE p1 AS SELECT generate_series(1, $1);
EXECUTE p1(3);
EXECUTE p1(0);
PREPARE p2(int) AS SELECT id, generate_series($1, x) FROM t ORDER BY 1, 2;
EXECUTE p2(2);
CREATE VIEW v AS SELECT id, generate_series(1, x) AS g FROM t;
SELECT * FROM v ORDER BY id, g;
SELECT count(*) FROM v WHERE g > 1;
CREATE VIEW v2 AS SELECT generate_series(1, 3) + 1 AS h, generate_series(1, 2) AS k;
SELECT * FROM v2;
