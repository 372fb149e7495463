-- Ordered aggregates (agg(x ORDER BY k)), DISTINCT with ORDER BY, FILTER, GROUP BY,
-- HAVING; ordered-set aggregates (percentile_cont, percentile_disc, mode) and their errors.

CREATE TABLE emp (id int PRIMARY KEY, dept text, name text, salary numeric(8, 2), age int,
                  rating double precision, hired date, shift interval);
INSERT INTO emp VALUES
    (1, 'eng', 'ann', 120.50, 34, 4.5, '2020-01-10', '8 hours'),
    (2, 'eng', 'bob', 99.00, 29, 3.0, '2021-03-01', '6 hours'),
    (3, 'eng', 'cid', 99.00, 41, NULL, '2019-07-15', '1 day'),
    (4, 'ops', 'dee', 80.25, NULL, 4.0, '2022-02-02', NULL),
    (5, 'ops', 'eve', NULL, 25, 2.5, NULL, '30 minutes'),
    (6, 'ops', NULL, 75.00, 52, 'NaN', '2018-11-11', '2 days 3 hours'),
    (7, 'hr', 'fay', 60.00, 38, 'Infinity', '2023-05-05', '45 minutes'),
    (8, NULL, 'gus', 90.00, 31, 3.5, '2020-06-30', '1 mon'),
    (9, 'eng', 'hal', 110.00, 29, 4.5, '2017-09-09', '7 hours');

-- string_agg and friends in a given order
SELECT string_agg(name, ',' ORDER BY name) FROM emp;
SELECT string_agg(name, ',' ORDER BY name DESC) FROM emp;
SELECT string_agg(name, ',' ORDER BY age, name) FROM emp;
SELECT string_agg(name, ',' ORDER BY age NULLS FIRST, name DESC) FROM emp;
SELECT string_agg(name, ',' ORDER BY age DESC NULLS LAST, id) FROM emp;
SELECT string_agg(name, ',' ORDER BY salary DESC, id) FROM emp;
SELECT string_agg(name, ',' ORDER BY rating, id) FROM emp;
SELECT string_agg(name, ',' ORDER BY hired) FROM emp;
SELECT string_agg(name, ',' ORDER BY shift DESC, id) FROM emp;
SELECT string_agg(name || ':' || age, '; ' ORDER BY age % 10, id) FROM emp;
SELECT string_agg(name, ',' ORDER BY length(name), name DESC) FROM emp WHERE name IS NOT NULL;
SELECT string_agg(dept, '' ORDER BY id) FROM emp;
SELECT string_agg(name, ',' ORDER BY 1) FROM emp;
SELECT string_agg(DISTINCT dept, ',' ORDER BY dept) FROM emp;
SELECT string_agg(DISTINCT dept, ',' ORDER BY dept DESC NULLS FIRST) FROM emp;
SELECT string_agg(DISTINCT name, '|' ORDER BY name) FILTER (WHERE age > 30) FROM emp;
SELECT string_agg(name, ',' ORDER BY id) FILTER (WHERE dept = 'eng'),
       string_agg(name, ',' ORDER BY id DESC) FILTER (WHERE dept <> 'eng') FROM emp;
SELECT string_agg(name::bytea, ', '::bytea ORDER BY name) FROM emp;

-- order-insensitive aggregates accept ORDER BY too
SELECT count(age ORDER BY name), sum(age ORDER BY id DESC), avg(salary ORDER BY age),
       min(name ORDER BY age), max(hired ORDER BY name), bool_and(age > 20 ORDER BY id) FROM emp;
SELECT sum(rating ORDER BY id), sum(rating ORDER BY id DESC) FROM emp WHERE rating < 5;
SELECT count(DISTINCT age ORDER BY age), sum(DISTINCT age ORDER BY age DESC) FROM emp;

-- grouped, with HAVING and ORDER BY over the aggregate
SELECT dept, string_agg(name, ',' ORDER BY name) FROM emp GROUP BY dept ORDER BY dept;
SELECT dept, string_agg(name, ',' ORDER BY salary DESC NULLS LAST, name), count(*)
  FROM emp GROUP BY dept ORDER BY dept NULLS FIRST;
SELECT dept, string_agg(DISTINCT name, '+' ORDER BY name) FROM emp GROUP BY dept
  HAVING string_agg(name, '' ORDER BY name) LIKE 'a%' OR count(*) > 2 ORDER BY 1;
SELECT dept, string_agg(name, ',' ORDER BY id) AS names FROM emp GROUP BY dept
  ORDER BY string_agg(name, ',' ORDER BY id DESC);
SELECT age / 10 AS decade, string_agg(name, ' ' ORDER BY age, name) FROM emp
  GROUP BY age / 10 ORDER BY decade;
SELECT string_agg(name, ',' ORDER BY name) FROM emp WHERE false;
SELECT dept, string_agg(name, ',' ORDER BY name) FROM emp WHERE false GROUP BY dept;
SELECT (SELECT string_agg(e2.name, ',' ORDER BY e2.id) FROM emp e2 WHERE e2.dept = e.dept)
  FROM emp e WHERE e.id < 4 ORDER BY e.id;

