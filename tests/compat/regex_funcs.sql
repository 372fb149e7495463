-- regexp_match, regexp_matches, regexp_split_to_array / _to_table, regexp_instr,
-- regexp_substr, as PostgreSQL 15 answers them (the operators, regexp_replace,
-- regexp_like and regexp_count are in regex.sql).

SELECT regexp_match('foobarbequebaz', 'bar.*que');
SELECT regexp_match('foobarbequebaz', '(bar)(beque)');
SELECT regexp_match('foobarbequebaz', '(bar)|(xyz)');
SELECT regexp_match('abc', 'x');
SELECT regexp_match('ABC', 'b', 'i'), regexp_match('ABC', 'b');
SELECT regexp_match('abc', 'b', 'g');
SELECT regexp_match('abc', 'b', 'z');
SELECT regexp_match(NULL, 'b'), regexp_match('abc', NULL);
SELECT regexp_match('héllo wörld', 'w(.)r');
SELECT regexp_matches('foobarbequebaz', 'ba.', 'g');
SELECT regexp_matches('foobarbequebazilbarfbonk', '(b[^b]+)(b[^b]+)', 'g');
SELECT regexp_matches('abc', '(x)?b');
SELECT regexp_matches('abc', '', 'g');
SELECT regexp_matches('aaa', 'a*', 'g');
SELECT regexp_matches('abc', 'B', 'gi');
SELECT x, regexp_matches(x, '\d+', 'g') FROM (VALUES ('a1b22'), ('none'), ('333')) v(x) ORDER BY 1, 2;
SELECT * FROM regexp_matches('k1=v1;k2=v2', '(\w+)=(\w+)', 'g') AS m ORDER BY 1;
SELECT m[1] AS k, m[2] AS v FROM regexp_matches('k1=v1;k2=v2', '(\w+)=(\w+)', 'g') AS m ORDER BY 1;
SELECT regexp_split_to_array('hello world', '\s+');
SELECT regexp_split_to_array('hello', '');
SELECT regexp_split_to_array('the quick  brown', '\s*');
SELECT regexp_split_to_array('', ','), regexp_split_to_array(',', ','), regexp_split_to_array('a,', ',');
SELECT regexp_split_to_array('aXbxc', 'x', 'i');
SELECT regexp_split_to_array('abc', 'x');
SELECT regexp_split_to_array('a,b', ',', 'g');
SELECT foo FROM regexp_split_to_table('the quick brown fox', '\s+') AS foo;
SELECT foo, length(foo) FROM regexp_split_to_table('the quick brown fox', '\s*') AS foo;
SELECT * FROM regexp_split_to_table('a1b2c3', '\d') WITH ORDINALITY AS t(piece, n);
SELECT regexp_split_to_table('x-y', '-'), 1;
SELECT regexp_instr('number of your street, town zip, FR', '[^,]+', 1, 2);
SELECT regexp_instr('ABCDEFGHI', '(c..)(...)', 1, 1, 0, 'i', 2);
SELECT regexp_instr('abcabc', 'b'), regexp_instr('abcabc', 'b', 3), regexp_instr('abcabc', 'b', 1, 2, 1);
SELECT regexp_instr('abc', 'x'), regexp_instr('héllo', 'l');
SELECT regexp_instr('abc', 'b', 0);
SELECT regexp_instr('abc', 'b', 1, 0);
SELECT regexp_instr('abc', 'b', 1, 1, 2);
SELECT regexp_substr('number of your street, town zip, FR', '[^,]+', 1, 2);
SELECT regexp_substr('ABCDEFGHI', '(c..)(...)', 1, 1, 'i', 2);
SELECT regexp_substr('abc', 'x'), regexp_substr('abcabc', 'b.', 2), regexp_substr('abc', '(x)?b', 1, 1, '', 1);
SELECT regexp_substr('héllo wörld', 'w.r');
SELECT x, regexp_substr(x, '[0-9]+') FROM (VALUES ('ab12cd'), ('q'), (NULL)) v(x) ORDER BY 1;
-- multibyte characters are one character each ('.', brackets, positions)
SELECT 'wör' ~ '^w.r$', 'wör' ~ '^w..r$', regexp_replace('wörld', 'w.r', 'X'), 'ä' ~ '^[äö]$';
SELECT regexp_count('äöäöx', '[äö]'), regexp_instr('xäöy', 'ö'), regexp_substr('xäöy', '.y');
SELECT regexp_split_to_array('aäböc', '[äö]'), regexp_matches('日本語テキスト', '(.)(.)$');
