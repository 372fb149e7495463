-- Named time zones from the tz database: offsets that change with daylight
-- time, the gap and overlap of a change, dates past the last listed change
-- (the zone's rule), odd offsets, AT TIME ZONE with a zone name, arithmetic
-- across a change, and case-insensitive names.
SET TimeZone = 'America/New_York';
SHOW TimeZone;
SELECT '2024-03-10 02:30'::timestamptz, '2024-11-03 01:30'::timestamptz, '2024-07-01 12:00'::timestamptz;
SELECT '1900-01-01 00:00'::timestamptz, '2100-07-01 00:00'::timestamptz, '2100-12-01 00:00'::timestamptz, '1850-06-01 00:00'::timestamptz;
SELECT '2024-03-10 02:30'::timestamp::timestamptz, ('2024-07-01 12:00+00'::timestamptz)::timestamp, ('2024-01-01 03:00+00'::timestamptz)::date;
SELECT extract(timezone FROM '2024-07-01'::timestamptz), extract(timezone FROM '2024-01-01'::timestamptz), extract(hour FROM '2024-07-01 12:00+00'::timestamptz);
SELECT '2024-07-01 12:00+00'::timestamptz AT TIME ZONE 'Europe/Berlin', '2024-07-01 12:00'::timestamp AT TIME ZONE 'Asia/Kolkata', '2024-01-15 12:00+00'::timestamptz AT TIME ZONE 'america/los_angeles';
SELECT date_trunc('day', '2024-11-03 12:00-05'::timestamptz), date_trunc('month', '2024-03-15 12:00'::timestamptz), '2024-11-03'::date::timestamptz;
SELECT '2024-03-10 00:00'::timestamptz + interval '1 day', '2024-03-10 00:00'::timestamptz + interval '24 hours', '2024-11-03 00:00'::timestamptz + interval '1 day 2 hours', '2024-01-31 12:00'::timestamptz + interval '1 month';
SELECT '2024-03-11 00:00'::timestamptz - '2024-03-10 00:00'::timestamptz, age('2024-03-11 00:00'::timestamptz, '2024-03-10 00:00'::timestamptz);
SELECT g FROM generate_series('2024-03-09 00:00'::timestamptz, '2024-03-12 00:00'::timestamptz, interval '1 day') g;
SELECT g FROM generate_series('2024-11-03 00:00'::timestamptz, '2024-11-03 03:00'::timestamptz, interval '1 hour') g;
SELECT to_char('2024-07-01 12:00+00'::timestamptz, 'YYYY-MM-DD HH24:MI TZ tz OF'), to_char('2024-01-01 12:00+00'::timestamptz, 'HH24:MI TZ');
SET TimeZone = 'Europe/London';
SELECT '2024-06-01 12:00+00'::timestamptz, '2024-12-01 12:00+00'::timestamptz, '1971-06-01 12:00+00'::timestamptz;
SET TimeZone = 'Australia/Lord_Howe';
SELECT '2024-01-01 00:00+00'::timestamptz, '2024-07-01 00:00+00'::timestamptz, '2040-01-01 00:00+00'::timestamptz;
SET TimeZone = 'Asia/Kathmandu';
SELECT '1980-01-01 00:00+00'::timestamptz, '2024-01-01 00:00+00'::timestamptz, '1850-01-01 00:00+00'::timestamptz;
SET TimeZone = 'australia/sydney';
SHOW TimeZone;
SELECT '2024-04-07 02:30'::timestamptz, '2024-10-06 02:30'::timestamptz, '2099-01-15 00:00+00'::timestamptz, '2099-07-15 00:00+00'::timestamptz;
SET TimeZone = 'Nowhere/Land';
SET TimeZone = '../etc/passwd';
SELECT now() AT TIME ZONE 'No/Such' IS NULL;
SET TimeZone = 'UTC';
SELECT '2024-07-01 12:00'::timestamptz;