-- ordered-set aggregates
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY salary) FROM emp;
SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY age), percentile_cont(0.75) WITHIN GROUP (ORDER BY age) FROM emp;
SELECT percentile_cont(0.1) WITHIN GROUP (ORDER BY age DESC) FROM emp;
SELECT percentile_cont(0) WITHIN GROUP (ORDER BY age), percentile_cont(1) WITHIN GROUP (ORDER BY age) FROM emp;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY rating) FROM emp;
SELECT percentile_cont(0.3) WITHIN GROUP (ORDER BY shift) FROM emp;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM generate_series(1, 4) x;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x::float4) FROM generate_series(1, 5) x;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY salary), percentile_disc(0.5) WITHIN GROUP (ORDER BY name),
       percentile_disc(0.5) WITHIN GROUP (ORDER BY hired), percentile_disc(0.9) WITHIN GROUP (ORDER BY shift) FROM emp;
SELECT percentile_disc(0) WITHIN GROUP (ORDER BY age), percentile_disc(1) WITHIN GROUP (ORDER BY age),
       percentile_disc(0.01) WITHIN GROUP (ORDER BY age DESC) FROM emp;
SELECT pg_typeof(percentile_disc(0.5) WITHIN GROUP (ORDER BY name::varchar)) FROM emp;
SELECT mode() WITHIN GROUP (ORDER BY age), mode() WITHIN GROUP (ORDER BY salary),
       mode() WITHIN GROUP (ORDER BY rating), mode() WITHIN GROUP (ORDER BY dept) FROM emp;
SELECT mode() WITHIN GROUP (ORDER BY age DESC) FROM emp;
SELECT mode() WITHIN GROUP (ORDER BY x) FROM (VALUES (1.5), (1.50), (2), (1.500)) t(x);
SELECT dept, percentile_cont(0.5) WITHIN GROUP (ORDER BY salary),
       percentile_disc(0.5) WITHIN GROUP (ORDER BY age), mode() WITHIN GROUP (ORDER BY name)
  FROM emp GROUP BY dept ORDER BY dept;
SELECT dept, percentile_cont(0.5) WITHIN GROUP (ORDER BY age) FILTER (WHERE age > 30)
  FROM emp GROUP BY dept ORDER BY dept;
SELECT dept FROM emp GROUP BY dept HAVING percentile_cont(0.5) WITHIN GROUP (ORDER BY age) > 30 ORDER BY 1;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY age), mode() WITHIN GROUP (ORDER BY age) FROM emp WHERE false;
SELECT percentile_cont(NULL) WITHIN GROUP (ORDER BY age) FROM emp;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY age) FROM emp WHERE age IS NULL;
PREPARE pc(float8) AS SELECT percentile_cont($1) WITHIN GROUP (ORDER BY age) FROM emp;
EXECUTE pc(0.4);
EXECUTE pc(0.9);

-- errors
SELECT string_agg(DISTINCT name, ',' ORDER BY age) FROM emp;
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY age) FROM emp;
SELECT percentile_cont(-0.1) WITHIN GROUP (ORDER BY age) FROM emp WHERE false;
SELECT percentile_disc('NaN') WITHIN GROUP (ORDER BY age) FROM emp;
SELECT percentile_cont(0.5) FROM emp;
SELECT mode(age) FROM emp;
SELECT percentile_disc(0.5, age) FROM emp;
SELECT sum(age) WITHIN GROUP (ORDER BY age) FROM emp;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY name) FROM emp;
SELECT percentile_cont('x') WITHIN GROUP (ORDER BY age) FROM emp;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY age) OVER () FROM emp;
SELECT string_agg(name, ',' ORDER BY id) OVER () FROM emp;
SELECT lower(name ORDER BY id) FROM emp;
SELECT lower(name) FILTER (WHERE true) FROM emp;
SELECT count() FROM emp;
SELECT string_agg(name) FROM emp;
SELECT string_agg(age, ',') FROM emp;
SELECT string_agg(name, ',' ORDER BY string_agg(name, ',')) FROM emp;

-- DISTINCT without ORDER BY: PostgreSQL sorts the input on the argument
SELECT array_agg(DISTINCT x), string_agg(DISTINCT x::text, ','), json_agg(DISTINCT x), jsonb_agg(DISTINCT x) FROM (VALUES (3),(1),(NULL),(2),(1)) v(x);
SELECT g, array_agg(DISTINCT x) FROM (VALUES (1, 'b'),(1,'a'),(2,'z'),(1,'b'),(2,'c')) v(g, x) GROUP BY g ORDER BY g;
SELECT array_agg(DISTINCT x) FILTER (WHERE x > 1) FROM (VALUES (3),(1),(2),(3)) v(x);
SELECT count(DISTINCT x), sum(DISTINCT x) FROM (VALUES (3),(1),(2),(3)) v(x);
