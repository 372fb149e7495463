-- smallint / integer / bigint: arithmetic, promotion, integer division, overflow (22003).

SELECT 1 + 2, 7 - 10, 6 * 7, 7 / 2, -7 / 2, 7 % 3, -7 % 3, 7 % -3;
SELECT 2 + 3 * 4, (2 + 3) * 4, 10 - 2 - 3, 100 / 10 / 5, -(-5), +5;
SELECT 1::smallint + 1::smallint, 1::smallint + 1, 1 + 1::bigint, 1::smallint * 2::bigint;
SELECT 32767::smallint, -32768::smallint;
SELECT 32767::smallint, (-32768)::smallint, 2147483647, -2147483648, 9223372036854775807;
SELECT 2147483648, -2147483649, 9223372036854775808;

CREATE TABLE ints (s smallint, i integer, b bigint);
INSERT INTO ints VALUES (1, 10, 100), (-5, 2147483647, 9223372036854775807),
    (32767, -2147483648, -9223372036854775808), (0, 0, 0), (NULL, 3, NULL);
SELECT s, i, b FROM ints ORDER BY i;
SELECT s + i, i + b, s * 2, i / 3, b % 7 FROM ints WHERE i BETWEEN -10 AND 1000;
SELECT i / 4, i % 4, -i / 4, -i % 4 FROM ints WHERE i = 10;
SELECT s / 2, s::numeric / 2, s / 2.0 FROM ints WHERE s = -5;

-- Overflow is an error, never a wrap-around.
SELECT 2147483647 + 1;
SELECT -2147483648 - 1;
SELECT 65536 * 65536;
SELECT 32767::smallint + 1::smallint;
SELECT 9223372036854775807 + 1;
SELECT -9223372036854775808::bigint - 1;
SELECT 3037000500::bigint * 3037000500::bigint;
SELECT i + 1 FROM ints WHERE i = 2147483647;
SELECT s + 1::smallint FROM ints WHERE s = 32767;
SELECT b * 2 FROM ints WHERE b > 1000;
SELECT (-2147483648) / -1;
SELECT (-2147483648) % -1;
SELECT -(-2147483648);
SELECT abs(-2147483648);
SELECT 2147483647::integer + 1::bigint;

-- Division by zero.
SELECT 1 / 0;
SELECT 1 % 0;
SELECT 5::bigint / 0;
SELECT 5::smallint / 0::smallint;
SELECT i / 0 FROM ints WHERE i = 10;
SELECT count(*) FROM ints WHERE i / s > 0;

-- Casts between integer widths.
SELECT 40000::smallint;
SELECT 3000000000::integer;
SELECT '32767'::smallint, '-32768'::int2, ' 42 '::integer, '+7'::int8;
SELECT '32768'::smallint;
SELECT '12.5'::integer;
SELECT ''::integer;
SELECT '9223372036854775808'::bigint;
SELECT 2.5::integer, 3.5::integer, -2.5::integer, 2.4999::integer;
SELECT 1.5::smallint, (-1.5)::bigint;
SELECT 1e10::bigint;
SELECT 1e10::integer;

-- Comparison across widths.
SELECT 1::smallint = 1::bigint, 2 > 1::smallint, 3::bigint <> 3, 5 >= 5::smallint, 4 <= 3;
SELECT count(*) FROM ints WHERE s < i;
SELECT max(s), min(i), max(b), min(b) FROM ints;

-- Bit-free helpers on integers.
SELECT abs(-5), abs(5::smallint), abs(-5::bigint), mod(10, 3), mod(-10, 3), mod(10::bigint, -3);
SELECT 10 / 3 * 3 + 10 % 3;
