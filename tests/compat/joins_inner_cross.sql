-- Inner joins (ON, USING, NATURAL, comma syntax), cross joins, self joins, multi-way joins.

CREATE TABLE dept (id int PRIMARY KEY, name text NOT NULL, floor int);
CREATE TABLE emp (id int PRIMARY KEY, name text NOT NULL, dept_id int, boss_id int, salary int);
CREATE TABLE proj (id int PRIMARY KEY, title text, dept_id int, budget numeric(10, 2));
INSERT INTO dept VALUES (1, 'eng', 3), (2, 'sales', 1), (3, 'ops', 2), (4, 'legal', NULL);
INSERT INTO emp VALUES
    (1, 'ann', 1, NULL, 200), (2, 'bob', 1, 1, 150), (3, 'cat', 2, 1, 120), (4, 'dan', 2, 3, 100),
    (5, 'eve', 3, 1, 110), (6, 'fay', NULL, 1, 90), (7, 'gus', 9, 2, 80), (8, 'hal', 1, 2, 140);
INSERT INTO proj VALUES (10, 'apollo', 1, 1000.00), (11, 'zeus', 1, 250.50), (12, 'hermes', 2, 75.25),
    (13, 'orphan', NULL, 10.00), (14, 'ghost', 8, 5.00);

SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id = d.id;
SELECT e.name, d.name FROM emp e INNER JOIN dept d ON e.dept_id = d.id ORDER BY e.name;
SELECT e.name, d.name FROM emp e, dept d WHERE e.dept_id = d.id ORDER BY e.id;
SELECT e.name, d.name, d.floor FROM emp e JOIN dept d ON d.id = e.dept_id AND d.floor > 1 ORDER BY e.id;
SELECT e.name FROM emp e JOIN dept d ON e.dept_id = d.id WHERE d.name = 'eng' ORDER BY e.salary DESC;
SELECT d.name, count(*), sum(e.salary) FROM dept d JOIN emp e ON e.dept_id = d.id GROUP BY d.name ORDER BY d.name;
SELECT e.name, b.name AS boss FROM emp e JOIN emp b ON e.boss_id = b.id ORDER BY e.id;
SELECT e.name, b.name, bb.name FROM emp e JOIN emp b ON e.boss_id = b.id JOIN emp bb ON b.boss_id = bb.id ORDER BY e.id;
SELECT e.name, d.name, p.title FROM emp e JOIN dept d ON e.dept_id = d.id JOIN proj p ON p.dept_id = d.id ORDER BY e.id, p.id;
SELECT d.name, p.title, p.budget FROM dept d JOIN proj p ON p.dept_id = d.id AND p.budget > 100 ORDER BY p.id;
SELECT e.name, d.name FROM emp e JOIN dept d ON e.salary > d.floor * 50 WHERE d.id = 3 ORDER BY e.id;
SELECT e1.name, e2.name FROM emp e1 JOIN emp e2 ON e1.salary < e2.salary AND e2.salary < e1.salary + 25 ORDER BY e1.id, e2.id;

-- USING and NATURAL.
CREATE TABLE a (k int, v text);
CREATE TABLE b (k int, w text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (2, 'a2bis'), (3, 'a3'), (NULL, 'anull');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3'), (3, 'b3bis'), (4, 'b4'), (NULL, 'bnull');
SELECT * FROM a JOIN b USING (k);
SELECT k, v, w FROM a JOIN b USING (k) ORDER BY k, v, w;
SELECT * FROM a NATURAL JOIN b;
SELECT a.k, b.k FROM a JOIN b ON a.k = b.k;
SELECT count(*) FROM a JOIN b ON a.k = b.k OR (a.k IS NULL AND b.k IS NULL);
SELECT count(*) FROM a JOIN b ON a.k IS NOT DISTINCT FROM b.k;
SELECT * FROM a JOIN b ON true WHERE a.k = 1;

-- CROSS JOIN.
SELECT a.v, b.w FROM a CROSS JOIN b WHERE a.k = 1;
SELECT count(*) FROM a CROSS JOIN b;
SELECT count(*) FROM a, b, dept;
SELECT d.name, x FROM dept d CROSS JOIN (VALUES (1), (2)) AS v(x) ORDER BY d.name, x;
SELECT count(*) FROM emp CROSS JOIN (SELECT 1 AS one WHERE false) z;

-- Joins with subqueries and CTE-like derived tables.
SELECT t.dept_id, t.total, d.name FROM (SELECT dept_id, sum(salary) AS total FROM emp GROUP BY dept_id) t
JOIN dept d ON d.id = t.dept_id ORDER BY t.dept_id;
SELECT e.name FROM emp e JOIN (SELECT max(salary) AS m FROM emp) mx ON e.salary = mx.m;

-- Parenthesized joins.
SELECT e.name, d.name, p.title FROM emp e JOIN (dept d JOIN proj p ON p.dept_id = d.id) ON e.dept_id = d.id
WHERE p.budget < 100 ORDER BY e.id;

-- Errors.
SELECT name FROM emp JOIN dept ON emp.dept_id = dept.id;
SELECT * FROM a JOIN b USING (nosuch);
SELECT * FROM emp e JOIN dept d ON e.nosuch = d.id;
SELECT * FROM emp e JOIN dept d ON e.dept_id;
SELECT * FROM emp e JOIN dept d;
SELECT * FROM emp e JOIN dept e ON true;
