-- SELECT without FROM, expressions, aliases, WHERE, column references.

SELECT 1;
SELECT 1 AS one, 'two' AS two, 3.0 AS three, NULL AS nothing, true AS yes;
SELECT 1 + 1 AS "Sum", 2 * 3 "product", -4;
SELECT;
SELECT 'a' AS x, 'b' AS x;

CREATE TABLE emp (
    id int PRIMARY KEY,
    name text NOT NULL,
    dept text,
    salary int,
    bonus numeric(8, 2),
    hired date
);
INSERT INTO emp VALUES
    (1, 'Alice', 'eng', 120, 10.50, '2019-03-01'),
    (2, 'Bob', 'eng', 100, NULL, '2020-07-15'),
    (3, 'Carol', 'sales', 90, 5.25, '2018-01-20'),
    (4, 'Dan', 'sales', 85, 0, '2021-11-30'),
    (5, 'Eve', NULL, 70, 2.00, '2022-05-05'),
    (6, 'Frank', 'ops', NULL, NULL, NULL),
    (7, 'Grace', 'eng', 130, 12.75, '2017-09-09'),
    (8, 'Heidi', 'ops', 95, 1.10, '2023-02-14');

SELECT * FROM emp;
SELECT name, salary FROM emp;
SELECT emp.name, e2.id FROM emp, emp AS e2 WHERE emp.id = e2.id AND emp.id < 3;
SELECT e.* FROM emp e WHERE e.id = 3;
SELECT id, salary * 12 AS yearly, salary + bonus AS total, salary / 7, salary % 7 FROM emp;
SELECT name FROM emp WHERE salary > 95;
SELECT name FROM emp WHERE salary >= 95 AND dept = 'eng';
SELECT name FROM emp WHERE salary < 90 OR dept IS NULL;
SELECT name FROM emp WHERE NOT (dept = 'eng');
SELECT name FROM emp WHERE dept <> 'eng';
SELECT name FROM emp WHERE dept != 'eng' OR dept IS NULL;
SELECT name FROM emp WHERE hired > '2020-01-01';
SELECT name FROM emp WHERE bonus = 0;
SELECT name FROM emp WHERE salary = 100.0;
SELECT name FROM emp WHERE salary BETWEEN 90 AND 120;
SELECT name FROM emp WHERE salary NOT BETWEEN 90 AND 120;
SELECT name FROM emp WHERE salary BETWEEN 120 AND 90;
SELECT name FROM emp WHERE salary BETWEEN SYMMETRIC 120 AND 90;
SELECT name FROM emp WHERE id IN (1, 3, 5, 99);
SELECT name FROM emp WHERE id NOT IN (1, 3, 5);
SELECT name FROM emp WHERE dept IN ('ops', 'sales');
SELECT name FROM emp WHERE true;
SELECT name FROM emp WHERE false;
SELECT name FROM emp WHERE NULL;
SELECT name FROM emp WHERE 1 = 1 AND id = 2;
SELECT id, name, salary FROM emp WHERE salary IS NULL;
SELECT id, name FROM emp WHERE bonus IS NOT NULL AND salary IS NOT NULL;
SELECT 2 + 2 FROM emp WHERE id < 4;
SELECT name AS n FROM emp WHERE id = 1;
SELECT (salary) FROM emp WHERE (id = 1);

-- Errors: unknown table or column, ambiguous column, alias not visible in WHERE.
SELECT * FROM nosuch;
SELECT nosuch FROM emp;
SELECT emp.nosuch FROM emp;
SELECT x.name FROM emp;
SELECT id FROM emp, emp AS e2;
SELECT salary * 2 AS double_pay FROM emp WHERE double_pay > 100;
SELECT name FROM emp e WHERE emp.id = 1;
SELECT * FROM emp, emp;
SELECT name FROM emp WHERE id = 'x';
SELECT name FROM emp WHERE name > 5;
SELEC 1;
SELECT 1 +;
SELECT * FROM emp WHERE;
SELECT (1;
SELECT 'unterminated;
