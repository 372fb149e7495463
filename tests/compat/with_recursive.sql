-- WITH RECURSIVE: working-table iteration (UNION ALL and UNION), column lists, several CTEs,
-- tree walks and graph closures over tables, PostgreSQL's invalid-recursion errors, and a
-- statement_timeout stopping an endless recursion.

CREATE TABLE tree (id int PRIMARY KEY, parent int, name text);
INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 2, 'a2'),
    (6, 3, 'b1'), (7, 6, 'b1x'), (8, 7, 'b1xy'), (9, NULL, 'other'), (10, 9, 'o1');
CREATE TABLE edges (src int, dst int);
INSERT INTO edges VALUES (1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 4), (6, 7), (2, 2);

-- counting and arithmetic
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 100) SELECT n FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 100) SELECT sum(n), count(*), min(n), max(n) FROM t;
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t ORDER BY n;
WITH RECURSIVE fib(i, a, b) AS (SELECT 1, 0::bigint, 1::bigint UNION ALL SELECT i + 1, b, a + b FROM fib WHERE i < 90)
SELECT i, a FROM fib ORDER BY i;
WITH RECURSIVE fact(n, f) AS (SELECT 1, 1::numeric UNION ALL SELECT n + 1, f * (n + 1) FROM fact WHERE n < 30)
SELECT n, f FROM fact ORDER BY n;
WITH RECURSIVE t(n, s) AS (SELECT 1, 'x' UNION ALL SELECT n + 1, s || '-' || n FROM t WHERE n < 6) SELECT n, s FROM t ORDER BY n;
WITH RECURSIVE t(d) AS (SELECT date '2024-01-30' UNION ALL SELECT d + 1 FROM t WHERE d < date '2024-02-03') SELECT d FROM t ORDER BY d;
WITH RECURSIVE t AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t AS x(m) ORDER BY m;
WITH RECURSIVE t(n) AS (SELECT 1 WHERE false UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t;
WITH RECURSIVE t(n, m) AS (SELECT 1, NULL::int UNION ALL SELECT n + 1, m FROM t WHERE n < 3) SELECT n, m FROM t ORDER BY n;

-- UNION discards rows already produced: the recursion stops when nothing new appears
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT (n + 1) % 5 FROM t) SELECT n FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3 UNION ALL SELECT 7) SELECT * FROM t;
WITH RECURSIVE t(n) AS (VALUES (1), (1), (2) UNION SELECT n FROM t) SELECT n FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (VALUES (1), (1) UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n FROM t ORDER BY n;

-- tree walk: path strings and depth
WITH RECURSIVE walk(id, path, depth) AS (
    SELECT id, name, 0 FROM tree WHERE parent IS NULL
    UNION ALL
    SELECT c.id, w.path || '/' || c.name, w.depth + 1 FROM tree c JOIN walk w ON c.parent = w.id)
SELECT id, path, depth FROM walk ORDER BY path;
WITH RECURSIVE sub(id) AS (SELECT 2 UNION ALL SELECT t.id FROM tree t, sub WHERE t.parent = sub.id)
SELECT count(*) FROM sub;
WITH RECURSIVE up(id, parent, name) AS (SELECT id, parent, name FROM tree WHERE id = 8
    UNION ALL SELECT t.id, t.parent, t.name FROM up JOIN tree t ON t.id = up.parent)
SELECT name FROM up ORDER BY id;
WITH RECURSIVE walk(id, depth) AS (SELECT id, 0 FROM tree WHERE parent IS NULL
    UNION ALL SELECT c.id, w.depth + 1 FROM walk w JOIN tree c ON c.parent = w.id WHERE w.depth < 1)
SELECT id, depth FROM walk ORDER BY id;
WITH RECURSIVE walk(id, depth) AS (SELECT id, 0 FROM tree WHERE parent IS NULL
    UNION ALL SELECT c.id, w.depth + 1 FROM walk w JOIN tree c ON c.parent = w.id)
SELECT depth, count(*) FROM walk GROUP BY depth ORDER BY depth;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM t LEFT JOIN tree ON tree.id = t.n + 100 WHERE t.n < 3)
SELECT n FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM (SELECT * FROM t) s WHERE n < 4) SELECT n FROM t ORDER BY n;

-- graph: transitive closure, cycles ended by UNION; UNION ALL with a depth limit
WITH RECURSIVE reach(node) AS (SELECT 1 UNION SELECT e.dst FROM edges e JOIN reach r ON e.src = r.node)
SELECT node FROM reach ORDER BY node;
WITH RECURSIVE closure(src, dst) AS (SELECT src, dst FROM edges
    UNION SELECT c.src, e.dst FROM closure c JOIN edges e ON e.src = c.dst)
SELECT src, dst FROM closure ORDER BY src, dst;
WITH RECURSIVE paths(node, hops) AS (SELECT 1, 0 UNION ALL SELECT e.dst, p.hops + 1 FROM paths p JOIN edges e ON e.src = p.node WHERE p.hops < 4)
SELECT node, hops, count(*) FROM paths GROUP BY node, hops ORDER BY hops, node;
WITH RECURSIVE p(node, path) AS (SELECT 1, '1' UNION ALL
    SELECT e.dst, p.path || '>' || e.dst FROM p JOIN edges e ON e.src = p.node WHERE length(p.path) < 9)
