-- Numerics at the ends of the range as keys: values below 1e-128 (scales up to
-- 255), the largest 36-digit values, NaN and infinities; through a primary key
-- (B+tree), a plain column (zone maps) and range predicates over both.
CREATE TABLE nk (n numeric PRIMARY KEY, tag int);
CREATE TABLE np (n numeric, tag int);
INSERT INTO nk VALUES (1e-130, 1), (2e-130, 2), (1e-200, 3), (-1e-140, 4), (0, 5), (1e-128, 6),
  (1.5e-129, 7), ('NaN', 8), ('Infinity', 9), ('-Infinity', 10), (-2e-250, 11),
  (123456789012345678901234567890123456, 12), (-123456789012345678901234567890123456, 13),
  (1e-254, 14), (3, 15);
INSERT INTO np SELECT * FROM nk;
INSERT INTO nk VALUES (2e-130, 99);
INSERT INTO nk VALUES (0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200, 99);
SELECT tag FROM nk ORDER BY n;
SELECT tag FROM np ORDER BY n;
SELECT tag FROM nk WHERE n BETWEEN 1e-131 AND 1e-129 ORDER BY tag;
SELECT tag FROM np WHERE n BETWEEN 1e-131 AND 1e-129 ORDER BY tag;
SELECT tag FROM nk WHERE n > 0 AND n < 1e-129 ORDER BY tag;
SELECT tag FROM np WHERE n > 0 AND n < 1e-129 ORDER BY tag;
SELECT tag FROM nk WHERE n < 0 AND n > -1e-130 ORDER BY tag;
SELECT tag FROM nk WHERE n = 2e-130;
SELECT tag FROM nk WHERE n = 1e-254;
SELECT tag FROM nk WHERE n IN (1e-200, 'NaN', -2e-250) ORDER BY tag;
SELECT tag FROM nk WHERE n >= 1e30 ORDER BY tag;
SELECT tag FROM np WHERE n >= 1e30 ORDER BY tag;
SELECT tag FROM nk WHERE n <= -1e30 ORDER BY tag;
SELECT count(*) FROM nk WHERE n > -1e-300 AND n < 1e-300;
SELECT min(n), max(n) FROM np WHERE n > 0 AND n < 1;
DROP TABLE nk;
DROP TABLE np;
