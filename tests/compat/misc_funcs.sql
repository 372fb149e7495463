-- Functions added together: make_timestamp(tz), date_bin, array_replace, min_scale,
-- bit_count(bytea), pg_postmaster_start_time, to_hex is in string_funcs.sql.

SET TimeZone = 'America/New_York';
SELECT make_timestamp(2013, 7, 15, 8, 15, 23.5), make_timestamp(2020, 2, 29, 0, 0, 0);
SELECT make_timestamp(-44, 3, 15, 12, 0, 0), make_timestamp(2020, 1, 1, 24, 0, 0);
SELECT make_timestamp(2020, 1, 1, 23, 59, 59.9999999);
SELECT make_timestamp(2021, 2, 29, 0, 0, 0);
SELECT make_timestamp(2020, 13, 1, 0, 0, 0);
SELECT make_timestamp(2020, 1, 1, 25, 0, 0);
SELECT make_timestamp(2020, 1, 1, 2000000000, 0, 0);
SELECT make_timestamp(2020, 1, 1, 10, 60, 0);
SELECT make_timestamp(2020, 1, 1, 10, 0, -1);
SELECT make_timestamp(0, 1, 1, 0, 0, 0);
SELECT make_timestamptz(2013, 7, 15, 8, 15, 23.5), make_timestamptz(2020, 3, 8, 2, 30, 0);
SELECT make_timestamptz(2020, 11, 1, 1, 30, 0);
SELECT date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01');
SELECT date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01 00:02:30');
SELECT date_bin('1 day', timestamp '2001-01-01 00:00:00', timestamp '2001-01-01 12:00');
SELECT date_bin('1 hour 30 minutes', timestamp '1999-12-31 23:59', timestamp '2000-01-01');
SELECT date_bin('7 days', timestamptz '2020-02-11 15:44:17+00', timestamptz '2001-01-01+00');
SELECT date_bin('1 month', timestamp '2020-02-11', timestamp '2001-01-01');
SELECT date_bin('0 seconds', timestamp '2020-02-11', timestamp '2001-01-01');
SELECT date_bin('-1 hour', timestamp '2020-02-11', timestamp '2001-01-01');
SELECT date_bin(s, t, timestamp '2000-01-01') FROM (VALUES ('10 seconds'::interval, timestamp '2000-01-01 00:00:25'), ('1 minute', timestamp '1999-12-31 23:59:30')) v(s, t) ORDER BY 1;
SELECT array_replace(ARRAY[1, 2, 5, 4], 5, 3), array_replace(ARRAY[1, NULL, 1], NULL, 0);
SELECT array_replace(ARRAY['a', 'b', 'a'], 'a', 'z'), array_replace(ARRAY[[1, 2], [2, 1]], 2, 9);
SELECT array_replace('{}'::int[], 1, 2), array_replace(NULL::int[], 1, 2), array_replace(ARRAY[1, 2], 1, NULL);
SELECT min_scale(8.4100), min_scale(1), min_scale(0.000), min_scale(-1.50), min_scale('NaN'::numeric);
SELECT bit_count('\x1234567890'::bytea), bit_count(''::bytea), bit_count('\xff'::bytea);
SELECT pg_postmaster_start_time() <= now(), pg_typeof(pg_postmaster_start_time());
-- statement_timeout ends pg_sleep (57014)
SET statement_timeout = '150ms';
SELECT pg_sleep(3);
RESET statement_timeout;
SELECT pg_sleep(0.01);
