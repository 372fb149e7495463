-- WITH (non-recursive): single and multiple CTEs, references between them, shadowing, reuse.

CREATE TABLE sales (id int PRIMARY KEY, region text, amount int, yr int);
INSERT INTO sales VALUES (1, 'n', 100, 2023), (2, 'n', 150, 2024), (3, 's', 80, 2023), (4, 's', 120, 2024),
    (5, 'e', 60, 2024), (6, 'e', NULL, 2023), (7, 'w', 200, 2024);

WITH t AS (SELECT 1 AS x) SELECT x FROM t;
WITH t AS (SELECT region, sum(amount) AS total FROM sales GROUP BY region)
SELECT region, total FROM t ORDER BY region;
WITH t AS (SELECT region, sum(amount) AS total FROM sales GROUP BY region)
SELECT region FROM t WHERE total > (SELECT avg(total) FROM t) ORDER BY region;
WITH a AS (SELECT id, amount FROM sales WHERE yr = 2023),
     b AS (SELECT id, amount FROM sales WHERE yr = 2024)
SELECT a.id, b.id FROM a JOIN b ON a.amount < b.amount ORDER BY a.id, b.id;
WITH a AS (SELECT region, amount FROM sales WHERE amount IS NOT NULL),
     b AS (SELECT region, max(amount) AS m FROM a GROUP BY region),
     c AS (SELECT count(*) AS n FROM b WHERE m > 100)
SELECT n FROM c;
WITH t(r, s) AS (SELECT region, sum(amount) FROM sales GROUP BY region) SELECT r, s FROM t ORDER BY s DESC NULLS LAST, r;
WITH t AS (SELECT * FROM sales) SELECT count(*) FROM t AS t1 JOIN t AS t2 ON t1.region = t2.region;
WITH t AS (SELECT id FROM sales WHERE amount > 100) SELECT id FROM sales WHERE id IN (SELECT id FROM t) ORDER BY id;
WITH t AS (SELECT 1 AS v UNION ALL SELECT 2) SELECT sum(v) FROM t;
WITH empty AS (SELECT id FROM sales WHERE false) SELECT count(*) FROM empty;
WITH unused AS (SELECT 1 / 0) SELECT 'fine';
WITH t AS (SELECT id, amount FROM sales) SELECT id FROM t ORDER BY amount DESC NULLS LAST, id LIMIT 3;

-- A CTE shadows a table of the same name.
WITH sales AS (SELECT 42 AS id) SELECT id FROM sales;
SELECT count(*) FROM sales;

-- CTE inside a subquery and a derived table.
SELECT (WITH m AS (SELECT max(amount) AS v FROM sales) SELECT v FROM m);
SELECT * FROM (WITH x AS (SELECT region FROM sales WHERE yr = 2024) SELECT DISTINCT region FROM x) d ORDER BY region;

-- WITH feeding an INSERT ... SELECT.
CREATE TABLE summary (region text, total int);
INSERT INTO summary WITH t AS (SELECT region, sum(amount) AS total FROM sales GROUP BY region) SELECT region, total FROM t;
SELECT * FROM summary ORDER BY region;

-- Errors: duplicate names, unknown CTE columns, too many column aliases, forward references.
WITH t AS (SELECT 1), t AS (SELECT 2) SELECT * FROM t;
WITH t AS (SELECT 1 AS x) SELECT y FROM t;
WITH t(a, b) AS (SELECT 1) SELECT * FROM t;
WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a;
