-- Row-valued IN / NOT IN / = ANY / <> ALL with a subquery: (a, b) IN (SELECT x, y ...),
-- compared column by column with SQL's three-valued row comparison.

CREATE TABLE pairs (id int PRIMARY KEY, a int, b text);
CREATE TABLE allowed (x int, y text, note text);
INSERT INTO pairs VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'a'), (4, 2, NULL), (5, NULL, 'a'), (6, 3, 'c');
INSERT INTO allowed VALUES (1, 'a', 'one'), (2, 'a', 'two'), (3, 'c', 'three'), (9, 'z', 'nine');

-- in WHERE (a semi join)
SELECT id FROM pairs WHERE (a, b) IN (SELECT x, y FROM allowed) ORDER BY id;
SELECT id FROM pairs WHERE (a, b) IN (SELECT x, y FROM allowed WHERE note <> 'two') ORDER BY id;
SELECT id FROM pairs WHERE (b, a) IN (SELECT y, x FROM allowed) ORDER BY id;
SELECT id FROM pairs WHERE (a, b) = ANY (SELECT x, y FROM allowed) ORDER BY id;
SELECT id FROM pairs WHERE (a + 0, upper(b)) IN (SELECT x, upper(y) FROM allowed) ORDER BY id;
SELECT id FROM pairs WHERE id > 1 AND (a, b) IN (SELECT x, y FROM allowed) ORDER BY id;
SELECT count(*) FROM pairs p WHERE (p.a, p.b) IN (SELECT a.x, a.y FROM allowed a WHERE a.x < 3);
SELECT id FROM pairs WHERE (a, 'a') IN (SELECT x, y FROM allowed) ORDER BY id;
SELECT id FROM pairs WHERE (a, b) IN (SELECT 1, 'a' UNION ALL SELECT 3, 'c') ORDER BY id;
SELECT id FROM pairs WHERE (a, b) IN (VALUES (2, 'a'), (3, 'c')) ORDER BY id;

-- NOT IN: NULLs in the row or in the set make the answer NULL where no row differs for sure
SELECT id FROM pairs WHERE (a, b) NOT IN (SELECT x, y FROM allowed) ORDER BY id;
SELECT id FROM pairs WHERE NOT (a, b) IN (SELECT x, y FROM allowed) ORDER BY id;
SELECT id FROM pairs WHERE (a, b) NOT IN (SELECT x, y FROM allowed WHERE false) ORDER BY id;
SELECT id FROM pairs WHERE (a, b) NOT IN (SELECT 1, NULL::text) ORDER BY id;
SELECT id FROM pairs WHERE (a, b) NOT IN (SELECT NULL::int, 'a') ORDER BY id;
SELECT id FROM pairs WHERE (a, b) <> ALL (SELECT x, y FROM allowed) ORDER BY id;

-- as a value: TRUE, FALSE or NULL
SELECT id, (a, b) IN (SELECT x, y FROM allowed) AS r FROM pairs ORDER BY id;
SELECT id, (a, b) NOT IN (SELECT x, y FROM allowed) AS r FROM pairs ORDER BY id;
SELECT id, (a, b) IN (SELECT x, y FROM allowed UNION ALL SELECT NULL, 'b') AS r FROM pairs ORDER BY id;
SELECT id, (a, b) <> ANY (SELECT x, y FROM allowed WHERE x = 1) AS r FROM pairs ORDER BY id;
SELECT id, (a, b) = ALL (SELECT x, y FROM allowed WHERE x = 1) AS r FROM pairs ORDER BY id;
SELECT id, (a, b) <> ALL (SELECT x, y FROM allowed WHERE x > 100) AS r FROM pairs ORDER BY id;
SELECT id, CASE WHEN (a, b) IN (SELECT x, y FROM allowed) THEN 'yes' ELSE 'no' END FROM pairs ORDER BY id;
SELECT (1, 'a') IN (SELECT x, y FROM allowed), (1, 'q') IN (SELECT x, y FROM allowed), (NULL::int, 'a') IN (SELECT x, y FROM allowed);

-- correlated
SELECT id FROM pairs p WHERE (p.a, p.b) IN (SELECT x, y FROM allowed WHERE allowed.x = p.id) ORDER BY id;
SELECT id, (a, b) IN (SELECT x, y FROM allowed WHERE x >= pairs.id) FROM pairs ORDER BY id;
SELECT id FROM pairs p WHERE (p.a, p.b) NOT IN (SELECT x, y FROM allowed WHERE x <> p.a) ORDER BY id;

