-- Window functions: ranking, value and aggregate functions over partitions and
-- frames (ROWS, RANGE, GROUPS, EXCLUDE), named windows, windows over GROUP BY,
-- DISTINCT/ORDER BY/LIMIT after windows, and the errors PostgreSQL gives.

CREATE TABLE emp (id int PRIMARY KEY, dept text, name text, salary int, bonus numeric(8, 2),
                  hired date, rate double precision);
INSERT INTO emp VALUES
    (1, 'sales', 'ann', 5000, 100.50, '2020-01-10', 1.5),
    (2, 'sales', 'bob', 4000, NULL, '2020-03-01', 2.0),
    (3, 'sales', 'cid', 4000, 50.00, '2021-06-15', NULL),
    (4, 'dev', 'dee', 7000, 300.00, '2019-11-30', 0.5),
    (5, 'dev', 'eve', 6500, 200.00, '2020-02-29', 1.25),
    (6, 'dev', 'fay', 7000, NULL, '2022-01-01', 3.0),
    (7, 'dev', 'gus', NULL, 10.00, '2022-07-04', 1.0),
    (8, NULL, 'hal', 3000, 0.00, '2018-05-05', NULL),
    (9, NULL, 'ida', 3500, 5.25, NULL, 2.5),
    (10, 'ops', 'jon', 4500, 20.00, '2021-01-01', 4.0);
CREATE TABLE empty (a int, b text);

-- ranking
SELECT id, row_number() OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT name, dept, salary, row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) FROM emp ORDER BY dept, salary DESC, id;
SELECT name, salary, rank() OVER (ORDER BY salary), dense_rank() OVER (ORDER BY salary) FROM emp ORDER BY salary, name;
SELECT name, dept, salary, rank() OVER w, dense_rank() OVER w, percent_rank() OVER w, cume_dist() OVER w FROM emp WINDOW w AS (PARTITION BY dept ORDER BY salary) ORDER BY dept, salary, name;
SELECT name, salary, percent_rank() OVER (ORDER BY salary DESC NULLS LAST), cume_dist() OVER (ORDER BY salary DESC NULLS LAST) FROM emp ORDER BY 3, 4, name;
SELECT rank() OVER (), dense_rank() OVER (), percent_rank() OVER (), cume_dist() OVER (), count(*) OVER () FROM emp;
SELECT id, ntile(3) OVER (ORDER BY id), ntile(4) OVER (ORDER BY id), ntile(20) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, dept, ntile(2) OVER (PARTITION BY dept ORDER BY id) FROM emp ORDER BY id;
SELECT id, ntile(NULL::int) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT pg_typeof(row_number() OVER ()), pg_typeof(rank() OVER ()), pg_typeof(dense_rank() OVER ()), pg_typeof(percent_rank() OVER ()), pg_typeof(cume_dist() OVER ()), pg_typeof(ntile(2) OVER ()) FROM emp LIMIT 1;

-- lag / lead
SELECT id, salary, lag(salary) OVER (ORDER BY id), lead(salary) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, lag(name, 2) OVER (ORDER BY id), lead(name, 3, 'none') OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, dept, lag(id, 1, -1) OVER (PARTITION BY dept ORDER BY id), lead(id, 1, -1) OVER (PARTITION BY dept ORDER BY id) FROM emp ORDER BY id;
SELECT id, lag(id, 0) OVER (ORDER BY id), lag(id, -1) OVER (ORDER BY id), lead(id, -2) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, lag(id, NULL) OVER (ORDER BY id), lead(salary, 1, 0.5) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, lag(id, 100, 0) OVER (ORDER BY id), lead(bonus, 1, 1) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, lag(id, id % 3) OVER (ORDER BY id) FROM emp ORDER BY id;

