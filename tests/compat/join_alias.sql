-- Aliases on JOIN: `(a JOIN b ...) AS j [(cols)]` names the join's columns and hides
-- its inputs; `a JOIN b USING (x) AS j` (PostgreSQL 14's join_using_alias) names only
-- the USING columns. Scoping, star expansion, column aliases and the errors.

CREATE TABLE a (x int, y int, k text);
CREATE TABLE b (x int, z int, k text);
CREATE TABLE c (x int, w int);
INSERT INTO a VALUES (1, 10, 'p'), (2, 20, 'q'), (4, 40, NULL);
INSERT INTO b VALUES (1, 100, 'p'), (3, 300, 'r'), (4, 400, NULL);
INSERT INTO c VALUES (1, 7), (3, 9), (5, 11);

-- a join with an alias: * and j.* give the join's columns, USING ones first
SELECT * FROM (a JOIN b USING (x)) AS j ORDER BY x;
SELECT j.* FROM (a JOIN b USING (x)) AS j ORDER BY x;
SELECT j.* FROM (a LEFT JOIN b USING (x)) AS j ORDER BY x;
SELECT j.* FROM (a RIGHT JOIN b USING (x)) AS j ORDER BY x;
SELECT j.* FROM (a FULL JOIN b USING (x)) AS j ORDER BY x;
SELECT j.* FROM (a JOIN b USING (x, k)) AS j ORDER BY x;
SELECT j.* FROM (a NATURAL JOIN b) AS j ORDER BY x;
SELECT j.* FROM (a NATURAL FULL JOIN b) AS j ORDER BY x, k;
SELECT * FROM (a JOIN b ON a.x = b.x) AS j ORDER BY 1;
SELECT * FROM (a CROSS JOIN c) AS j ORDER BY 1, 4, 5;
SELECT j.* FROM (a JOIN b ON a.x < b.x) j ORDER BY 1, 4;
-- qualified and unqualified columns of the join
SELECT j.x, j.y, j.z FROM (a JOIN b USING (x)) AS j ORDER BY j.x;
SELECT x, y, z FROM (a FULL JOIN b USING (x)) AS j ORDER BY x;
SELECT j.x FROM (a FULL JOIN b USING (x)) AS j ORDER BY 1;
SELECT j.y, j.z FROM (a JOIN b ON a.x = b.x) AS j ORDER BY 1;
SELECT j.k FROM (a JOIN b USING (x)) AS j;
SELECT j.x FROM (a JOIN b ON a.x = b.x) AS j;
SELECT x FROM (a JOIN b ON a.x = b.x) AS j;
SELECT j.nope FROM (a JOIN b USING (x)) AS j;
SELECT nope FROM (a JOIN b USING (x)) AS j;
-- the inputs' names are hidden
SELECT a.y FROM (a JOIN b USING (x)) AS j;
SELECT b.z FROM (a JOIN b ON a.x = b.x) AS j;
SELECT a.* FROM (a JOIN b USING (x)) AS j;
SELECT * FROM (a JOIN b USING (x)) AS j WHERE a.y > 0;
SELECT * FROM (a JOIN b USING (x)) AS j ORDER BY b.z;
-- ... but the ON clause of the join itself sees them
SELECT j.y FROM (a JOIN b ON a.x = b.x AND a.y < b.z) AS j;
-- a hidden name can be used again
SELECT * FROM (a JOIN b USING (x)) AS j, a WHERE a.x = j.x ORDER BY 1;
SELECT * FROM (a JOIN b ON true) AS a ORDER BY 1, 4;
SELECT a.x, a.z FROM (a JOIN b USING (x)) AS a ORDER BY 1;
-- column aliases rename the join's columns in order
SELECT * FROM (a JOIN b USING (x)) AS j (p, q, r) ORDER BY p;
SELECT j.p, j.r FROM (a JOIN b USING (x)) AS j (p, q, r) ORDER BY 1;
SELECT p, k FROM (a JOIN b USING (x)) AS j (p) ORDER BY p;
SELECT j.x FROM (a JOIN b USING (x)) AS j (p);
SELECT * FROM (a JOIN b USING (x)) AS j (p, q, r, s, t, u);
SELECT * FROM (a JOIN b USING (x)) AS j (p, q, r, s, t, u, v);
SELECT * FROM (a JOIN b ON a.x = b.x) AS j (ax, ay, ak, bx, bz, bk) ORDER BY ax;
SELECT ax + bx FROM (a JOIN b ON a.x = b.x) AS j (ax, ay, ak, bx) ORDER BY 1;

-- join_using_alias: only the USING columns, the inputs stay visible
SELECT j.x, a.y, b.z FROM a JOIN b USING (x) AS j ORDER BY 1;
SELECT j.* FROM a JOIN b USING (x) AS j ORDER BY 1;
SELECT j.* FROM a FULL JOIN b USING (x) AS j ORDER BY 1;
SELECT j.x FROM a RIGHT JOIN b USING (x) AS j ORDER BY 1;
SELECT j.x, j.k FROM a JOIN b USING (x, k) AS j ORDER BY 1;
SELECT * FROM a JOIN b USING (x) AS j ORDER BY x;
SELECT j.y FROM a JOIN b USING (x) AS j;
SELECT j.z FROM a JOIN b USING (x) AS j;
SELECT x FROM a JOIN b USING (x) AS j ORDER BY 1;
SELECT * FROM a JOIN b USING (x) AS a;
SELECT * FROM a JOIN b USING (x) AS j, c AS j;

-- nesting: aliased joins inside joins, USING over a join alias
SELECT * FROM (a JOIN b USING (x)) AS j JOIN c USING (x) ORDER BY x;
SELECT * FROM (a FULL JOIN b USING (x)) AS j FULL JOIN c USING (x) ORDER BY x;
SELECT j.x, c.w FROM (a JOIN b USING (x)) AS j JOIN c ON j.x = c.x;
SELECT * FROM c JOIN (a LEFT JOIN b USING (x)) AS j USING (x) ORDER BY x;
SELECT * FROM ((a JOIN b USING (x)) AS j1 JOIN c USING (x)) AS j2 ORDER BY x;
SELECT j2.w, j2.y FROM ((a JOIN b USING (x)) AS j1 JOIN c USING (x)) AS j2;
SELECT j1.x FROM ((a JOIN b USING (x)) AS j1 JOIN c USING (x)) AS j2;
SELECT * FROM (a JOIN b USING (x) AS u) AS j ORDER BY x;
SELECT u.x FROM (a JOIN b USING (x) AS u) AS j;
SELECT * FROM (a JOIN b USING (x)) AS j, (a JOIN b USING (x)) AS j2 ORDER BY 1, 4;
SELECT * FROM (a JOIN b USING (x)) AS j, (a JOIN b USING (x)) AS j;
SELECT * FROM (a JOIN b USING (x)) AS j JOIN c ON a.x = c.x;
SELECT * FROM (a JOIN b USING (x)) AS j, c JOIN b ON j.x = b.x;
SELECT * FROM a NATURAL JOIN (b JOIN c USING (x)) AS j ORDER BY x;

-- in WHERE, GROUP BY, ORDER BY, aggregates, subqueries, LATERAL, CTEs
SELECT count(*) FROM (a JOIN b USING (x)) AS j WHERE j.z > 50;
SELECT j.k, count(*) FROM (a FULL JOIN b USING (x)) AS j GROUP BY j.k ORDER BY j.k;
SELECT j.x, sum(j.y) FROM (a FULL JOIN b USING (x)) AS j GROUP BY j.x ORDER BY j.x;
SELECT (SELECT j.z) FROM (a JOIN b USING (x)) AS j ORDER BY 1;
SELECT x FROM (a JOIN b USING (x)) AS j WHERE EXISTS (SELECT 1 FROM c WHERE c.x = j.x);
SELECT j.x, s.w FROM (a LEFT JOIN b USING (x)) AS j, LATERAL (SELECT w FROM c WHERE c.x = j.x) s;
WITH j AS (SELECT 1 AS x) SELECT * FROM (a JOIN b USING (x)) AS j ORDER BY x;
SELECT * FROM (SELECT * FROM (a JOIN b USING (x)) AS j) s ORDER BY x;
SELECT x, y FROM (a JOIN b USING (x)) AS j UNION SELECT x, w FROM c ORDER BY 1, 2;
SELECT j.x FROM (a JOIN b USING (x)) AS j FOR UPDATE OF j;
SELECT j.x FROM a JOIN b USING (x) AS j FOR UPDATE OF j;
SELECT j.x FROM (a JOIN b USING (x)) AS j FOR UPDATE OF a;

-- prepared statements and DML
PREPARE q(int) AS SELECT j.z FROM (a JOIN b USING (x)) AS j WHERE j.x = $1;
EXECUTE q(1);
EXECUTE q(2);
DEALLOCATE q;
CREATE TABLE d AS SELECT * FROM (a FULL JOIN b USING (x, k)) AS j;
CREATE TABLE d2 AS SELECT * FROM (a FULL JOIN b USING (x)) AS j;
SELECT * FROM d ORDER BY x;
INSERT INTO c SELECT j.x, j.z FROM (a JOIN b USING (x)) AS j;
SELECT * FROM c ORDER BY x, w;
UPDATE c SET w = 0 FROM (a JOIN b USING (x)) AS j WHERE c.x = j.x;
SELECT * FROM c ORDER BY x, w;
DELETE FROM c USING a JOIN b USING (x) AS j WHERE c.x = j.x;
SELECT * FROM c ORDER BY x, w;
