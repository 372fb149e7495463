-- LEFT, RIGHT and FULL outer joins; ON vs WHERE; NULL-extended rows; aggregates over outer joins.

CREATE TABLE customers (id int PRIMARY KEY, name text, city text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int, total numeric(8, 2), status text);
INSERT INTO customers VALUES (1, 'ann', 'oslo'), (2, 'bob', 'rome'), (3, 'cid', NULL), (4, 'dee', 'oslo');
INSERT INTO orders VALUES (100, 1, 10.00, 'paid'), (101, 1, 20.50, 'open'), (102, 2, 5.25, 'paid'),
    (103, 9, 99.00, 'paid'), (104, NULL, 1.00, 'open'), (105, 3, NULL, NULL);

SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id;
SELECT c.name, o.id, o.total FROM customers c LEFT JOIN orders o ON o.customer_id = c.id ORDER BY c.id, o.id;
SELECT c.name, o.id FROM customers c LEFT OUTER JOIN orders o ON o.customer_id = c.id AND o.status = 'paid' ORDER BY c.id, o.id;
SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.status = 'paid' ORDER BY c.id, o.id;
SELECT c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL;
SELECT c.name, count(o.id), count(*), sum(o.total) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY c.name;
SELECT c.name, coalesce(sum(o.total), 0) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name ORDER BY c.id;

SELECT c.name, o.id FROM customers c RIGHT JOIN orders o ON o.customer_id = c.id;
SELECT c.name, o.id FROM customers c RIGHT OUTER JOIN orders o ON o.customer_id = c.id ORDER BY o.id;
SELECT o.id FROM customers c RIGHT JOIN orders o ON o.customer_id = c.id WHERE c.id IS NULL ORDER BY o.id;
SELECT c.name, o.id FROM customers c RIGHT JOIN orders o ON o.customer_id = c.id AND c.city = 'oslo' ORDER BY o.id;

SELECT c.name, o.id FROM customers c FULL JOIN orders o ON o.customer_id = c.id;
SELECT c.id, c.name, o.id, o.total FROM customers c FULL OUTER JOIN orders o ON o.customer_id = c.id ORDER BY c.id NULLS LAST, o.id NULLS LAST;
SELECT count(*), count(c.id), count(o.id) FROM customers c FULL JOIN orders o ON o.customer_id = c.id;
SELECT c.name, o.id FROM customers c FULL JOIN orders o ON o.customer_id = c.id WHERE c.id IS NULL OR o.id IS NULL;
SELECT c.name, o.id FROM customers c FULL JOIN orders o ON o.customer_id = c.id AND o.total > 10;

-- USING with outer joins: the merged column is coalesced.
CREATE TABLE l (k int, lv text);
CREATE TABLE r (k int, rv text);
INSERT INTO l VALUES (1, 'l1'), (2, 'l2'), (NULL, 'lnull');
INSERT INTO r VALUES (2, 'r2'), (3, 'r3'), (NULL, 'rnull');
SELECT * FROM l LEFT JOIN r USING (k);
SELECT * FROM l RIGHT JOIN r USING (k);
SELECT * FROM l FULL JOIN r USING (k);
SELECT k, lv, rv FROM l FULL JOIN r USING (k) ORDER BY k NULLS FIRST, lv NULLS FIRST;
SELECT l.k, r.k FROM l FULL JOIN r ON l.k = r.k;
SELECT * FROM l NATURAL LEFT JOIN r;

-- Chains of outer joins.
CREATE TABLE items (order_id int, sku text, qty int);
INSERT INTO items VALUES (100, 'x', 1), (100, 'y', 2), (102, 'x', 5), (999, 'z', 1);
SELECT c.name, o.id, i.sku FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
LEFT JOIN items i ON i.order_id = o.id ORDER BY c.id, o.id, i.sku;
SELECT c.name, o.id, i.sku FROM customers c JOIN orders o ON o.customer_id = c.id
RIGHT JOIN items i ON i.order_id = o.id ORDER BY i.order_id, i.sku;
SELECT o.id, i.sku FROM orders o FULL JOIN items i ON i.order_id = o.id ORDER BY o.id NULLS FIRST, i.sku NULLS FIRST;
SELECT c.name, sum(i.qty) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
LEFT JOIN items i ON i.order_id = o.id GROUP BY c.name ORDER BY c.name;

-- Outer join with a constant-false or constant-true condition.
SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON false ORDER BY c.id;
SELECT count(*) FROM customers c LEFT JOIN orders o ON true;
SELECT count(*) FROM customers c FULL JOIN orders o ON false;
-- Outer join with a non-equality condition.
SELECT c.id, o.id FROM customers c LEFT JOIN orders o ON o.customer_id < c.id AND o.total > 5 ORDER BY c.id, o.id;
