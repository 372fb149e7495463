-- length, lower, upper, substring, position, trim, replace, || on literals and columns.

SELECT length('hello'), length(''), length(NULL::text), length('  x  '), length('héllo');
SELECT lower('HeLLo'), upper('HeLLo'), lower(''), upper(NULL::text), upper('a1-b2_c3!'), lower('MiXeD 123');
SELECT substring('hello world' FROM 7), substring('hello world' FROM 1 FOR 5), substring('hello' FOR 2);
SELECT substring('hello', 2, 3), substring('hello', 0, 3), substring('hello', -1, 3), substring('hello', 4, 100), substring('hello', 10);
SELECT substring('hello' FROM 2 FOR 0), substring('' FROM 1 FOR 3), substring(NULL::text, 1, 2);
SELECT substring('hello', 1, -1);
SELECT position('lo' IN 'hello'), position('x' IN 'hello'), position('' IN 'hello'), position('l' IN 'hello'), position('ll' IN NULL::text);
SELECT trim('  pad  ') || '|', trim(LEADING FROM '  pad  ') || '|', trim(TRAILING FROM '  pad  ') || '|';
SELECT trim(BOTH 'x' FROM 'xxpadxx'), trim(LEADING 'x' FROM 'xxpadxx'), trim(TRAILING 'x' FROM 'xxpadxx'), trim('xy' FROM 'xyxpadyx');
SELECT trim(BOTH '-' FROM '--a--'), trim(LEADING '0' FROM '001200'), trim(TRAILING '0' FROM '001200'), trim(FROM '  a  ');
SELECT replace('hello world', 'o', '0'), replace('aaaa', 'aa', 'b'), replace('abc', '', 'x'), replace('abc', 'b', '');
SELECT replace(NULL, 'a', 'b'), replace('abc', NULL, 'b'), replace('abc', 'b', NULL);
SELECT 'a' || 'b', 'a' || NULL, 'x' || 1 || 'y', 2 || 3, 1.5 || '';

CREATE TABLE people (id int PRIMARY KEY, first text, last varchar(20), code char(4));
INSERT INTO people VALUES (1, 'Ada', 'Lovelace', 'ab'), (2, 'alan', 'TURING', 'cdef'), (3, ' Grace ', 'Hopper', NULL),
    (4, '', 'Nobody', ''), (5, NULL, 'Null', 'x');
SELECT id, upper(first), lower(last), length(first), length(last), length(code) FROM people ORDER BY id;
SELECT id, first || ' ' || last, last || code FROM people ORDER BY id;
SELECT id, substring(last FROM 2 FOR 3), position('e' IN last), replace(last, 'e', 'E') FROM people ORDER BY id;
SELECT id, trim(first), length(trim(first)), '[' || trim(first) || ']' FROM people ORDER BY id;
SELECT id FROM people WHERE lower(first) = 'alan';
SELECT id FROM people WHERE upper(last) LIKE '%O%' ORDER BY id;
SELECT id, upper(substring(first, 1, 1)) || lower(substring(first, 2)) FROM people ORDER BY id;
SELECT max(length(last)), min(lower(last)), count(DISTINCT upper(first)) FROM people;
SELECT last FROM people ORDER BY length(last), last;
SELECT first, count(*) FROM people GROUP BY first ORDER BY first NULLS FIRST;

-- Errors: wrong argument types or counts.
SELECT length(1, 2);
SELECT upper();
SELECT substring('abc' FROM 'x' FOR 2);
SELECT position(1 IN 'abc');
SELECT replace('a', 1);
SELECT to_hex(255), to_hex(0), to_hex(-1), to_hex(2147483647), to_hex(-2147483648);
SELECT to_hex(255::bigint), to_hex(-1::bigint), to_hex(9223372036854775807), to_hex(g * 4096 + 10) FROM generate_series(1, 3) g;
SELECT to_hex(2::int2), to_hex(NULL::int);
