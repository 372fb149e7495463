-- GROUPING SETS, ROLLUP, CUBE, () and GROUPING(), compared with PostgreSQL 15.
CREATE TABLE sales (
    id int PRIMARY KEY,
    region text,
    city text,
    qty int,
    price numeric(10, 2),
    sold date,
    paid bool
);
INSERT INTO sales VALUES
    (1, 'east', 'boston', 3, 10.50, '2024-01-05', true),
    (2, 'east', 'boston', 1, 99.99, '2024-01-07', false),
    (3, 'east', 'nyc', 7, 5.25, '2024-02-01', true),
    (4, 'west', 'la', 2, 20.00, '2024-01-05', true),
    (5, 'west', 'sf', 5, 12.75, '2024-03-11', NULL),
    (6, 'west', NULL, 4, 8.00, '2024-03-11', false),
    (7, NULL, 'nowhere', 6, 1.10, '2024-02-01', true),
    (8, NULL, NULL, 9, 3.30, NULL, NULL),
    (9, 'north', 'oslo', NULL, NULL, '2024-02-14', true),
    (10, 'east', 'nyc', 8, 7.75, '2024-01-07', false);

-- ROLLUP, CUBE and GROUPING SETS with the grouping bit mask
SELECT region, city, count(*), sum(qty), GROUPING(region, city) AS g
FROM sales GROUP BY ROLLUP (region, city)
ORDER BY g, region NULLS FIRST, city NULLS FIRST;
SELECT region, paid, count(*), sum(price), GROUPING(region, paid)
FROM sales GROUP BY CUBE (region, paid)
ORDER BY 5, 1 NULLS LAST, 2 NULLS LAST;
SELECT region, city, count(*) FROM sales
GROUP BY GROUPING SETS ((region, city), (region), ());
SELECT city, paid, max(qty), GROUPING(city), GROUPING(paid), GROUPING(paid, city)
FROM sales GROUP BY GROUPING SETS (city, paid);
SELECT count(*), sum(qty) FROM sales GROUP BY ();
SELECT count(*) FROM sales GROUP BY GROUPING SETS (());
SELECT 1 AS one FROM sales GROUP BY ();

-- mixtures with plain columns: the cross product
SELECT region, city, paid, count(*), GROUPING(region, city, paid)
FROM sales GROUP BY region, ROLLUP (city, paid);
SELECT region, city, paid, count(*) FROM sales GROUP BY CUBE (region), ROLLUP (city, paid);
SELECT region, city, count(*) FROM sales GROUP BY ROLLUP (region), ROLLUP (city);
SELECT region, city, count(*) FROM sales GROUP BY region, GROUPING SETS ((city), ());
SELECT region, count(*) FROM sales GROUP BY region, ();

-- nested sets and implicit rows
SELECT region, city, paid, sold, count(*) FROM sales
GROUP BY GROUPING SETS (region, ROLLUP (city), CUBE (paid, sold));
SELECT region, city, count(*) FROM sales GROUP BY GROUPING SETS ((region, city), GROUPING SETS ((region), ()));
SELECT region, city, paid, count(*), GROUPING(region, city, paid)
FROM sales GROUP BY ROLLUP ((region, city), paid);
SELECT region, city, count(*) FROM sales GROUP BY (region, city);
SELECT region, city, paid, count(*) FROM sales GROUP BY CUBE ((region, city), paid);

-- duplicates are kept; GROUP BY DISTINCT drops them
SELECT region, count(*) FROM sales GROUP BY GROUPING SETS ((region), (region));
SELECT region, count(*) FROM sales GROUP BY GROUPING SETS ((), (), region);
SELECT region, city, count(*) FROM sales GROUP BY region, ROLLUP (region, city);
SELECT region, city, count(*) FROM sales GROUP BY DISTINCT region, ROLLUP (region, city);
SELECT region, city, count(*) FROM sales GROUP BY DISTINCT ROLLUP (region, city), ROLLUP (region);
SELECT region, city, count(*) FROM sales GROUP BY ALL ROLLUP (region, city), ROLLUP (region);
SELECT region, count(*) FROM sales GROUP BY DISTINCT GROUPING SETS ((region), (region));

