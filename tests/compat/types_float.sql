-- real and double precision with values that are exact in binary; round() elsewhere.

SELECT 1.5::real, 2.25::double precision, -0.125::float8, 1e3::float8, 1.5e-3::float8;
SELECT '1.5'::float4, '  -2.5  '::float8, '1e10'::float8, '0.0625'::real;
SELECT 0.5::float8 + 0.25, 3::float8 / 2, 2.5::float8 * 4, 1::float8 - 0.75;
SELECT 7.5::real + 1::real, 7.5::real * 2, 2::real / 8::real;
SELECT 1.5::real + 1.5::float8, 2 * 1.25::float8, 1.5::float8 + 1.5::numeric;
SELECT 10::float8 / 4, 10 / 4::float8, -9::float8 / 2;

CREATE TABLE measures (id int PRIMARY KEY, r real, d double precision);
INSERT INTO measures VALUES (1, 1.5, 0.5), (2, -2.25, 100.125), (3, 0, -0.75),
    (4, 1024, 1e6), (5, NULL, NULL), (6, 0.375, 3.5);
SELECT * FROM measures ORDER BY id;
SELECT id, r + d, r * 2, d / 4, -d FROM measures ORDER BY id;
SELECT sum(r), sum(d), min(r), max(d), count(r) FROM measures;
SELECT avg(d) FROM measures WHERE id IN (1, 3);
SELECT round(avg(d)::numeric, 4), round(sum(d * 3)::numeric, 2) FROM measures;
SELECT id FROM measures WHERE d > 0.5 ORDER BY id;
SELECT id FROM measures WHERE r = 1.5 ORDER BY id;
SELECT id, d::integer, d::bigint, r::numeric FROM measures WHERE id <> 5 ORDER BY id;
SELECT round(d), round(d::numeric, 1), floor(d), ceil(d), abs(d) FROM measures WHERE id <> 5 ORDER BY id;
SELECT 2.5::float8::integer, 3.5::float8::integer, -2.5::float8::integer, 0.5::float8::int;
SELECT round(2.5::float8), round(3.5::float8), round(-0.5::float8);

-- Special values.
SELECT 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8, 'inf'::real;
SELECT 'NaN'::float8 = 'NaN'::float8, 'NaN'::float8 > '1e308'::float8, 'Infinity'::float8 > '1e308'::float8;
SELECT 1::float8 / 0;
SELECT 1::real / 0::real;
SELECT 0::float8 / 0;
SELECT 'abc'::float8;
SELECT '1e308'::float8 * 10;
SELECT '1e39'::real;
SELECT 'NaN'::float8::integer;

-- Distinct / grouping on floats.
SELECT DISTINCT d FROM (VALUES (1.5::float8), (1.50::float8), (2::float8)) v(d) ORDER BY d;
SELECT d, count(*) FROM (VALUES (0.5::float8), (0.5::float8), (-0.0::float8), (0.0::float8)) v(d)
GROUP BY d ORDER BY d;
select 1e-320::float8, -1e-320::float8, 1e-310::float8 > 0, '4.9e-324'::float8;
select 1e-400::float8;
