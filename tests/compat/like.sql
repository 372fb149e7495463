-- LIKE / ILIKE / NOT LIKE with %, _, escapes and NULLs.

CREATE TABLE words (id int PRIMARY KEY, w text);
INSERT INTO words VALUES (1, 'apple'), (2, 'Apple pie'), (3, 'banana'), (4, 'grape'), (5, 'pineapple'),
    (6, '100%'), (7, 'a_b'), (8, 'axb'), (9, ''), (10, NULL), (11, 'back\slash'), (12, 'APPLE');

SELECT id FROM words WHERE w LIKE 'apple' ORDER BY id;
SELECT id FROM words WHERE w LIKE 'a%' ORDER BY id;
SELECT id FROM words WHERE w LIKE '%apple' ORDER BY id;
SELECT id FROM words WHERE w LIKE '%apple%' ORDER BY id;
SELECT id FROM words WHERE w LIKE '_____' ORDER BY id;
SELECT id FROM words WHERE w LIKE 'a_b' ORDER BY id;
SELECT id FROM words WHERE w LIKE 'a\_b' ORDER BY id;
SELECT id FROM words WHERE w LIKE '%\%' ORDER BY id;
SELECT id FROM words WHERE w LIKE '%!%' ESCAPE '!' ORDER BY id;
SELECT id FROM words WHERE w LIKE 'a#_b' ESCAPE '#' ORDER BY id;
SELECT id FROM words WHERE w LIKE '%\\%' ORDER BY id;
SELECT id FROM words WHERE w LIKE '' ORDER BY id;
SELECT id FROM words WHERE w LIKE '%' ORDER BY id;
SELECT id FROM words WHERE w NOT LIKE '%a%' ORDER BY id;
SELECT id FROM words WHERE NOT (w LIKE '%a%') ORDER BY id;
SELECT id FROM words WHERE w ILIKE 'apple%' ORDER BY id;
SELECT id FROM words WHERE w ILIKE '%PIE' ORDER BY id;
SELECT id FROM words WHERE w NOT ILIKE '%apple%' ORDER BY id;
SELECT id FROM words WHERE w ~~ 'a%' ORDER BY id;
SELECT id FROM words WHERE w ~~* 'A%' ORDER BY id;
SELECT id FROM words WHERE w !~~ 'a%' ORDER BY id;
SELECT id, w LIKE 'a%', w ILIKE 'A%' FROM words ORDER BY id;
SELECT 'abc' LIKE 'abc', 'abc' LIKE 'ab', 'abc' LIKE 'a%c', 'abc' LIKE '_b_', 'ABC' LIKE 'abc', 'ABC' ILIKE 'abc';
SELECT NULL LIKE 'a', 'a' LIKE NULL, 'a%' LIKE 'a\%', '' LIKE '', '' LIKE '_';
SELECT 'line1
line2' LIKE 'line1%line2';
SELECT 'café' LIKE 'caf_', 'café' LIKE 'caf%', 'CAFÉ' ILIKE 'caf%';
SELECT count(*) FROM words WHERE w LIKE '%p%' AND w NOT LIKE '%e';
SELECT id FROM words WHERE w LIKE upper('a') || '%' ORDER BY id;
SELECT 123 LIKE '1%';
