-- ORDER BY (ASC/DESC, NULLS FIRST/LAST, expressions, ordinals, aliases), LIMIT, OFFSET.

CREATE TABLE p (id int PRIMARY KEY, name text, price numeric(6, 2), stock int, cat text);
INSERT INTO p VALUES
    (1, 'pen', 1.50, 100, 'office'),
    (2, 'pencil', 0.75, NULL, 'office'),
    (3, 'paper', 5.00, 20, 'office'),
    (4, 'apple', 0.40, 300, 'food'),
    (5, 'bread', 2.20, 15, 'food'),
    (6, 'cheese', 7.80, NULL, 'food'),
    (7, 'lamp', 25.00, 4, 'home'),
    (8, 'rug', 80.00, 2, 'home'),
    (9, 'mug', 4.50, 40, NULL),
    (10, 'vase', 19.99, 0, 'home');

SELECT id, name FROM p ORDER BY id;
SELECT id, name FROM p ORDER BY id DESC;
SELECT name, price FROM p ORDER BY price;
SELECT name, price FROM p ORDER BY price DESC;
SELECT name, stock FROM p ORDER BY stock, id;
SELECT name, stock FROM p ORDER BY stock DESC, id;
SELECT name, stock FROM p ORDER BY stock NULLS FIRST, id;
SELECT name, stock FROM p ORDER BY stock DESC NULLS LAST, id;
SELECT name, stock FROM p ORDER BY stock ASC NULLS LAST, id DESC;
SELECT cat, name FROM p ORDER BY cat, name;
SELECT cat, name FROM p ORDER BY cat DESC, name DESC;
SELECT cat, name FROM p ORDER BY cat NULLS FIRST, price DESC;
SELECT name FROM p ORDER BY 1;
SELECT name, price FROM p ORDER BY 2 DESC, 1;
SELECT name AS n, price * stock AS value FROM p ORDER BY value DESC NULLS LAST, n;
SELECT name FROM p ORDER BY length(name), name;
SELECT name FROM p ORDER BY price * -1;
SELECT name FROM p ORDER BY stock IS NULL, id;
SELECT name FROM p ORDER BY CASE WHEN cat = 'food' THEN 0 ELSE 1 END, id;
SELECT name FROM p ORDER BY id % 3, id;
SELECT name FROM p ORDER BY price;
SELECT upper(name) FROM p ORDER BY name DESC;
SELECT id FROM p ORDER BY name;

-- LIMIT / OFFSET.
SELECT id, name FROM p ORDER BY id LIMIT 3;
SELECT id, name FROM p ORDER BY id LIMIT 3 OFFSET 2;
SELECT id, name FROM p ORDER BY id OFFSET 8;
SELECT id, name FROM p ORDER BY id OFFSET 20;
SELECT id, name FROM p ORDER BY id LIMIT 0;
SELECT id, name FROM p ORDER BY id LIMIT ALL;
SELECT id, name FROM p ORDER BY id LIMIT NULL;
SELECT id FROM p ORDER BY price DESC LIMIT 1;
SELECT id FROM p ORDER BY stock DESC NULLS LAST LIMIT 2 OFFSET 1;
SELECT id FROM p ORDER BY id FETCH FIRST 2 ROWS ONLY;
SELECT id FROM p ORDER BY id OFFSET 1 ROW FETCH NEXT 2 ROWS ONLY;
SELECT id FROM p ORDER BY id LIMIT 2 + 1;
SELECT count(*) FROM (SELECT id FROM p LIMIT 4) s;
SELECT id FROM p ORDER BY id LIMIT -1;
SELECT id FROM p ORDER BY id OFFSET -1;
SELECT id FROM p ORDER BY id LIMIT 'x';
SELECT 1 LIMIT 1;
SELECT 1 OFFSET 1;

-- ORDER BY errors.
SELECT name FROM p ORDER BY 3;
SELECT name FROM p ORDER BY 0;
SELECT name FROM p ORDER BY nosuch;
SELECT DISTINCT name FROM p ORDER BY price;