-- NULLs in the data versus NULLs of columns a set does not group by
SELECT region, GROUPING(region) AS absent, count(*) FROM sales GROUP BY ROLLUP (region)
ORDER BY absent, region NULLS FIRST;
SELECT region, GROUPING(region) AS absent, count(*) FROM sales GROUP BY ROLLUP (region)
ORDER BY region NULLS FIRST, absent DESC;
SELECT CASE WHEN GROUPING(region) = 1 THEN 'all regions' ELSE coalesce(region, '(none)') END AS r,
       count(*)
FROM sales GROUP BY ROLLUP (region) ORDER BY r;
SELECT region IS NULL AS rnull, GROUPING(region), count(*) FROM sales GROUP BY CUBE (region);

-- aggregates: DISTINCT, FILTER, ORDER BY inside, count(*), avg, min/max, bool_and, string_agg
SELECT region, count(DISTINCT city), count(city), count(*) FILTER (WHERE paid),
       sum(qty) FILTER (WHERE qty > 2), avg(qty), min(sold), max(price), bool_and(paid)
FROM sales GROUP BY ROLLUP (region);
SELECT region, string_agg(city, ',' ORDER BY city DESC), array_agg(id ORDER BY id)
FROM sales GROUP BY CUBE (region);
SELECT paid, string_agg(DISTINCT region, '|' ORDER BY region), sum(DISTINCT qty)
FROM sales GROUP BY GROUPING SETS ((paid), ());
SELECT region, percentile_disc(0.5) WITHIN GROUP (ORDER BY qty), mode() WITHIN GROUP (ORDER BY paid)
FROM sales GROUP BY ROLLUP (region);
SELECT region, city, sum(qty * price), avg(price)
FROM sales GROUP BY CUBE (region, city);

-- HAVING, ORDER BY, LIMIT
SELECT region, city, count(*) FROM sales GROUP BY ROLLUP (region, city)
HAVING GROUPING(region, city) > 0;
SELECT region, city, count(*) FROM sales GROUP BY ROLLUP (region, city)
HAVING count(*) > 1 AND GROUPING(city) = 0;
SELECT region, city, sum(qty) FROM sales GROUP BY ROLLUP (region, city)
HAVING sum(qty) > 5 OR GROUPING(region) = 1;
SELECT region, city, sum(qty) AS s FROM sales GROUP BY ROLLUP (region, city)
ORDER BY GROUPING(region, city) DESC, s DESC NULLS LAST, region NULLS FIRST, city NULLS FIRST;
SELECT region, city, count(*) FROM sales GROUP BY CUBE (region, city)
ORDER BY region NULLS FIRST, city NULLS FIRST, GROUPING(region, city) LIMIT 5;
SELECT region, city, count(*) FROM sales GROUP BY CUBE (region, city)
ORDER BY region DESC NULLS LAST, city DESC NULLS LAST, GROUPING(region, city) LIMIT 4 OFFSET 3;
SELECT region FROM sales GROUP BY ROLLUP (region) ORDER BY GROUPING(region), region;

-- window functions over the grouped result
SELECT region, city, sum(qty) AS s,
       rank() OVER (PARTITION BY GROUPING(region, city) ORDER BY sum(qty) DESC NULLS LAST, region, city) AS rk
FROM sales GROUP BY ROLLUP (region, city);
SELECT region, count(*), sum(count(*)) OVER (PARTITION BY GROUPING(region)) AS total
FROM sales GROUP BY ROLLUP (region);
SELECT region, GROUPING(region) AS g, row_number() OVER (ORDER BY GROUPING(region), region NULLS FIRST)
FROM sales GROUP BY CUBE (region);

