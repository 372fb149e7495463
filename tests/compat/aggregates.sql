-- count/sum/avg/min/max, count(DISTINCT), result types, empty input, NULLs.

CREATE TABLE sales (id int PRIMARY KEY, region text, rep text, units int, price numeric(8, 2),
                    big bigint, small smallint, ratio double precision, day date);
INSERT INTO sales VALUES
    (1, 'north', 'ann', 10, 2.50, 1000000000000, 1, 0.5, '2024-01-01'),
    (2, 'north', 'bob', 5, 3.00, 2000000000000, 2, 0.25, '2024-01-02'),
    (3, 'south', 'ann', 7, 2.50, 3, 3, 1.5, '2024-01-02'),
    (4, 'south', 'cid', NULL, 4.75, NULL, NULL, NULL, NULL),
    (5, 'east', 'dee', 12, NULL, 5, 5, 2.0, '2024-01-05'),
    (6, NULL, 'bob', 3, 1.25, 6, 6, 0.125, '2024-01-06'),
    (7, 'north', 'ann', 10, 2.50, 7, 7, 0.5, '2024-01-01');

SELECT count(*), count(units), count(price), count(region), count(1), count(NULL) FROM sales;
SELECT sum(units), sum(price), sum(big), sum(small), sum(ratio) FROM sales;
SELECT avg(units), avg(price), avg(big), avg(small), avg(ratio) FROM sales;
SELECT min(units), max(units), min(price), max(price), min(region), max(region) FROM sales;
SELECT min(day), max(day), min(rep), max(rep), min(ratio), max(ratio) FROM sales;
SELECT count(DISTINCT region), count(DISTINCT rep), count(DISTINCT units), count(DISTINCT price) FROM sales;
SELECT sum(DISTINCT units), avg(DISTINCT units), count(DISTINCT region || rep) FROM sales;
SELECT sum(units * price), sum(units) * 2, max(units) - min(units), count(*) + 1 FROM sales;
SELECT round(avg(units), 2), round(avg(price), 3), round(sum(ratio)::numeric, 3) FROM sales;
SELECT avg(units)::int, sum(units)::numeric / count(units) FROM sales;
SELECT max(length(rep)), min(upper(rep)), sum(CASE WHEN region = 'north' THEN 1 ELSE 0 END) FROM sales;

-- On an empty input: one row; count is 0, the others NULL.
SELECT count(*), count(units), sum(units), avg(units), min(units), max(units) FROM sales WHERE id > 100;
SELECT count(DISTINCT units), sum(price) FROM sales WHERE false;
SELECT sum(units) FROM sales WHERE units IS NULL;
CREATE TABLE empty (a int);
SELECT count(*), max(a) FROM empty;

-- Aggregates with WHERE.
SELECT count(*), sum(units) FROM sales WHERE region = 'north';
SELECT max(price) FROM sales WHERE rep = 'ann';
SELECT avg(units) FROM sales WHERE units > 5;

-- Overflow: sum(int4) is int8 and sum(int8) numeric, so these stay exact.
CREATE TABLE huge (i int, b bigint);
INSERT INTO huge VALUES (2147483647, 9223372036854775807), (2147483647, 9223372036854775807),
    (2147483647, 1);
SELECT sum(i), sum(b), avg(i), avg(b), max(b), min(i) FROM huge;
SELECT sum(i)::int FROM huge;

-- Aggregates over expressions and constants, and nesting errors.
SELECT sum(1), count(2), max('x'), min(5.5), avg(2) FROM sales;
SELECT sum(count(*)) FROM sales;
SELECT count(*) FROM sales WHERE sum(units) > 1;
SELECT sum(rep) FROM sales;
SELECT avg(day) FROM sales;
SELECT max(units), units FROM sales;
SELECT count(*, units) FROM sales;
SELECT count(DISTINCT *) FROM sales;

-- An aggregate in ORDER BY and in a subquery.
SELECT (SELECT max(units) FROM sales) AS top, (SELECT count(*) FROM sales WHERE units IS NULL) AS missing;
SELECT id FROM sales WHERE units = (SELECT max(units) FROM sales);
SELECT id, units FROM sales WHERE units > (SELECT avg(units) FROM sales) ORDER BY id;
