-- boolean type and three-valued logic.

SELECT true, false, NULL::boolean, 't'::boolean, 'yes'::boolean, 'off'::boolean, '0'::boolean;
SELECT 'maybe'::boolean;
SELECT true AND true, true AND false, true AND NULL, false AND NULL, NULL::boolean AND NULL;
SELECT true OR false, false OR false, true OR NULL, false OR NULL, NULL::boolean OR NULL;
SELECT NOT true, NOT false, NOT NULL::boolean;
SELECT true = true, true <> false, true > false, false < NULL, NULL = NULL, NULL <> 1;
SELECT 1 = NULL, NULL > 2, 'a' = NULL, NULL::int IS NULL, NULL IS NOT NULL;
SELECT true IS TRUE, NULL::boolean IS TRUE, NULL::boolean IS NOT TRUE, false IS FALSE,
       NULL::boolean IS UNKNOWN, true IS NOT FALSE, NULL::boolean IS NOT UNKNOWN;
SELECT 1 IS DISTINCT FROM NULL, NULL IS DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM 1,
       NULL::int IS NOT DISTINCT FROM NULL, 2 IS DISTINCT FROM 3;

CREATE TABLE flags (id int PRIMARY KEY, a boolean, b boolean, n int);
INSERT INTO flags VALUES (1, true, true, 1), (2, true, false, 2), (3, true, NULL, NULL),
    (4, false, true, 4), (5, false, false, NULL), (6, false, NULL, 6), (7, NULL, true, 7),
    (8, NULL, false, 8), (9, NULL, NULL, NULL);
SELECT id, a AND b, a OR b, NOT a, a = b, a IS DISTINCT FROM b FROM flags ORDER BY id;
SELECT id FROM flags WHERE a ORDER BY id;
SELECT id FROM flags WHERE NOT a ORDER BY id;
SELECT id FROM flags WHERE a IS NOT TRUE ORDER BY id;
SELECT id FROM flags WHERE a AND b OR n > 5 ORDER BY id;
SELECT id FROM flags WHERE a OR b AND n > 5 ORDER BY id;
SELECT id FROM flags WHERE NOT (n > 3) ORDER BY id;
SELECT id FROM flags WHERE n > 3 OR n <= 3 ORDER BY id;
SELECT id FROM flags WHERE n IS NULL ORDER BY id;
SELECT id FROM flags WHERE n <> 4 ORDER BY id;
SELECT id FROM flags WHERE b = false ORDER BY id;
SELECT count(*), count(a), count(b), count(n) FROM flags;
SELECT a, count(*) FROM flags GROUP BY a ORDER BY a;
SELECT b, count(*) FROM flags GROUP BY b ORDER BY b DESC;
SELECT max(n), min(n), sum(n) FROM flags WHERE a IS NULL;

-- NULL in IN lists and NOT IN.
SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (1, 2), 1 NOT IN (2, 3);
SELECT id FROM flags WHERE n IN (1, 2, NULL) ORDER BY id;
SELECT id FROM flags WHERE n NOT IN (1, 2, NULL) ORDER BY id;
SELECT id FROM flags WHERE n NOT IN (1, 2) ORDER BY id;

-- Booleans sort false < true, NULL last ascending.
SELECT a FROM flags ORDER BY a, id;
SELECT DISTINCT a FROM flags ORDER BY a NULLS FIRST;

-- WHERE needs a boolean.
SELECT id FROM flags WHERE n;
SELECT id FROM flags WHERE 'yes';
SELECT 1 AND true;
SELECT NOT 5;
SELECT true + 1;
SELECT a::int, a::text FROM flags WHERE id IN (1, 4) ORDER BY id;
SELECT 1::boolean, 0::boolean, 'true'::text::boolean;