-- first_value / last_value / nth_value (default frame: up to the last peer)
SELECT id, salary, first_value(name) OVER (ORDER BY salary), last_value(name) OVER (ORDER BY salary, id) FROM emp ORDER BY salary, id;
SELECT id, dept, last_value(salary) OVER (PARTITION BY dept ORDER BY salary), max(id) OVER (PARTITION BY dept ORDER BY salary) FROM emp ORDER BY id;
SELECT id, first_value(id) OVER w, last_value(id) OVER w, nth_value(id, 2) OVER w, nth_value(id, 20) OVER w FROM emp WINDOW w AS (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY id;
SELECT id, nth_value(name, 3) OVER (ORDER BY id), nth_value(name, NULL) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, first_value(bonus) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING), last_value(bonus) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING) FROM emp ORDER BY id;

-- aggregates as window functions
SELECT id, dept, salary, sum(salary) OVER (PARTITION BY dept), avg(salary) OVER (PARTITION BY dept), count(salary) OVER (PARTITION BY dept), count(*) OVER (PARTITION BY dept) FROM emp ORDER BY id;
SELECT id, salary, sum(salary) OVER (ORDER BY salary), count(*) OVER (ORDER BY salary), max(name) OVER (ORDER BY salary) FROM emp ORDER BY salary, id;
SELECT id, sum(bonus) OVER (ORDER BY id), avg(bonus) OVER (ORDER BY id), min(bonus) OVER (ORDER BY id), max(bonus) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, sum(rate) OVER (ORDER BY id), avg(rate) OVER (PARTITION BY dept), sum(id::bigint) OVER (ORDER BY id DESC) FROM emp ORDER BY id;
SELECT id, string_agg(name, ',') OVER (ORDER BY id), bool_and(salary > 4000) OVER (ORDER BY id), bool_or(salary > 6000) OVER (ORDER BY id), every(salary < 8000) OVER (PARTITION BY dept) FROM emp ORDER BY id;
SELECT id, count(*) FILTER (WHERE salary > 4000) OVER (ORDER BY id), sum(salary) FILTER (WHERE dept = 'dev') OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, min(hired) OVER (ORDER BY id), max(hired) OVER (PARTITION BY dept) FROM emp ORDER BY id;
SELECT pg_typeof(sum(salary) OVER ()), pg_typeof(avg(salary) OVER ()), pg_typeof(count(*) OVER ()), pg_typeof(sum(rate) OVER ()), pg_typeof(max(name) OVER ()) FROM emp LIMIT 1;

-- ROWS frames
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM emp ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS 2 PRECEDING), count(*) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) FROM emp ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), string_agg(name, '') OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 4 FOLLOWING) FROM emp ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING), count(*) OVER (ORDER BY id ROWS BETWEEN 5 FOLLOWING AND 3 FOLLOWING) FROM emp ORDER BY id;
SELECT id, dept, sum(salary) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM emp ORDER BY id;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 9223372036854775807 PRECEDING AND 9223372036854775807 FOLLOWING) FROM emp ORDER BY id;