-- expressions over grouping columns
SELECT qty % 3, count(*) FROM sales GROUP BY ROLLUP (qty % 3);
SELECT qty % 3 + 1 AS m, GROUPING(qty % 3), count(*) FROM sales GROUP BY ROLLUP (qty % 3);
SELECT upper(region), length(city), count(*) FROM sales GROUP BY CUBE (upper(region), length(city));
SELECT region || '/' || city AS rc, count(*) FROM sales GROUP BY ROLLUP (region, city);
SELECT extract(month FROM sold) AS mon, sum(price) FROM sales GROUP BY ROLLUP (extract(month FROM sold));
SELECT region, coalesce(city, 'ALL') AS c, count(*) FROM sales GROUP BY region, ROLLUP (city);

-- positions and output names inside grouping sets
SELECT region, city, count(*) FROM sales GROUP BY ROLLUP (1, 2);
SELECT region AS r, paid AS p, count(*) FROM sales GROUP BY CUBE (r, p);
SELECT region AS r, count(*) FROM sales GROUP BY GROUPING SETS ((r), ());

-- literal keys: NULL in the sets that leave them out (also for the statement cache)
SELECT 'x'::text AS k, count(*) FROM sales GROUP BY ROLLUP (1);
SELECT 'x'::text AS k, count(*) FROM sales GROUP BY ROLLUP (1);
SELECT 'y'::text AS k, count(*) FROM sales GROUP BY ROLLUP ('y'::text);
SELECT 'a' || 'b' AS k, 10 - 3 AS n, count(*) FROM sales GROUP BY CUBE ('a' || 'b', 10 - 3);
SELECT 'a' || 'b' AS k, 10 - 3 AS n, count(*) FROM sales GROUP BY CUBE ('a' || 'b', 10 - 3);
SELECT qty + 1 AS q, count(*) FROM sales GROUP BY ROLLUP (qty + 1) HAVING qty + 1 > 5;

-- key types: int, text, numeric, date, bool
SELECT qty, price, count(*) FROM sales GROUP BY ROLLUP (qty, price);
SELECT sold, paid, count(*), GROUPING(sold, paid) FROM sales GROUP BY CUBE (sold, paid);
SELECT price, sold, sum(qty) FROM sales GROUP BY GROUPING SETS (price, sold, ());

-- an empty input: only the () set yields a row
SELECT region, count(*), sum(qty) FROM sales WHERE false GROUP BY ROLLUP (region);
SELECT region, city, count(*) FROM sales WHERE false GROUP BY CUBE (region, city);
SELECT region, count(*) FROM sales WHERE false GROUP BY GROUPING SETS ((region), ());
SELECT count(*) FROM sales WHERE false GROUP BY GROUPING SETS ((), ());
SELECT region, count(*) FROM sales WHERE false GROUP BY GROUPING SETS ((region));
SELECT count(*), GROUPING(region) FROM sales WHERE id < 0 GROUP BY ROLLUP (region) HAVING count(*) = 0;

-- primary key dependency: only through a key of every set
SELECT id, region, count(*) FROM sales GROUP BY id, ROLLUP (city) ORDER BY id, city NULLS LAST, 3;
SELECT id, region FROM sales GROUP BY ROLLUP (id);

-- in subqueries, CTEs, DISTINCT, and with correlated subqueries over the keys
SELECT * FROM (SELECT region, count(*) AS n FROM sales GROUP BY ROLLUP (region)) s WHERE n > 1;
WITH r AS (SELECT region, city, sum(qty) AS s, GROUPING(region, city) AS g
           FROM sales GROUP BY ROLLUP (region, city))
SELECT g, count(*), sum(s) FROM r GROUP BY g ORDER BY g;
SELECT DISTINCT GROUPING(region, city), count(*) > 1 FROM sales GROUP BY ROLLUP (region, city);
SELECT region, (SELECT count(*) FROM sales s2 WHERE s2.region = s.region) AS same
FROM sales s GROUP BY ROLLUP (region);
SELECT region, count(*) FROM sales
WHERE region IN (SELECT region FROM sales GROUP BY ROLLUP (region) HAVING count(*) > 2)
GROUP BY ROLLUP (region);
SELECT count(*) FROM (SELECT region, city FROM sales GROUP BY CUBE (region, city)) c;

