-- A function that returns one value, called in FROM: one row, its column named by the
-- alias's column list, a bare alias, or the function; LATERAL over earlier FROM items.

SELECT * FROM upper('abc');
SELECT * FROM upper('abc') AS u;
SELECT * FROM upper('abc') AS u(x);
SELECT u.x FROM upper('abc') AS u(x);
SELECT upper FROM upper('abc');
SELECT * FROM abs(-4), length('hello');
SELECT count(*) FROM current_database();
SELECT count(*) FROM pg_backend_pid() p WHERE p > 0;
SELECT * FROM upper(NULL);
SELECT * FROM upper($$x$$) AS result;
CREATE TABLE fif (id int PRIMARY KEY, s text);
INSERT INTO fif VALUES (1, 'a'), (2, 'bb'), (3, NULL);
SELECT f.id, l FROM fif f, length(f.s) AS l ORDER BY 1;
SELECT f.id, u.v FROM fif f CROSS JOIN LATERAL upper(f.s) AS u(v) ORDER BY 1;
SELECT * FROM fif, abs(-id) AS a ORDER BY 1;
SELECT * FROM count(*);
SELECT * FROM no_such_function(1);
SELECT * FROM upper(1, 2);
DROP TABLE fif;
-- void: pg_sleep's result type, a value of no use as a column
SELECT pg_sleep(0), pg_typeof(pg_sleep(0)), NULL::void;
CREATE TABLE tv (x void);
CREATE TABLE tv2 AS SELECT pg_sleep(0) AS s;
CREATE VIEW vv AS SELECT pg_sleep(0) AS s;
CREATE TABLE tv4 (x int);
ALTER TABLE tv4 ADD COLUMN y void;
ALTER TABLE tv4 ALTER COLUMN x TYPE void;
DROP TABLE tv4;
