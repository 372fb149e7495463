-- Scalar, IN, EXISTS and derived-table subqueries, correlated and uncorrelated; 21000.

CREATE TABLE t1 (id int PRIMARY KEY, g int, v int, s text);
CREATE TABLE t2 (id int PRIMARY KEY, t1_id int, w int);
INSERT INTO t1 VALUES (1, 1, 10, 'a'), (2, 1, 20, 'b'), (3, 2, 30, 'c'), (4, 2, NULL, 'd'),
    (5, 3, 50, NULL), (6, NULL, 60, 'f');
INSERT INTO t2 VALUES (1, 1, 100), (2, 1, 200), (3, 3, 300), (4, 99, 400), (5, NULL, 500), (6, 5, NULL);

-- Scalar subqueries.
SELECT (SELECT max(v) FROM t1), (SELECT count(*) FROM t2), (SELECT 1);
SELECT id, v, (SELECT max(w) FROM t2) - v FROM t1 ORDER BY id;
SELECT id FROM t1 WHERE v > (SELECT avg(v) FROM t1) ORDER BY id;
SELECT (SELECT v FROM t1 WHERE id = 99);
SELECT (SELECT v FROM t1 WHERE id = 1) + (SELECT w FROM t2 WHERE id = 1);
SELECT (SELECT v FROM t1);
SELECT (SELECT v, id FROM t1 WHERE id = 1);
SELECT id FROM t1 WHERE v = (SELECT v FROM t1 WHERE g = 1);

-- Correlated scalar subqueries.
SELECT id, (SELECT count(*) FROM t2 WHERE t2.t1_id = t1.id) AS n FROM t1 ORDER BY id;
SELECT id, (SELECT sum(w) FROM t2 WHERE t2.t1_id = t1.id) AS total FROM t1 ORDER BY id;
SELECT id, (SELECT w FROM t2 WHERE t2.t1_id = t1.id ORDER BY w DESC LIMIT 1) FROM t1 ORDER BY id;
SELECT id FROM t1 WHERE v > (SELECT avg(v) FROM t1 AS x WHERE x.g = t1.g) ORDER BY id;
SELECT id, v FROM t1 o WHERE v = (SELECT max(v) FROM t1 i WHERE i.g = o.g) ORDER BY id;
SELECT id FROM t1 WHERE (SELECT count(*) FROM t2 WHERE t1_id = t1.id) >= 2;
SELECT id, (SELECT w FROM t2 WHERE t2.t1_id = t1.id) FROM t1 ORDER BY id;

-- IN / NOT IN.
SELECT id FROM t1 WHERE id IN (SELECT t1_id FROM t2) ORDER BY id;
SELECT id FROM t1 WHERE id NOT IN (SELECT t1_id FROM t2) ORDER BY id;
SELECT id FROM t1 WHERE id NOT IN (SELECT t1_id FROM t2 WHERE t1_id IS NOT NULL) ORDER BY id;
SELECT id FROM t1 WHERE v IN (SELECT w / 10 FROM t2) ORDER BY id;
SELECT id FROM t1 WHERE g IN (SELECT g FROM t1 WHERE v > 25) ORDER BY id;
SELECT id FROM t1 WHERE id IN (SELECT t1_id FROM t2 WHERE t2.w > t1.v * 15) ORDER BY id;
SELECT id, id IN (SELECT t1_id FROM t2), id NOT IN (SELECT t1_id FROM t2) FROM t1 ORDER BY id;
SELECT id FROM t1 WHERE id IN (SELECT t1_id FROM t2 WHERE false);
SELECT id FROM t1 WHERE id NOT IN (SELECT t1_id FROM t2 WHERE false) ORDER BY id;
SELECT NULL::int IN (SELECT t1_id FROM t2), 1 IN (SELECT t1_id FROM t2), 2 IN (SELECT t1_id FROM t2);
SELECT id FROM t1 WHERE id IN (SELECT id, w FROM t2);

-- EXISTS / NOT EXISTS.
SELECT id FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.t1_id = t1.id) ORDER BY id;
SELECT id FROM t1 WHERE NOT EXISTS (SELECT 1 FROM t2 WHERE t2.t1_id = t1.id) ORDER BY id;
SELECT id FROM t1 WHERE EXISTS (SELECT * FROM t2 WHERE w > 450) ORDER BY id;
SELECT id FROM t1 WHERE NOT EXISTS (SELECT * FROM t2 WHERE w > 1000) ORDER BY id;
SELECT EXISTS (SELECT 1 FROM t2 WHERE w IS NULL), EXISTS (SELECT 1 WHERE false);
SELECT id FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.t1_id = t1.id AND t2.w > 150) ORDER BY id;
SELECT id, EXISTS (SELECT 1 FROM t2 WHERE t2.t1_id = t1.g) FROM t1 ORDER BY id;
SELECT t2.id FROM t2 WHERE NOT EXISTS (SELECT 1 FROM t1 WHERE t1.id = t2.t1_id) ORDER BY t2.id;

-- Derived tables (subqueries in FROM).
SELECT g, m FROM (SELECT g, max(v) AS m FROM t1 GROUP BY g) AS x ORDER BY g;
SELECT count(*) FROM (SELECT DISTINCT g FROM t1) AS d;
SELECT x.id, x.double_v FROM (SELECT id, v * 2 AS double_v FROM t1 WHERE v IS NOT NULL) x WHERE x.double_v > 50 ORDER BY x.id;
SELECT * FROM (SELECT 1 AS a, 'x' AS b) AS one_row;
SELECT sub.total FROM (SELECT sum(w) AS total FROM t2) sub;
SELECT a FROM (SELECT id AS a FROM t1) s WHERE a IN (SELECT t1_id FROM t2) ORDER BY a;
SELECT * FROM (SELECT id FROM t1);

-- Nested subqueries.
SELECT id FROM t1 WHERE id IN (SELECT t1_id FROM t2 WHERE w > (SELECT avg(w) FROM t2 WHERE w < 400)) ORDER BY id;
SELECT id FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.t1_id = t1.id AND EXISTS (SELECT 1 FROM t1 AS z WHERE z.v = t2.w / 10)) ORDER BY id;
