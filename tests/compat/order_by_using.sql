-- ORDER BY ... USING operator: < and > (and text's pattern operators ~<~ ~>~) sort up and down.
CREATE TABLE ou (id int, s text, f float8, d date);
INSERT INTO ou VALUES (1, 'b', 2.5, '2024-01-02'), (2, 'a', NULL, '2023-05-01'), (3, NULL, -1, NULL),
    (4, 'c', 10, '2025-12-31'), (5, 'a', 0, '2024-01-01');
SELECT id FROM ou ORDER BY id USING <;
SELECT id FROM ou ORDER BY id USING >;
SELECT id, s FROM ou ORDER BY s USING <, id USING >;
SELECT id, s FROM ou ORDER BY s USING > NULLS LAST, id;
SELECT id, s FROM ou ORDER BY s USING < NULLS FIRST, id;
SELECT id, f FROM ou ORDER BY f USING >, id;
SELECT id, d FROM ou ORDER BY d USING <, id;
SELECT id FROM ou ORDER BY s USING ~<~, id;
SELECT id FROM ou ORDER BY s USING ~>~, id;
SELECT id FROM ou ORDER BY id USING OPERATOR(pg_catalog.<);
SELECT id FROM ou ORDER BY 1 USING >;
SELECT id, s FROM ou ORDER BY 2 USING >, 1;
SELECT s FROM ou UNION SELECT 'z' ORDER BY 1 USING >;
SELECT DISTINCT s FROM ou ORDER BY s USING >;
SELECT id FROM ou ORDER BY id USING > LIMIT 2;
SELECT string_agg(s, ',' ORDER BY s USING >) FROM ou;
SELECT array_agg(id ORDER BY f USING < NULLS FIRST) FROM ou;
SELECT id, row_number() OVER (ORDER BY id USING >) FROM ou ORDER BY id;
-- errors
SELECT id FROM ou ORDER BY id USING =;
SELECT id FROM ou ORDER BY id USING <>;
SELECT id FROM ou ORDER BY id USING ~<~;
SELECT id FROM ou ORDER BY id USING @@;
SELECT id FROM ou ORDER BY s USING +;
