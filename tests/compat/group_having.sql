-- GROUP BY (columns, expressions, ordinals, several keys, NULL keys) and HAVING.

CREATE TABLE orders (id int PRIMARY KEY, customer text, product text, qty int,
                     amount numeric(8, 2), placed date);
INSERT INTO orders VALUES
    (1, 'acme', 'bolt', 100, 25.00, '2024-01-03'),
    (2, 'acme', 'nut', 200, 10.00, '2024-01-03'),
    (3, 'acme', 'bolt', 50, 12.50, '2024-02-10'),
    (4, 'globex', 'gear', 5, 150.00, '2024-01-20'),
    (5, 'globex', 'bolt', 10, 2.50, '2024-02-11'),
    (6, 'initech', 'nut', 300, 15.00, '2024-03-01'),
    (7, 'initech', NULL, 1, 99.99, '2024-03-02'),
    (8, NULL, 'gear', 2, 60.00, '2024-03-03'),
    (9, NULL, NULL, NULL, NULL, NULL),
    (10, 'umbrella', 'gear', 1, 30.00, '2024-02-29');

SELECT customer, count(*) FROM orders GROUP BY customer;
SELECT customer, count(*), sum(qty), sum(amount) FROM orders GROUP BY customer ORDER BY customer;
SELECT customer, count(*) FROM orders GROUP BY customer ORDER BY customer NULLS FIRST;
SELECT product, count(*), count(product), max(amount) FROM orders GROUP BY product ORDER BY product;
SELECT customer, product, sum(qty) FROM orders GROUP BY customer, product ORDER BY customer, product;
SELECT customer, product, sum(qty) FROM orders GROUP BY product, customer;
SELECT extract(month FROM placed) AS m, count(*), sum(amount) FROM orders GROUP BY m ORDER BY m;
SELECT extract(month FROM placed), count(*) FROM orders GROUP BY 1 ORDER BY 1;
SELECT qty > 50 AS bulk, count(*) FROM orders GROUP BY qty > 50 ORDER BY bulk;
SELECT customer || '/' || product AS k, count(*) FROM orders GROUP BY customer || '/' || product ORDER BY k;
SELECT upper(customer), count(*) FROM orders GROUP BY upper(customer) ORDER BY 1;
SELECT count(*) FROM orders GROUP BY customer ORDER BY count(*) DESC, min(id);
SELECT customer, avg(amount), round(avg(qty), 1) FROM orders GROUP BY customer ORDER BY customer;
SELECT customer, count(DISTINCT product), count(DISTINCT placed) FROM orders GROUP BY customer ORDER BY customer;
SELECT customer, min(placed), max(placed) FROM orders GROUP BY customer ORDER BY customer;
SELECT customer FROM orders GROUP BY customer ORDER BY customer;
SELECT 1 FROM orders GROUP BY customer;
SELECT customer, sum(qty) * 2 + 1, max(amount) - min(amount) FROM orders GROUP BY customer ORDER BY customer;
SELECT product, sum(qty) FROM orders WHERE amount > 10 GROUP BY product ORDER BY product;
SELECT id % 3 AS bucket, count(*), sum(id) FROM orders GROUP BY id % 3 ORDER BY bucket;
SELECT customer, count(*) FROM orders GROUP BY customer, customer ORDER BY customer;
SELECT o.customer, count(*) FROM orders o GROUP BY o.customer ORDER BY o.customer;
-- Grouping by the primary key allows other columns of the same table.
SELECT id, customer, sum(qty) FROM orders GROUP BY id ORDER BY id;

-- HAVING.
SELECT customer, count(*) FROM orders GROUP BY customer HAVING count(*) > 1 ORDER BY customer;
SELECT customer, sum(amount) FROM orders GROUP BY customer HAVING sum(amount) >= 100 ORDER BY customer;
SELECT customer FROM orders GROUP BY customer HAVING max(qty) < 100 ORDER BY customer;
SELECT product, sum(qty) FROM orders GROUP BY product HAVING product IS NOT NULL AND sum(qty) > 10 ORDER BY product;
SELECT customer, count(*) FROM orders GROUP BY customer HAVING customer LIKE '%e%' ORDER BY 1;
SELECT customer FROM orders GROUP BY customer HAVING count(DISTINCT product) = 2 ORDER BY 1;
SELECT customer FROM orders GROUP BY customer HAVING avg(amount) > (SELECT avg(amount) FROM orders) ORDER BY 1;
SELECT count(*) FROM orders HAVING count(*) > 5;
SELECT count(*) FROM orders HAVING count(*) > 50;
SELECT 'x' AS tag FROM orders HAVING min(qty) = 1;
SELECT customer, count(*) AS n FROM orders GROUP BY customer HAVING count(*) = 2 ORDER BY n, customer;

-- Errors: ungrouped columns, aggregates in WHERE / GROUP BY.
SELECT customer, product FROM orders GROUP BY customer;
SELECT customer, qty FROM orders GROUP BY customer HAVING count(*) > 1;
SELECT customer FROM orders GROUP BY customer HAVING qty > 1;
SELECT count(*) FROM orders GROUP BY count(*);
SELECT customer FROM orders GROUP BY 5;
SELECT customer FROM orders WHERE count(*) > 1 GROUP BY customer;
SELECT nosuch, count(*) FROM orders GROUP BY nosuch;