SELECT path FROM p ORDER BY path;

-- several CTEs, only some recursive; forward references; a recursive CTE used twice
WITH RECURSIVE lim AS (SELECT 4 AS m), t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t, lim WHERE n < m),
    sq AS (SELECT n, n * n AS s FROM t)
SELECT n, s FROM sq ORDER BY n;
WITH RECURSIVE a AS (SELECT n FROM b WHERE n > 1), b(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM b WHERE n < 3)
SELECT n FROM a ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5)
SELECT a.n, b.n FROM t a JOIN t b ON b.n = a.n + 1 ORDER BY a.n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5)
SELECT n FROM t WHERE n > (SELECT avg(n) FROM t) ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3),
    u(n) AS (SELECT 10 UNION ALL SELECT n + 10 FROM u WHERE n < 30)
SELECT t.n, u.n FROM t, u ORDER BY t.n, u.n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT (SELECT max(n) FROM t);
SELECT id FROM tree WHERE id IN (WITH RECURSIVE a(x) AS (SELECT 3 UNION ALL SELECT x + 2 FROM a WHERE x < 9) SELECT x FROM a) ORDER BY id;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t WHERE n < 10 ORDER BY 1 LIMIT 1)) SELECT n FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT DISTINCT n + 1 FROM t WHERE n < 3) SELECT n FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t WHERE n < 3 EXCEPT SELECT 5)) SELECT n FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t INTERSECT SELECT 2)) SELECT n FROM t ORDER BY n;

-- column lists
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b * 2 FROM t WHERE a < 4) SELECT b, a FROM t ORDER BY a;
WITH RECURSIVE t(a) AS (SELECT 1, 2 AS y UNION ALL SELECT a + 1, y FROM t WHERE a < 3) SELECT * FROM t ORDER BY a;
WITH RECURSIVE t(a, b, c) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3) SELECT * FROM t;
WITH RECURSIVE t AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t;

-- types come from the non-recursive term
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n::bigint + 1 FROM t WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1::bigint UNION ALL SELECT n::int + 1 FROM t WHERE n < 3) SELECT n FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1.5::numeric(3,1) UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(s) AS (SELECT 'a'::varchar(3) UNION ALL SELECT s || 'b' FROM t WHERE length(s) < 3) SELECT * FROM t;
WITH RECURSIVE t(s) AS (SELECT 'a'::text UNION ALL SELECT 'b'::varchar FROM t WHERE false) SELECT s FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT 'x' FROM t WHERE n < 3) SELECT * FROM t;
WITH RECURSIVE t(n, s) AS (SELECT 1, 'a' UNION ALL SELECT n + 1, 'b' FROM t WHERE n < 3) SELECT n, s FROM t ORDER BY n;

-- invalid recursion (42P19) and what PostgreSQL has not implemented (0A000)
WITH RECURSIVE t(n) AS (SELECT n FROM t UNION ALL SELECT 1) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 INTERSECT SELECT n + 1 FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM (SELECT 1 AS k) x LEFT JOIN t ON true WHERE t.n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM t FULL JOIN tree ON tree.id = t.n WHERE t.n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM tree WHERE id IN (SELECT n FROM t)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT (SELECT n + 1 FROM t) FROM tree) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT a.n + 1 FROM t a, t b WHERE a.n < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t WHERE n < 3 UNION ALL SELECT n + 2 FROM t WHERE n < 3)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT 5 EXCEPT SELECT n + 1 FROM t)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL (SELECT n + 1 FROM t INTERSECT ALL SELECT 2)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT count(*) FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3 GROUP BY n HAVING count(*) > 0) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT m + 1 FROM (SELECT max(n) AS m FROM t) s WHERE m < 3) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3 ORDER BY 1) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3 LIMIT 2) SELECT * FROM t;
WITH RECURSIVE x(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM y WHERE id < 5),
    y(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM x WHERE id < 5)
SELECT * FROM x;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3), t(m) AS (SELECT 2) SELECT * FROM t;

-- a large recursion (performance sanity) and recursion feeding INSERT and CREATE TABLE AS
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 100000) SELECT count(*), sum(n) FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n + 1 FROM t WHERE n < 100000) SELECT count(*), max(n) FROM t;
WITH RECURSIVE t(a, b) AS (SELECT g, 0 FROM generate_series(1, 2000) g UNION ALL SELECT a, b + 1 FROM t WHERE b < 49)
SELECT count(*), sum(b) FROM t;
CREATE TABLE nums (n int);
INSERT INTO nums WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT n FROM t;
SELECT count(*), sum(n) FROM nums;
CREATE TABLE nums2 AS WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 2 FROM t WHERE n < 9) SELECT n FROM t;
SELECT n FROM nums2 ORDER BY n;

-- an endless recursion is stopped by statement_timeout; the session goes on
SET statement_timeout = '200ms';
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;
RESET statement_timeout;
SELECT 1 AS still_alive;