-- several chunks: 10,000 rows
CREATE TABLE big (k int, a int, b int, v int);
INSERT INTO big SELECT i, i % 7, i % 13, i FROM generate_series(1, 10000) AS i;
SELECT a, b, count(*), sum(v), GROUPING(a, b) FROM big GROUP BY ROLLUP (a, b);
SELECT a, count(DISTINCT b), sum(v) FILTER (WHERE v % 2 = 0) FROM big GROUP BY CUBE (a);
SELECT k % 3000 AS m, count(*) FROM big GROUP BY GROUPING SETS ((k % 3000), ()) HAVING count(*) > 3;
SELECT g, count(*) FROM (SELECT GROUPING(a, b, v) AS g FROM big GROUP BY CUBE (a, b, v)) x GROUP BY g;
SELECT a, b, count(*), sum(v), min(k) FROM big GROUP BY CUBE (a, b, k % 5000) HAVING GROUPING(k % 5000) = 1;
SELECT g, count(*), sum(s), max(n)
FROM (SELECT GROUPING(a, b, k % 5000) AS g, sum(v) AS s, count(*) AS n
      FROM big GROUP BY CUBE (a, b, k % 5000)) x
GROUP BY g;
SELECT k % 4000 AS m, a, count(*), sum(v) FROM big GROUP BY ROLLUP (k % 4000, a) HAVING k % 4000 < 3 OR GROUPING(k % 4000) = 1;

-- prepared statements
PREPARE q1(int) AS SELECT region, sum(qty), GROUPING(region) FROM sales WHERE qty > $1 GROUP BY ROLLUP (region) ORDER BY 3, 1;
EXECUTE q1(2);
EXECUTE q1(100);
DEALLOCATE q1;

-- errors
SELECT region, city FROM sales GROUP BY ROLLUP (region);
SELECT GROUPING(city) FROM sales GROUP BY ROLLUP (region);
SELECT GROUPING(region) FROM sales;
SELECT region FROM sales WHERE GROUPING(region) = 0 GROUP BY ROLLUP (region);
SELECT sum(GROUPING(region)) FROM sales GROUP BY ROLLUP (region);
SELECT count(*) FILTER (WHERE GROUPING(region) = 0) FROM sales GROUP BY ROLLUP (region);
SELECT sum(count(*)) FILTER (WHERE GROUPING(region) = 0) OVER () FROM sales GROUP BY ROLLUP (region);
SELECT region FROM sales GROUP BY GROUPING(region);
SELECT count(*) FROM sales GROUP BY ROLLUP (region) LIMIT GROUPING(region);
SELECT 1 FROM sales a JOIN sales b ON GROUPING(a.id) = 0 GROUP BY a.id;
SELECT GROUPING(region) FROM sales GROUP BY ROLLUP (region) HAVING GROUPING(city) = 0;
SELECT region FROM sales GROUP BY ROLLUP (region) ORDER BY GROUPING(qty);
SELECT count(*) FROM sales GROUP BY ROLLUP (count(*));
SELECT count(*) FROM sales GROUP BY ROLLUP (7);
SELECT count(*) FROM sales GROUP BY CUBE (id, region, city, qty, price, sold, paid, id, region, city, qty, price, sold);
SELECT count(*) FROM sales GROUP BY CUBE (id, region, city, qty, price, sold, paid, id, region, city, qty), CUBE (id, region);
SELECT GROUPING(id, id, id, id, id, id, id, id, id, id, id, id, id, id, id, id,
                id, id, id, id, id, id, id, id, id, id, id, id, id, id, id, id)
FROM sales GROUP BY id;
SELECT region, nosuch FROM sales GROUP BY ROLLUP (region, nosuch);
