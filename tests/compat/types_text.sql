-- text, varchar(n), char(n): storage, padding, length checks, comparison, concatenation.

CREATE TABLE strs (id int PRIMARY KEY, t text, v varchar(5), c char(5));
INSERT INTO strs VALUES (1, 'hello', 'hello', 'hello'), (2, 'a', 'a', 'a'), (3, '', '', ''),
    (4, 'trail  ', 'ab  ', 'ab  '), (5, NULL, NULL, NULL), (6, 'Zed', 'Zed', 'Zed');
SELECT * FROM strs ORDER BY id;
SELECT id, length(t), length(v), length(c), length(c || '') FROM strs ORDER BY id;
SELECT id, t || '|', v || '|', c || '|' FROM strs ORDER BY id;
SELECT id FROM strs WHERE c = 'a' ORDER BY id;
SELECT id FROM strs WHERE c = 'a    ' ORDER BY id;
SELECT id FROM strs WHERE v = 'ab' ORDER BY id;
SELECT id FROM strs WHERE t = '' ORDER BY id;
SELECT id FROM strs WHERE t IS NULL;

-- Too long for varchar(5) / char(5): 22001; trailing spaces are trimmed silently.
INSERT INTO strs VALUES (7, 'x', 'toolong', 'x');
INSERT INTO strs VALUES (8, 'x', 'x', 'toolong');
INSERT INTO strs VALUES (9, 'x', 'abcde   ', 'abcde   ');
SELECT v, c, length(v) FROM strs WHERE id = 9;
-- An explicit cast truncates instead.
SELECT 'toolong'::varchar(5), 'toolong'::char(3), 'ab'::char(4) || 'x', 'ab'::char(4);

-- Ordering is byte order (the oracle runs with the C collation).
SELECT t FROM strs WHERE t IS NOT NULL ORDER BY t;
SELECT t FROM strs ORDER BY t DESC NULLS LAST;
SELECT 'a' < 'b', 'B' < 'a', 'abc' < 'abd', 'ab' < 'abc', '' < 'a', 'Z' > 'z';
SELECT max(t), min(t), max(v), min(c) FROM strs;

-- Concatenation with other types and NULL.
SELECT 'a' || 'b' || 'c', 'n=' || 42, 1.5 || 'x', 'x' || NULL, NULL || 'y', 'd' || true;
SELECT 'abc' || ''::text, ''::text || '', 'a' || 1 || 2.5 || NULL;
SELECT t || v FROM strs WHERE id = 1;

-- Quoting and escapes.
SELECT 'it''s', E'tab\there', E'back\\slash', 'no\escape', $$dollar 'quoted'$$, $x$a$$b$x$;
SELECT 'multi'
    'line';
SELECT length('café'), upper('cafe'), 'café' || '!', 'é' < 'z';

-- Unknown-typed literals resolve to text.
SELECT 'lit', 'lit' = 'lit';
SELECT 'x'::varchar(3), 'y'::char, 'ab'::char(2) = 'ab  ', 'ab'::varchar = 'ab  ';
SELECT t || v, v || v, c || c, v || c FROM strs WHERE id = 4;
