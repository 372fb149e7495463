-- CAST and ::, implicit casts and type resolution, 22P02 / 42804 / 42883 / 42846.

SELECT CAST('42' AS integer), '42'::int, CAST(42 AS text), 42::text || 'x', CAST(1.5 AS integer);
SELECT CAST('  7  ' AS bigint), CAST('-3' AS smallint), '1.25'::numeric(4, 2), '3'::real;
SELECT CAST(3 AS numeric(5, 2)), 3::double precision / 2, CAST(10 AS varchar(1)), 'abc'::char(1);
SELECT CAST('true' AS boolean), 'f'::bool, CAST(true AS text), false::text;
SELECT CAST('2024-02-03' AS date), '2024-02-03 04:05:06'::timestamp, CAST(date '2024-02-03' AS text);
SELECT 12.5::text, 100::numeric::text, (-0.5)::text, 1e2::text, 1.0e-3::text;
SELECT '12abc'::integer;
SELECT 'x'::numeric;
SELECT ''::bigint;
SELECT '1,000'::integer;
SELECT CAST('yesno' AS boolean);
SELECT '2024-02-30'::date;

-- Literal typing: integer literals are int4 unless too large, decimals are numeric.
SELECT 1 + 1.5, 2147483647 + 1::bigint, 5000000000 * 2, 1 / 2, 1 / 2.0, 1.0 / 2;
SELECT '5' + 3, 3 + '5', '2.5' + 1.5, '10' / 4;
SELECT '5' || 3;
SELECT 'a' + 1;

-- Implicit casts in comparisons and assignments.
CREATE TABLE c (i int, b bigint, s smallint, n numeric(6, 2), f float8, t text, v varchar(10));
INSERT INTO c VALUES (1, 2, 3, 4.5, 5.5, '6', '7');
INSERT INTO c VALUES ('10', '20', '30', '40.55', '50.5', 60, 70);
INSERT INTO c VALUES (1.6, 2.4, 3.5, 4, 5, 6.5, 7.25);
SELECT * FROM c ORDER BY i;
SELECT i = b, s < n, n = f, i = '1', t = '6', v = 7::text FROM c ORDER BY i;
SELECT count(*) FROM c WHERE i = 1.0;
SELECT count(*) FROM c WHERE n = 4.50;
SELECT count(*) FROM c WHERE t = 6;
SELECT count(*) FROM c WHERE i = 'one';
INSERT INTO c (i) VALUES ('seven');
INSERT INTO c (i) VALUES (true);
INSERT INTO c (t) VALUES (true);
INSERT INTO c (i) VALUES (CAST('8' AS text));
INSERT INTO c (b) VALUES (10000000000);
INSERT INTO c (i) VALUES (10000000000);
SELECT b FROM c WHERE b > 1000;

-- CASE / COALESCE / UNION choose a common type.
SELECT COALESCE(1, 2.5), COALESCE(NULL, 1::smallint, 2::bigint), CASE WHEN true THEN 1 ELSE 2.5 END;
SELECT CASE WHEN false THEN 'x' ELSE 1 END;
SELECT COALESCE('a', 1);
SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2.5) u ORDER BY x;
SELECT x FROM (SELECT 1::smallint AS x UNION ALL SELECT 2::bigint) u ORDER BY x;
SELECT 1 UNION SELECT 'a';
SELECT NULL UNION SELECT 1;
SELECT x FROM (VALUES (1), (2.5), (NULL)) v(x) ORDER BY x;
SELECT x FROM (VALUES ('a'), (1)) v(x);

-- Function resolution with implicit casts; unknown functions and operators.
SELECT abs(-2::smallint), abs(-2.5), abs('-3'::float8), round(2), length(123::text);
SELECT length(123);
SELECT nosuchfunc(1);
SELECT lower(1);
SELECT 1 ~~ 2;
SELECT date '2024-01-01' * 2;
SELECT CAST(1 AS nosuchtype);
SELECT CAST(date '2024-01-01' AS integer);
SELECT true::integer, 1::boolean, CAST(0 AS boolean);
SELECT CAST(1.5 AS boolean);
