-- date, timestamp, timestamptz (session TimeZone = UTC), extract, date_trunc, date arithmetic.

SELECT '2024-03-15'::date, '2024-03-15 13:45:30'::timestamp, '2024-03-15 13:45:30+00'::timestamptz;
SELECT date '2000-02-29', timestamp '2000-02-29 00:00:00', timestamp '2000-01-01 12:34:56.789';
SELECT '2024-03-15 13:45:30+02'::timestamptz, '2024-03-15T01:02:03'::timestamp;
SELECT '2023-02-29'::date;
SELECT 'notadate'::date;
SELECT '2024-13-01'::date;
SELECT '2024-01-01 25:00:00'::timestamp;

CREATE TABLE events (id int PRIMARY KEY, d date, ts timestamp, tz timestamptz);
INSERT INTO events VALUES
    (1, '2024-01-31', '2024-01-31 08:00:00', '2024-01-31 08:00:00+00'),
    (2, '2024-02-29', '2024-02-29 23:59:59.5', '2024-02-29 23:59:59+00'),
    (3, '1999-12-31', '1999-12-31 00:00:00', '1999-12-31 12:00:00-05'),
    (4, '1970-01-01', '1970-01-01 00:00:01', '1970-01-01 00:00:00+00'),
    (5, NULL, NULL, NULL),
    (6, '2023-07-04', '2023-07-04 12:30:15', '2023-07-04 12:30:15+00');
SELECT * FROM events ORDER BY id;
SELECT id FROM events WHERE d > '2000-01-01' ORDER BY d;
SELECT id FROM events WHERE ts BETWEEN '2023-01-01' AND '2024-02-01' ORDER BY id;
SELECT min(d), max(d), min(ts), max(tz), count(d) FROM events;

-- date +/- integer, date - date, date +/- interval, timestamp +/- interval.
SELECT d + 1, d - 1, d + 30 FROM events WHERE id < 5 ORDER BY id;
SELECT 7 + date '2024-02-25', date '2024-03-01' - date '2024-02-01', date '2024-01-01' - 1;
SELECT d + interval '1 day', d - interval '1 month', d + interval '1 year 2 months'
FROM events WHERE id IN (1, 2) ORDER BY id;
SELECT ts + interval '90 minutes', ts - interval '1 hour', ts + interval '1 month'
FROM events WHERE id IN (1, 2, 3) ORDER BY id;
SELECT tz + interval '1 day', tz - interval '30 seconds' FROM events WHERE id IN (1, 4) ORDER BY id;
SELECT timestamp '2024-03-01 00:00:00' - timestamp '2024-02-28 12:00:00';
SELECT date '2024-01-31' + interval '1 month', date '2023-01-31' + interval '1 month';
SELECT date '2024-12-31' + 1, date '2024-02-28' + 1, date '2023-02-28' + 1;
SELECT d - '2000-01-01'::date FROM events WHERE id <= 4 ORDER BY id;

-- extract / date_part.
SELECT extract(year FROM d), extract(month FROM d), extract(day FROM d) FROM events WHERE id < 5 ORDER BY id;
SELECT extract(hour FROM ts), extract(minute FROM ts), extract(second FROM ts) FROM events WHERE id < 5 ORDER BY id;
SELECT extract(dow FROM d), extract(doy FROM d), extract(quarter FROM d), extract(week FROM d)
FROM events WHERE id < 5 ORDER BY id;
SELECT extract(epoch FROM tz), extract(year FROM tz) FROM events WHERE id < 5 ORDER BY id;
SELECT extract(epoch FROM ts) FROM events WHERE id = 4;
SELECT date_part('year', d), date_part('month', ts) FROM events WHERE id = 1;
SELECT extract(century FROM date '2000-06-01'), extract(decade FROM date '1999-06-01');
SELECT extract(nosuchfield FROM date '2000-01-01');

-- date_trunc.
SELECT date_trunc('year', ts), date_trunc('month', ts), date_trunc('day', ts), date_trunc('hour', ts)
FROM events WHERE id < 5 ORDER BY id;
SELECT date_trunc('minute', ts), date_trunc('second', ts), date_trunc('week', ts), date_trunc('quarter', ts)
FROM events WHERE id IN (2, 6) ORDER BY id;
SELECT date_trunc('month', tz), date_trunc('day', tz) FROM events WHERE id IN (2, 3) ORDER BY id;
SELECT date_trunc('month', d) FROM events WHERE id = 1;
SELECT date_trunc('fortnight', ts) FROM events WHERE id = 1;

-- Casts between date/time types.
SELECT ts::date, d::timestamp, tz::date, ts::timestamptz, tz::timestamp FROM events WHERE id < 5 ORDER BY id;
SELECT '2024-05-06'::timestamp, '2024-05-06 07:08:09'::date, d::text, ts::text FROM events WHERE id = 1;
SELECT count(*) FROM events WHERE d = ts::date;
SELECT date '2024-01-01' = timestamp '2024-01-01 00:00:00', date '2024-01-01' < timestamp '2024-01-01 00:00:01';

-- Grouping by a date part.
SELECT extract(year FROM d) AS y, count(*) FROM events GROUP BY y ORDER BY y NULLS FIRST;
SELECT date_trunc('month', ts) AS m, count(*) FROM events WHERE ts IS NOT NULL GROUP BY 1 ORDER BY 1;

-- Type errors.
SELECT date '2024-01-01' + date '2024-01-01';
SELECT date '2024-01-01' + 1.5;
SELECT ts + 1 FROM events WHERE id = 1;
