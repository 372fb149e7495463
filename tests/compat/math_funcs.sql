-- abs, round, floor, ceil, mod, and arithmetic across types (results as PostgreSQL types them).

SELECT abs(-7), abs(7), abs(-7::smallint), abs(-7::bigint), abs(-7.25), abs(-7.5::float8), abs(0);
SELECT round(3.14159, 2), round(3.145, 2), round(-3.145, 2), round(2.5), round(-2.5), round(3.5), round(1234.5, -1);
SELECT round(42), round(42::bigint), round(7.0), round(0.0005, 3), round(-0.4), round(99.999, 2);
SELECT round(2.5::float8), round(-1.5::float8), round(1.25::float8), round(10::float8);
SELECT floor(3.7), floor(-3.7), floor(3), floor(-0.5), floor(3.7::float8), floor(-3.2::float8);
SELECT ceil(3.2), ceil(-3.2), ceil(3), ceiling(-0.5), ceil(3.2::float8), ceiling(-3.7::float8);
SELECT mod(17, 5), mod(-17, 5), mod(17, -5), mod(17::bigint, 5), mod(17::smallint, 5::smallint), mod(5.5, 2), mod(-5.5, 2);
SELECT 17 % 5, -17 % 5, 17.5 % 5, mod(0, 3);
SELECT mod(1, 0);
SELECT mod(1.5, 0);
SELECT round(1.5, 'x');
SELECT abs(-2147483647), abs(-9223372036854775807);
SELECT abs(-9223372036854775808);

CREATE TABLE nums (id int PRIMARY KEY, i int, n numeric(10, 3), f double precision);
INSERT INTO nums VALUES (1, 7, 2.345, 2.5), (2, -7, -2.345, -2.5), (3, 0, 0.0005, 0.125), (4, NULL, NULL, NULL),
    (5, 123456, 9999.9995, 1024.75);
SELECT id, abs(i), abs(n), abs(f) FROM nums ORDER BY id;
SELECT id, round(n), round(n, 1), round(n, 2), round(f), round(f::numeric, 1) FROM nums ORDER BY id;
SELECT id, floor(n), ceil(n), floor(f), ceil(f) FROM nums ORDER BY id;
SELECT id, mod(i, 3), i % 4, mod(n, 1), i / 2, n / 2, f / 2 FROM nums ORDER BY id;
SELECT id, i * n, i + f, n * f FROM nums WHERE id < 4 ORDER BY id;
SELECT id, round(i * n, 2), round((n * f)::numeric, 4) FROM nums ORDER BY id;
SELECT sum(abs(i)), round(avg(n), 4), max(ceil(f)), min(floor(n)) FROM nums;
SELECT id FROM nums WHERE mod(i, 2) = 1 ORDER BY id;
SELECT id FROM nums WHERE abs(n) > 1 ORDER BY id;
SELECT id FROM nums WHERE round(f) = 3 ORDER BY id;

-- Operator precedence and unary minus.
SELECT -2 * 3, -2 + -3, 2 - -3, - - 2, 2 * -3 % 4, (2 + 3) % 4, 2 + 3 % 4, 12 / 4 / 3, 2 * 3 / 4;
SELECT -i, +i, -n, -f FROM nums WHERE id = 1;
