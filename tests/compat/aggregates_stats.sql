-- Statistical aggregates (stddev/variance families, covariance, correlation, regr_*),
-- bit_and/bit_or/bit_xor, bool_and/bool_or/every: PostgreSQL's result types, numeric
-- scales and float method (Youngs-Cramer), NULLs, single rows, NaN and infinities.

CREATE TABLE m (g int, i2 smallint, i4 int, i8 bigint, n numeric, f4 real, f8 double precision);
INSERT INTO m VALUES
    (1, 1, 10, 100, 1.5, 0.5, 2.25),
    (1, 2, 20, 300, 2.25, 1.5, 4),
    (1, 4, 35, 700, 3.125, 2.25, 9.5),
    (2, 7, -5, -9000000000, 0.001, -1, 1e10),
    (2, NULL, NULL, NULL, NULL, NULL, NULL),
    (2, 7, 15, 9000000000, 0.0035, 3, 3),
    (3, 5, 5, 5, 5, 5, 5),
    (4, NULL, NULL, NULL, NULL, NULL, NULL);

SELECT variance(i2), variance(i4), variance(i8), variance(n), variance(f4), variance(f8) FROM m;
SELECT var_samp(i2), var_samp(i4), var_samp(i8), var_samp(n), var_samp(f4), var_samp(f8) FROM m;
SELECT var_pop(i2), var_pop(i4), var_pop(i8), var_pop(n), var_pop(f4), var_pop(f8) FROM m;
SELECT stddev(i2), stddev(i4), stddev(i8), stddev(n), stddev(f4), stddev(f8) FROM m;
SELECT stddev_samp(i2), stddev_samp(i4), stddev_samp(n), stddev_samp(f8) FROM m;
SELECT stddev_pop(i2), stddev_pop(i4), stddev_pop(i8), stddev_pop(n), stddev_pop(f4), stddev_pop(f8) FROM m;
SELECT g, variance(i4), stddev(n), var_pop(f8), stddev_pop(i8), count(*) FROM m GROUP BY g ORDER BY g;
SELECT pg_typeof(variance(i2)), pg_typeof(stddev(i8)), pg_typeof(var_pop(n)), pg_typeof(stddev(f4)),
       pg_typeof(var_samp(f8)) FROM m LIMIT 1;
SELECT variance(x), stddev(x), var_pop(x), stddev_pop(x) FROM (VALUES (1), (2), (3), (4)) t(x);
SELECT variance(x), stddev(x), var_pop(x), stddev_pop(x) FROM (VALUES (1.5), (2.25), (3.125)) t(x);
SELECT stddev(x), variance(x) FROM (VALUES (0.001), (0.002), (0.0035)) t(x);
SELECT stddev(x), variance(x) FROM (VALUES (123456789), (987654321), (55555)) t(x);
SELECT variance(x), stddev(x) FROM (VALUES (7), (7), (7)) t(x);
SELECT variance(x), stddev(x), var_pop(x), stddev_pop(x) FROM (VALUES (7)) t(x);
SELECT variance(x), var_pop(x) FROM (VALUES (7.5::float8)) t(x);
SELECT variance(x), stddev_pop(x) FROM (VALUES (NULL::int)) t(x);
SELECT variance(i4), stddev(f8), var_pop(n) FROM m WHERE false;
SELECT variance(x), var_pop(x) FROM (VALUES ('NaN'::numeric), (1)) t(x);
SELECT variance(x), var_pop(x) FROM (VALUES ('NaN'::numeric)) t(x);
SELECT variance(x), stddev_pop(x) FROM (VALUES ('Infinity'::numeric), (1)) t(x);
SELECT variance(x), var_pop(x) FROM (VALUES ('Infinity'::float8), (1)) t(x);
SELECT variance(x), var_pop(x) FROM (VALUES ('Infinity'::float8)) t(x);
SELECT variance(x), var_pop(x) FROM (VALUES ('NaN'::float8), (1)) t(x);
SELECT variance(x), var_pop(x) FROM (VALUES ('-Infinity'::float8), ('Infinity')) t(x);
SELECT variance(x) FROM (VALUES (1e308::float8), (-1e308)) t(x);
SELECT stddev(g::int2), variance(g::int8), stddev(g * 0.125) FROM generate_series(1, 100) g;
SELECT variance(DISTINCT i4), stddev(i4) FILTER (WHERE g = 1) FROM m;
SELECT stddev(i4) OVER (ORDER BY g, i4), variance(f8) OVER (PARTITION BY g) FROM m ORDER BY g, i4;