-- RANGE frames: default peers, offsets over int, numeric, float, date
SELECT id, salary, sum(id) OVER (ORDER BY salary RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), sum(id) OVER (ORDER BY salary RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM emp ORDER BY salary, id;
SELECT id, salary, sum(id) OVER (ORDER BY salary RANGE BETWEEN 500 PRECEDING AND 500 FOLLOWING), count(*) OVER (ORDER BY salary DESC RANGE BETWEEN 1000 PRECEDING AND CURRENT ROW) FROM emp ORDER BY salary, id;
SELECT id, salary, count(*) OVER (ORDER BY salary NULLS FIRST RANGE BETWEEN 1000 PRECEDING AND 1 FOLLOWING), count(*) OVER (ORDER BY salary RANGE BETWEEN 1 FOLLOWING AND 3000 FOLLOWING) FROM emp ORDER BY salary, id;
SELECT id, bonus, sum(bonus) OVER (ORDER BY bonus RANGE BETWEEN 50.5 PRECEDING AND 10 FOLLOWING) FROM emp ORDER BY bonus, id;
SELECT id, rate, count(*) OVER (ORDER BY rate RANGE BETWEEN 0.5 PRECEDING AND 0.5 FOLLOWING) FROM emp ORDER BY rate, id;
SELECT id, hired, count(*) OVER (ORDER BY hired RANGE BETWEEN '1 year' PRECEDING AND CURRENT ROW), min(id) OVER (ORDER BY hired DESC RANGE BETWEEN '6 months' PRECEDING AND '6 months' FOLLOWING) FROM emp ORDER BY hired, id;
SELECT id, hired::timestamp, count(*) OVER (ORDER BY hired::timestamp RANGE BETWEEN '400 days' PRECEDING AND '1 day' PRECEDING) FROM emp ORDER BY 2, id;

-- GROUPS frames and EXCLUDE
SELECT id, salary, sum(id) OVER (ORDER BY salary GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING), count(*) OVER (ORDER BY salary GROUPS BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM emp ORDER BY salary, id;
SELECT id, salary, sum(id) OVER (ORDER BY salary GROUPS BETWEEN 2 PRECEDING AND 1 PRECEDING), sum(id) OVER (ORDER BY salary GROUPS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) FROM emp ORDER BY salary, id;
SELECT id, salary, sum(id) OVER (ORDER BY salary ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW), sum(id) OVER (ORDER BY salary RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP) FROM emp ORDER BY salary, id;
SELECT id, salary, sum(id) OVER (ORDER BY salary RANGE BETWEEN 1000 PRECEDING AND 1000 FOLLOWING EXCLUDE TIES), count(*) OVER (ORDER BY salary GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES), sum(id) OVER (ORDER BY salary GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE GROUP) FROM emp ORDER BY salary, id;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE TIES), first_value(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING EXCLUDE CURRENT ROW), string_agg(name, ',') OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW), nth_value(id, 2) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP) FROM emp ORDER BY id;
SELECT id, dept, count(*) OVER (ORDER BY dept ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES), sum(id) OVER (ORDER BY dept RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE GROUP), last_value(id) OVER (ORDER BY id GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM emp ORDER BY id;

-- named windows, several windows, windows in ORDER BY, DISTINCT, LIMIT
SELECT id, sum(salary) OVER w1, sum(salary) OVER w2, row_number() OVER (w1 ORDER BY id DESC) FROM emp WINDOW w1 AS (PARTITION BY dept), w2 AS (w1 ORDER BY id) ORDER BY id;
SELECT id, count(*) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), count(*) OVER w FROM emp WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT id, row_number() OVER (ORDER BY id), row_number() OVER (ORDER BY id DESC), rank() OVER (PARTITION BY dept ORDER BY salary) FROM emp ORDER BY row_number() OVER (ORDER BY salary DESC NULLS LAST, id);
SELECT name FROM emp ORDER BY rank() OVER (PARTITION BY dept ORDER BY salary DESC), name LIMIT 4;
SELECT DISTINCT dept, count(*) OVER (PARTITION BY dept) FROM emp ORDER BY dept;
SELECT DISTINCT rank() OVER (ORDER BY salary) FROM emp ORDER BY 1;
SELECT id, row_number() OVER (ORDER BY salary DESC, id) AS rn FROM emp ORDER BY rn LIMIT 3 OFFSET 2;
SELECT * FROM (SELECT id, dept, rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS r FROM emp) s WHERE r = 1 ORDER BY id;
SELECT id, sum(salary) OVER (PARTITION BY dept ORDER BY id) - salary, coalesce(lag(name) OVER (ORDER BY id), '-') || '>' || name FROM emp ORDER BY id;
SELECT dept, id, row_number() OVER (PARTITION BY dept, salary > 4000 ORDER BY id) FROM emp ORDER BY id;
SELECT id, (SELECT count(*) FROM emp e2 WHERE e2.dept = emp.dept), row_number() OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT x, sum(x) OVER (ORDER BY x), lag(x) OVER (ORDER BY x) FROM generate_series(1, 5) AS g(x) ORDER BY x;
WITH c AS (SELECT id, salary FROM emp WHERE id < 6) SELECT id, avg(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM c ORDER BY id;

-- windows over GROUP BY / aggregates
SELECT dept, sum(salary), rank() OVER (ORDER BY sum(salary) DESC NULLS LAST) FROM emp GROUP BY dept ORDER BY dept;
SELECT dept, count(*), sum(count(*)) OVER (), sum(sum(salary)) OVER (ORDER BY dept) FROM emp GROUP BY dept ORDER BY dept;
SELECT dept, max(salary), lag(max(salary)) OVER (ORDER BY dept NULLS FIRST) FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY dept;
SELECT count(*), row_number() OVER () FROM emp;

-- windows in subqueries (correlated ones are rescanned), CASE, set operations, big offsets
SELECT id, (SELECT count(*) OVER () FROM emp e2 WHERE e2.dept = emp.dept ORDER BY e2.id LIMIT 1), (SELECT rank() OVER (ORDER BY e2.salary DESC) FROM emp e2 WHERE e2.dept = emp.dept ORDER BY 1 DESC LIMIT 1) FROM emp ORDER BY id;
SELECT id, (SELECT sum(e2.salary) OVER (PARTITION BY emp.dept) FROM emp e2 WHERE e2.id = emp.id) FROM emp ORDER BY id;
SELECT id, CASE WHEN row_number() OVER (ORDER BY id) % 2 = 0 THEN 'even' ELSE lag(name) OVER (ORDER BY id) END FROM emp ORDER BY id;
SELECT row_number() OVER (ORDER BY id), name FROM emp WHERE id < 3 UNION ALL SELECT 0, 'x' ORDER BY 1, 2;
SELECT id, sum(id) OVER (ORDER BY salary GROUPS BETWEEN 9223372036854775807 PRECEDING AND 9223372036854775807 FOLLOWING), count(*) OVER (ORDER BY salary GROUPS BETWEEN 9223372036854775807 FOLLOWING AND UNBOUNDED FOLLOWING) FROM emp ORDER BY id;
SELECT id, count(*) OVER (ORDER BY salary RANGE BETWEEN 9223372036854775807 PRECEDING AND 9223372036854775807 FOLLOWING), count(*) OVER (ORDER BY id::bigint RANGE BETWEEN 9223372036854775807 PRECEDING AND CURRENT ROW) FROM emp ORDER BY id;
SELECT id, lag(id, 2147483647) OVER (ORDER BY id), lead(id, -2147483647, -1) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, salary, sum(id) OVER (ORDER BY salary DESC NULLS FIRST RANGE BETWEEN 500 PRECEDING AND 500 FOLLOWING), sum(id) OVER (ORDER BY salary DESC NULLS LAST RANGE BETWEEN 0 PRECEDING AND 2000 FOLLOWING) FROM emp ORDER BY salary, id;
SELECT x, count(*) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), sum(x) OVER (ORDER BY x RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM (VALUES (1.0), (1.5), (2.25), (NULL), ('NaN'::numeric), ('NaN'), (-3)) v(x) ORDER BY x, 2;
SELECT x, count(*) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM (VALUES (1.0::float8), (2), ('Infinity'), ('-Infinity'), (NULL), ('NaN')) v(x) ORDER BY x;
SELECT x, first_value(x) OVER (ORDER BY x RANGE BETWEEN '1 hour' PRECEDING AND '30 minutes' FOLLOWING) FROM (VALUES ('2024-01-01 10:00'::timestamptz), ('2024-01-01 10:45'), ('2024-01-01 11:30'), ('2024-01-01 09:00')) v(x) ORDER BY x;
SELECT x, sum(x) OVER (ORDER BY x RANGE BETWEEN '1 day' PRECEDING AND '2 hours' FOLLOWING), count(*) OVER (ORDER BY x DESC RANGE BETWEEN CURRENT ROW AND '25 hours' FOLLOWING) FROM (VALUES ('1 day'::interval), ('2 hours'), ('26 hours'), ('1 mon'), (NULL), ('-3 hours')) v(x) ORDER BY x;
SELECT g, count(*) OVER (ORDER BY g::smallint RANGE BETWEEN 1::smallint PRECEDING AND 2::int FOLLOWING) FROM generate_series(1, 6) g ORDER BY g;
PREPARE wp(int) AS SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN $1 PRECEDING AND CURRENT ROW) FROM emp ORDER BY id;
EXECUTE wp(1);
EXECUTE wp(3);
SELECT id, row_number() OVER (), sum(salary) OVER (ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM (SELECT * FROM emp ORDER BY id) s ORDER BY id;

-- inputs of several 2048-row chunks: frames, offsets and strings across chunk boundaries
SELECT count(*), sum(rn), sum(s), sum(l), sum(f), sum(c), sum(dr) FROM (SELECT row_number() OVER w AS rn, sum(x) OVER (ORDER BY x ROWS BETWEEN 3000 PRECEDING AND 10 FOLLOWING) AS s, coalesce(lag(x, 2100) OVER w, 0) AS l, first_value(x) OVER (PARTITION BY x % 3 ORDER BY x ROWS BETWEEN 1000 PRECEDING AND CURRENT ROW) AS f, count(*) OVER (ORDER BY x / 7 RANGE BETWEEN 300 PRECEDING AND 250 FOLLOWING) AS c, dense_rank() OVER (ORDER BY x / 10) AS dr FROM generate_series(1, 5000) x WINDOW w AS (ORDER BY x)) s;
SELECT sum(length(sa)), max(sa), min(lv), max(nv), sum(g2) FROM (SELECT string_agg('value-number-' || g, ';') OVER (ORDER BY g ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS sa, last_value('long-string-value-' || g) OVER (ORDER BY g) AS lv, nth_value('another-long-string-' || g, 2047) OVER (ORDER BY g) AS nv, count(*) OVER (ORDER BY g / 100 GROUPS BETWEEN 3 PRECEDING AND 2 FOLLOWING EXCLUDE GROUP) AS g2 FROM generate_series(1, 4500) g) s;
SELECT count(*), sum(c), sum(substr(mx, 2)::int), sum(substr(mn, 2)::int), min(mn), sum(sn), sum(av), sum(bo::int) FROM (SELECT count(*) FILTER (WHERE g % 3 = 0) OVER w AS c, max('v' || (g * 7919 % 5000)) OVER w AS mx, min('w' || g) OVER (ORDER BY g DESC ROWS BETWEEN 2 FOLLOWING AND UNBOUNDED FOLLOWING) AS mn, sum(g::numeric / 7) OVER (PARTITION BY g % 4 ORDER BY g RANGE BETWEEN 10 PRECEDING AND UNBOUNDED FOLLOWING) AS sn, avg(g) OVER (ORDER BY g / 50 GROUPS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS av, bool_or(g % 1000 = 0) OVER w AS bo FROM generate_series(1, 5000) g WINDOW w AS (ORDER BY g ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)) s;
SELECT g, row_number() OVER (ORDER BY g DESC), ntile(7) OVER (ORDER BY g), percent_rank() OVER (ORDER BY g / 1000), sum(g) OVER (ORDER BY g RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM generate_series(1, 4200) g ORDER BY g OFFSET 2040 LIMIT 12;

-- the same shape with other literals (the plan cache may turn them into parameters)
CREATE TABLE t (a int, b text, d date);
INSERT INTO t SELECT g, 's' || g, date '2024-01-01' + g FROM generate_series(1, 20) g;
SELECT a, sum(a) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), ntile(1) OVER (ORDER BY a), lag(b, 1, 'x1') OVER (ORDER BY a), count(*) OVER (ORDER BY d RANGE BETWEEN '1 days' PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY a RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), nth_value(a, 1) OVER (ORDER BY a GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t ORDER BY a;
SELECT a, sum(a) OVER (ORDER BY a ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING), ntile(2) OVER (ORDER BY a), lag(b, 2, 'x2') OVER (ORDER BY a), count(*) OVER (ORDER BY d RANGE BETWEEN '2 days' PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY a RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING), nth_value(a, 2) OVER (ORDER BY a GROUPS BETWEEN 2 PRECEDING AND 2 FOLLOWING) FROM t ORDER BY a;
SELECT a, sum(a) OVER (ORDER BY a ROWS BETWEEN 3 PRECEDING AND 0 FOLLOWING), ntile(3) OVER (ORDER BY a), lag(b, 3, 'x3') OVER (ORDER BY a), count(*) OVER (ORDER BY d RANGE BETWEEN '3 days' PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY a RANGE BETWEEN 3 PRECEDING AND 3 FOLLOWING), nth_value(a, 3) OVER (ORDER BY a GROUPS BETWEEN 3 PRECEDING AND 3 FOLLOWING) FROM t ORDER BY a;
SELECT a, sum(a) OVER (ORDER BY a ROWS BETWEEN 4 PRECEDING AND 1 FOLLOWING), ntile(4) OVER (ORDER BY a), lag(b, 4, 'x4') OVER (ORDER BY a), count(*) OVER (ORDER BY d RANGE BETWEEN '4 days' PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY a RANGE BETWEEN 4 PRECEDING AND 4 FOLLOWING), nth_value(a, 4) OVER (ORDER BY a GROUPS BETWEEN 4 PRECEDING AND 4 FOLLOWING) FROM t ORDER BY a;
SELECT a, sum(a) OVER (ORDER BY a ROWS BETWEEN 5 PRECEDING AND 2 FOLLOWING), ntile(5) OVER (ORDER BY a), lag(b, 5, 'x5') OVER (ORDER BY a), count(*) OVER (ORDER BY d RANGE BETWEEN '5 days' PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY a RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING), nth_value(a, 5) OVER (ORDER BY a GROUPS BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM t ORDER BY a;
SELECT a, sum(a) OVER (ORDER BY a ROWS BETWEEN 6 PRECEDING AND 0 FOLLOWING), ntile(6) OVER (ORDER BY a), lag(b, 6, 'x6') OVER (ORDER BY a), count(*) OVER (ORDER BY d RANGE BETWEEN '6 days' PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY a RANGE BETWEEN 6 PRECEDING AND 6 FOLLOWING), nth_value(a, 6) OVER (ORDER BY a GROUPS BETWEEN 6 PRECEDING AND 6 FOLLOWING) FROM t ORDER BY a;
SELECT a, sum(a) OVER (ORDER BY a ROWS BETWEEN 7 PRECEDING AND 1 FOLLOWING), ntile(7) OVER (ORDER BY a), lag(b, 7, 'x7') OVER (ORDER BY a), count(*) OVER (ORDER BY d RANGE BETWEEN '7 days' PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY a RANGE BETWEEN 7 PRECEDING AND 7 FOLLOWING), nth_value(a, 7) OVER (ORDER BY a GROUPS BETWEEN 7 PRECEDING AND 7 FOLLOWING) FROM t ORDER BY a;

-- empty inputs
SELECT a, row_number() OVER (ORDER BY a), sum(a) OVER () FROM empty;
SELECT id, rank() OVER (PARTITION BY dept ORDER BY salary) FROM emp WHERE id > 100;
SELECT count(*) OVER (), sum(a) OVER () FROM empty;

-- errors
SELECT id FROM emp WHERE row_number() OVER () > 1;
SELECT dept FROM emp GROUP BY rank() OVER ();
SELECT dept FROM emp GROUP BY dept HAVING rank() OVER () > 0;
SELECT sum(row_number() OVER ()) FROM emp;
SELECT row_number() OVER (ORDER BY rank() OVER ()) FROM emp;
SELECT lag(rank() OVER ()) OVER () FROM emp;
SELECT count(*) OVER w FROM emp;
SELECT count(*) OVER (w ORDER BY id) FROM emp;
SELECT count(*) OVER w FROM emp WINDOW w AS (ORDER BY id), w AS (ORDER BY dept);
SELECT count(*) OVER (w ORDER BY id) FROM emp WINDOW w AS (ORDER BY dept);
SELECT count(*) OVER (w PARTITION BY id) FROM emp WINDOW w AS (ORDER BY dept);
SELECT count(*) OVER (w) FROM emp WINDOW w AS (ORDER BY dept ROWS UNBOUNDED PRECEDING);
SELECT count(*) OVER w2 FROM emp WINDOW w1 AS (w2), w2 AS (ORDER BY id);
SELECT row_number() FROM emp;
SELECT upper(name) OVER () FROM emp;
SELECT id, ntile(0) OVER (ORDER BY id) FROM emp;
SELECT id, ntile(-1) OVER (ORDER BY id) FROM emp;
SELECT id, nth_value(id, 0) OVER (ORDER BY id) FROM emp;
SELECT rank(1) OVER () FROM emp;
SELECT count(DISTINCT id) OVER () FROM emp;
SELECT row_number() FILTER (WHERE id > 1) OVER () FROM emp;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM emp;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN NULL PRECEDING AND CURRENT ROW) FROM emp;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN id PRECEDING AND CURRENT ROW) FROM emp;
SELECT id, sum(id) OVER (ORDER BY id, dept RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM emp;
SELECT id, sum(id) OVER (ORDER BY name RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM emp;
SELECT id, sum(id) OVER (ORDER BY id RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM emp;
SELECT id, sum(id) OVER (ORDER BY id RANGE BETWEEN -1 PRECEDING AND CURRENT ROW) FROM emp;
SELECT id, sum(id) OVER (GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM emp;
SELECT id, sum(salary) OVER (PARTITION BY dept) FROM emp GROUP BY dept;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM emp;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM emp;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM emp;
SELECT id, sum(id) OVER (ORDER BY id ROWS 1 FOLLOWING) FROM emp;
SELECT count(*) OVER (ORDER BY sum(id)) FROM emp;
SELECT sum(id) OVER (ORDER BY id RANGE BETWEEN '1 day' PRECEDING AND CURRENT ROW) FROM emp;
SELECT sum(id) OVER (ORDER BY hired RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM emp;
SELECT sum(id) OVER (ORDER BY hired RANGE BETWEEN '-1 day' PRECEDING AND CURRENT ROW) FROM emp;
SELECT lag(id, 1, 'x') OVER (ORDER BY id) FROM emp;
SELECT ntile() OVER () FROM emp;
SELECT nth_value(id) OVER () FROM emp;
SELECT sum(id ORDER BY id) OVER () FROM emp;
SELECT id FROM emp LIMIT row_number() OVER ();
SELECT * FROM generate_series(1, row_number() OVER ());
SELECT count(*) OVER w FROM emp WINDOW w AS (ORDER BY nosuch);
SELECT id FROM emp WINDOW w AS (PARTITION BY nosuch);
SELECT id FROM emp JOIN emp e2 ON row_number() OVER () = 1;
SELECT count() OVER () FROM emp;
SELECT generate_series(1, 3) OVER () FROM emp;
SELECT nosuchfunc(id) OVER () FROM emp;
UPDATE emp SET salary = rank() OVER (ORDER BY id);
UPDATE emp SET salary = salary RETURNING rank() OVER ();
DELETE FROM emp WHERE id = 1 RETURNING sum(id) OVER ();
INSERT INTO empty VALUES (row_number() OVER ());
CREATE TABLE bad_check (a int CHECK (row_number() OVER () > 0));
CREATE TABLE bad_default (a int DEFAULT row_number() OVER ());
SELECT id FROM emp ORDER BY id LIMIT 1 OFFSET rank() OVER ();
SELECT row_number() OVER (ORDER BY id) FROM emp UNION SELECT 1 ORDER BY row_number() OVER ();
SELECT sum(x) OVER (ORDER BY x RANGE BETWEEN 'NaN' PRECEDING AND CURRENT ROW) FROM (VALUES (1.0), (2.0)) v(x);
SELECT id, sum(id) OVER (ORDER BY id GROUPS BETWEEN -1 FOLLOWING AND CURRENT ROW) FROM emp;
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND NULL FOLLOWING) FROM emp;
