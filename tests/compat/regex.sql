-- PostgreSQL's ARE regular expressions: class escapes, word boundaries,
-- character entries, non-capturing groups, back references, embedded
-- options; refused features answer 0A000 (checked by OmenDB's own tests).
SELECT regexp_replace('1112223333', E'(\\d{3})(\\d{3})(\\d{4})', E'(\\1) \\2-\\3');
SELECT '2024-01-05' ~ '^\d{4}-\d{2}-\d{2}$', 'x2024' ~ '^\d+$', 'abc' ~ '\D', '12' ~ '\D';
SELECT 'hello world' ~ '\s', 'helloworld' ~ '\s', 'a_b1' ~ '^\w+$', 'a-b' ~ '^\w+$', 'a b' ~ '\S\s\S';
SELECT regexp_replace('foo  bar   baz', '\s+', ' ', 'g');
SELECT regexp_replace('a1b22c333', '\d+', '#', 'g'), regexp_replace('a1b22c333', '\D', '', 'g');
SELECT regexp_replace('the cat sat', '\mcat\M', 'dog'), 'concat' ~ '\mcat', 'cat' ~ '\ycat\y';
SELECT regexp_replace('abcabc', '(?:ab)(c)', '[\1]', 'g');
SELECT regexp_replace('tab	here', '\t', '<T>'), 'line1
line2' ~ 'line1\nline2';
SELECT 'ABC' ~ '(?i)abc', 'ABC' ~ 'abc', 'ABC' ~* 'abc', 'abc' !~ 'b', 'abc' !~* 'B';
SELECT regexp_replace('Hello', '[\w]+', 'X'), regexp_replace('a1 b2', '[\d\s]', '_', 'g');
SELECT 'aXbXc' ~ '(X).\1', 'aXbYc' ~ '(X).\1';
SELECT regexp_replace('x.y.z', '\.', '-', 'g'), regexp_replace('a+b', 'a\+b', 'ok');
SELECT regexp_replace('café', '\u00e9', 'e'), regexp_replace('abc', '\x62', 'B');
SELECT regexp_replace('aaa', 'a*', 'X', 'g'), regexp_replace('', 'x*', 'Y');
SELECT regexp_replace('John Smith', '(\w+)\s(\w+)', '\2, \1');
SELECT 'abc' ~ '[[:alpha:]]+', '123' ~ '^[[:digit:]]+$', 'a]b' ~ '[]]';
SELECT 'abc' ~ '(', 'abc' ~ '\q';
SELECT regexp_replace('abc', 'b', 'x', 'z');
SELECT regexp_like('Hello World', 'world'), regexp_like('Hello World', 'world', 'i'), regexp_like('abc', '^a.c$');
SELECT regexp_count('123 45 6', '\d+'), regexp_count('aaaa', 'aa'), regexp_count('abcabc', 'b', 3), regexp_count('ABab', 'a', 1, 'i');
SELECT regexp_count('abc', 'x'), regexp_count('', 'x*'), regexp_count('abc', '');
SELECT substring('phone: 555-1234' from '\d{3}-\d{4}'), substring('foobar' from 'o(.)b'), substring('foobar' from 'x');
SELECT substring('Thomas' from '...$'), substring('Thomas' from '^(?:T)(h)'), substring('abc', 'b.');
SELECT regexp_count('abc', 'b', 0);
SELECT regexp_like('a', 'a', 'g');