-- two-argument statistics: (Y, X) in float8
SELECT covar_pop(f8, i4), covar_samp(f8, i4), corr(f8, i4) FROM m;
SELECT regr_count(f8, i4), regr_sxx(f8, i4), regr_syy(f8, i4), regr_sxy(f8, i4) FROM m;
SELECT regr_avgx(f8, i4), regr_avgy(f8, i4), regr_r2(f8, i4), regr_slope(f8, i4), regr_intercept(f8, i4) FROM m;
SELECT g, covar_pop(n, i2), covar_samp(n, i2), corr(n, i2), regr_count(n, i2), regr_slope(n, i2)
  FROM m GROUP BY g ORDER BY g;
SELECT corr(y, x), covar_pop(y, x), covar_samp(y, x), regr_slope(y, x), regr_intercept(y, x), regr_r2(y, x)
  FROM (VALUES (1, 2), (2, 3.5), (3, 7)) t(x, y);
SELECT corr(y, x), regr_r2(y, x), regr_slope(y, x), regr_intercept(y, x) FROM (VALUES (1, 5), (2, 5), (3, 5)) t(x, y);
SELECT corr(y, x), regr_r2(y, x), regr_slope(y, x), regr_intercept(y, x) FROM (VALUES (5, 1), (5, 2), (5, 3)) t(x, y);
SELECT corr(y, x), covar_samp(y, x), regr_avgx(y, x) FROM (VALUES (1, 2)) t(x, y);
SELECT regr_count(y, x), corr(y, x) FROM (VALUES (1, NULL), (NULL, 2)) t(x, y);
SELECT regr_count(f8, i4), corr(f8, i4), covar_pop(f8, i4) FROM m WHERE false;
SELECT corr(y, x) FROM (VALUES ('NaN'::float8, 1), (2, 3)) t(x, y);
SELECT corr(y, x), regr_sxx(y, x) FROM (VALUES ('Infinity'::float8, 1), (2, 3)) t(x, y);
SELECT corr(0.09, g), regr_r2(0.09, g) FROM generate_series(1, 30) g;
SELECT corr(1e-100 + g * 1e-105, 1e-100 + g * 1e-105) FROM generate_series(1, 3) g;
SELECT corr(0.1, 'NaN') FROM generate_series(1, 30) g;
SELECT pg_typeof(corr(i2, i8)), pg_typeof(regr_count(n, f4)) FROM m LIMIT 1;
SELECT regr_count(*) FROM m;

-- bitwise and boolean aggregates
SELECT bit_and(i2), bit_or(i2), bit_xor(i2), bit_and(i4), bit_or(i4), bit_xor(i4), bit_and(i8), bit_or(i8), bit_xor(i8) FROM m;
SELECT pg_typeof(bit_and(i2)), pg_typeof(bit_or(i4)), pg_typeof(bit_xor(i8)) FROM m LIMIT 1;
SELECT g, bit_and(i4), bit_or(i4), bit_xor(i4), bit_xor(DISTINCT i2) FROM m GROUP BY g ORDER BY g;
SELECT bit_and(i4), bit_or(i4), bit_xor(i4) FROM m WHERE false;
SELECT bool_and(i4 > 0), bool_or(i4 > 30), every(i4 > -10), bool_and(i4 > 0) FILTER (WHERE g = 1) FROM m;
SELECT sum(x), avg(x) FROM (VALUES ('1 day'::interval), ('2 hours'), (NULL), ('1 mon -3 days')) t(x);

-- errors
SELECT variance(f8, i4) FROM m;
SELECT stddev('a'::text) FROM m;
SELECT corr(n, 'x'::text) FROM m;
SELECT bit_and(n) FROM m;
SELECT covar_pop(f8) FROM m;
SELECT variance(x) FROM (VALUES (1e10), (2e10), (3.3e11)) t(x);
SELECT sum(x::float8), variance(x::float8) FROM (VALUES ('1e308'), ('1e308')) t(x);
