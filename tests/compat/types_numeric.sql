-- numeric(p,s): scale rules, rounding on input, arithmetic, overflow.

SELECT 1.5, 0.1 + 0.2, 1.10 + 2.205, 3.0 * 2.50, 1.0 - 0.999;
SELECT 10.0 / 4, 1 / 3.0, 2.0 / 3, 1.000 / 3, 100.0 / 7;
SELECT 10 / 4.0, 7.5 / 2.5, -7.5 / 2;
SELECT 5 % 3.0, 5.5 % 2, -5.5 % 2;
SELECT 0.00001 * 0.00001, 123456789.123456789 * 10;
SELECT 12345678901234567890.5 + 1, -0.5 + 0.5, 0.0 * -1;
SELECT 1.5::numeric(5, 0), 2.5::numeric(5, 0), -2.5::numeric(5, 0), 1.45::numeric(3, 1);
SELECT 123.456::numeric(6, 2), 0.005::numeric(4, 2), 0.004::numeric(4, 2), 99.995::numeric(5, 2);
SELECT 1::numeric(10, 3), 1.23456::numeric(10, 3), '7.1'::numeric(5, 4);
SELECT 99.995::numeric(4, 2);
SELECT 1000::numeric(3, 0);
SELECT 12345.6::numeric(5, 1);

CREATE TABLE money (id int PRIMARY KEY, amount numeric(10, 2), rate numeric(5, 4), raw numeric);
INSERT INTO money VALUES
    (1, 10.00, 0.0500, 1.23456789),
    (2, 20.555, 0.1, 100),
    (3, -3.333, 1.23456, 0.000001),
    (4, 0, 0, 0),
    (5, NULL, NULL, NULL);
SELECT * FROM money ORDER BY id;
SELECT id, amount * rate, amount + rate, amount - raw, amount / 3 FROM money WHERE id < 5 ORDER BY id;
SELECT id, round(amount * rate, 2), round(raw, 3), round(raw) FROM money WHERE id < 5 ORDER BY id;
SELECT sum(amount), avg(amount), min(rate), max(raw), sum(raw) FROM money;
SELECT amount FROM money WHERE amount > 5 ORDER BY amount;
SELECT amount::integer, amount::bigint, rate::numeric(3, 1) FROM money WHERE id < 5 ORDER BY id;
INSERT INTO money VALUES (6, 123456789.00, 0, 0);
INSERT INTO money VALUES (7, 12345678.999, 0, 0);
INSERT INTO money VALUES (8, 1, 10, 0);
SELECT count(*) FROM money;

-- Mixed numeric / integer: the result is numeric.
SELECT 2 * 1.5, 1 + 1.0, 3 / 1.5, 7 - 0.25;
SELECT 2::bigint * 1.5, 2::smallint + 0.5;
SELECT amount * 2, amount + id FROM money WHERE id = 1;

-- Comparison and equality across scales.
SELECT 1.0 = 1, 1.00 = 1.0, 0.1 + 0.2 = 0.3, 2.50 > 2.5, 1.001 < 1.01;
SELECT DISTINCT x FROM (VALUES (1.0), (1.00), (1), (2.5), (2.50)) AS v(x) ORDER BY x;

-- Division by zero and bad input.
SELECT 1.5 / 0;
SELECT 1.5 % 0;
SELECT 1 / 0.0;
SELECT 'abc'::numeric;
SELECT '1.2.3'::numeric;
SELECT ' 12.50 '::numeric, '-0.0'::numeric, '1e3'::numeric, '.5'::numeric, '5.'::numeric;

-- abs/round/floor/ceil on numeric.
SELECT abs(-1.25), round(2.5), round(-2.5), round(1.2345, 2), round(1.235, 2), round(-1.235, 2);
SELECT floor(1.7), floor(-1.7), ceil(1.2), ceil(-1.2), ceiling(2.000001), floor(5);
SELECT round(1234.5678, -2), round(0.5), round(1.4999), round(-0.5), round(0.05, 1);
SELECT mod(10.5, 3), mod(-10.5, 3);