-- types are resolved per column
SELECT (1::bigint, 'a'::varchar) IN (SELECT x, y FROM allowed);
SELECT (1.0, 'a') IN (SELECT x, y FROM allowed);
SELECT (1, 2) IN (SELECT 1::numeric, 2.0);
SELECT ('1', 'a') IN (SELECT x, y FROM allowed);
SELECT (1, 1) IN (SELECT x, y FROM allowed);
SELECT (true, 1) IN (SELECT x, y FROM allowed);

-- in UPDATE and DELETE
CREATE TABLE t2 AS SELECT * FROM pairs;
UPDATE t2 SET b = 'hit' WHERE (a, b) IN (SELECT x, y FROM allowed);
SELECT * FROM t2 ORDER BY id;
DELETE FROM t2 WHERE (id, a) NOT IN (SELECT id, a FROM pairs WHERE a IS NOT NULL) RETURNING id;
SELECT count(*) FROM t2;

-- errors
SELECT (1, 2) IN (SELECT 1);
SELECT (1, 2) IN (SELECT 1, 2, 3);
SELECT (1, 2, 3) IN (SELECT x, y FROM allowed);

SELECT (1, 'a') IN (SELECT y, x FROM allowed);
SELECT 1 IN (SELECT x, y FROM allowed);

-- a correlated IN subquery run again for each row of a LATERAL function's arguments
CREATE TABLE ser (id int, v int);
INSERT INTO ser SELECT g, g % 7 FROM generate_series(1, 3000) g;
SELECT count(*), sum(g) FROM ser s, LATERAL generate_series(1, CASE WHEN s.v IN (SELECT v FROM ser s2 WHERE s2.id BETWEEN s.id - 80 AND s.id - 1) THEN 1 ELSE 2 END) g;
SELECT count(*) FROM ser s, LATERAL generate_series(1, CASE WHEN (s.v, 1) IN (SELECT v, 1 FROM ser s2 WHERE s2.id BETWEEN s.id - 80 AND s.id - 1) THEN 1 ELSE 2 END) g;

-- ordering operators: rows compare left to right, the first unequal column decides
SELECT (1, 'a') < ANY (SELECT x, y FROM allowed), (9, 'z') < ANY (SELECT x, y FROM allowed);
SELECT id, (a, b) <= ALL (SELECT x, y FROM allowed) FROM pairs ORDER BY id;
SELECT id, (a, b) > ANY (SELECT x, y FROM allowed WHERE x < 3) FROM pairs ORDER BY id;
SELECT id, (a, b) >= ANY (SELECT x, y FROM allowed WHERE x = 2) FROM pairs ORDER BY id;

-- a row against a subquery's single row (keyset pagination)
SELECT id FROM pairs WHERE (a, id) > (SELECT a, id FROM pairs WHERE id = 3) ORDER BY a, id;
SELECT id FROM pairs WHERE (a, id) >= (SELECT a, id FROM pairs WHERE id = 3) ORDER BY a, id;
SELECT id FROM pairs WHERE (a, id) < (SELECT 2, 4) ORDER BY id;
SELECT id FROM pairs WHERE (a, id) <= (SELECT 2, 4) ORDER BY id;
SELECT id, (a, b) = (SELECT x, y FROM allowed WHERE note = 'one') FROM pairs ORDER BY id;
SELECT id, (a, b) <> (SELECT x, y FROM allowed WHERE note = 'one') FROM pairs ORDER BY id;
SELECT (1, 'a') = (SELECT x, y FROM allowed WHERE false);
SELECT (1, 'a') = (SELECT x, y FROM allowed);
SELECT (1, 'a') = (SELECT x FROM allowed LIMIT 1);
SELECT (1, 'a', 3) = (SELECT x, y FROM allowed LIMIT 1);
SELECT p.id FROM pairs p WHERE (p.a, p.b) = (SELECT x, y FROM allowed WHERE x = p.a AND y = p.b) ORDER BY 1;
SELECT (NULL::int, 'a') < (SELECT 1, 'b'), (1, NULL::text) < (SELECT 2, 'b'), (1, NULL::text) < (SELECT 1, 'b');
