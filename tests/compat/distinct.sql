-- SELECT DISTINCT over one and several columns, with NULLs, expressions and aggregates.

CREATE TABLE visits (id int PRIMARY KEY, city text, country text, n int, price numeric(6, 2));
INSERT INTO visits VALUES
    (1, 'paris', 'fr', 1, 1.50), (2, 'lyon', 'fr', 2, 1.5), (3, 'paris', 'fr', 1, 1.50),
    (4, 'berlin', 'de', 3, 2.00), (5, 'berlin', 'de', NULL, NULL), (6, NULL, 'de', NULL, 2.0),
    (7, NULL, NULL, 4, NULL), (8, 'rome', 'it', 1, 3.25), (9, 'Paris', 'fr', 1, 1.50),
    (10, 'rome', 'it', 1, 3.25);

SELECT DISTINCT city FROM visits;
SELECT DISTINCT city FROM visits ORDER BY city;
SELECT DISTINCT city FROM visits ORDER BY city DESC NULLS LAST;
SELECT DISTINCT country, city FROM visits ORDER BY country, city;
SELECT DISTINCT country FROM visits WHERE n = 1;
SELECT DISTINCT n FROM visits ORDER BY n NULLS FIRST;
SELECT DISTINCT price FROM visits ORDER BY price;
SELECT DISTINCT n, price FROM visits;
SELECT DISTINCT lower(city) AS c FROM visits ORDER BY c;
SELECT DISTINCT n % 2 FROM visits;
SELECT DISTINCT country IS NULL FROM visits;
SELECT DISTINCT 1 FROM visits;
SELECT DISTINCT * FROM (SELECT city, country FROM visits) s ORDER BY 1, 2;
SELECT count(*) FROM (SELECT DISTINCT city FROM visits) s;
SELECT count(DISTINCT city), count(city), count(DISTINCT lower(city)) FROM visits;
SELECT DISTINCT count(*) FROM visits GROUP BY country;
SELECT DISTINCT city FROM visits ORDER BY city LIMIT 2;
SELECT DISTINCT city FROM visits ORDER BY city LIMIT 2 OFFSET 2;
SELECT ALL city FROM visits WHERE id < 4;
SELECT DISTINCT x FROM (VALUES (1), (1), (2), (NULL), (NULL)) v(x);
SELECT DISTINCT x, y FROM (VALUES (1, 'a'), (1, 'a'), (1, 'b'), (NULL, NULL), (NULL, NULL)) v(x, y);
SELECT DISTINCT city, n FROM visits WHERE country = 'fr' ORDER BY city, n;
