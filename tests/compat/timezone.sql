-- TimeZone: UTC, plain numbers (hours east) and POSIX offsets (positive = west).

SET TIME ZONE 'UTC';
SHOW timezone;
SELECT '2024-01-01 00:00:00+00'::timestamptz;
SET timezone = '+05:30';
SHOW timezone;
SELECT '2024-01-01 00:00:00+00'::timestamptz;
SET TIME ZONE 5;
SHOW timezone;
SELECT '2024-01-01 00:00:00+00'::timestamptz;
SET TIME ZONE -8.5;
SHOW timezone;
SELECT '2024-01-01 00:00:00+00'::timestamptz;
SET timezone = '-3';
SHOW timezone;
SELECT '2024-01-01 12:00:00+00'::timestamptz, '2024-01-01 12:00:00'::timestamptz;
RESET timezone;
SHOW timezone;
