-- Data-modifying statements in WITH (INSERT / UPDATE / DELETE ... RETURNING):
-- each runs once and to completion, the statement reads its RETURNING rows,
-- and the command tag counts the top-level statement's rows only.

CREATE TABLE queue (id int PRIMARY KEY, payload text, prio int);
CREATE TABLE archive (id int, payload text, prio int, moved_at_step int);
CREATE TABLE parent (id serial PRIMARY KEY, name text UNIQUE);
CREATE TABLE child (id serial PRIMARY KEY, parent_id int REFERENCES parent (id), note text);
CREATE TABLE counters (k text PRIMARY KEY, n int NOT NULL);
INSERT INTO queue SELECT g, 'job' || g, g % 3 FROM generate_series(1, 20) g;
INSERT INTO counters VALUES ('a', 0), ('b', 10), ('c', 100);

-- move rows from one table to another
WITH moved AS (DELETE FROM queue WHERE id <= 4 RETURNING *)
INSERT INTO archive SELECT id, payload, prio, 1 FROM moved;
SELECT * FROM archive ORDER BY id;
SELECT count(*) FROM queue;
WITH moved AS (DELETE FROM queue WHERE prio = 0 AND id < 10 RETURNING id, payload, prio)
INSERT INTO archive (id, payload, prio, moved_at_step) SELECT id, upper(payload), prio, 2 FROM moved RETURNING id, payload;
SELECT id, payload, moved_at_step FROM archive ORDER BY id;

-- the RETURNING rows as the result
WITH d AS (DELETE FROM queue WHERE id = 20 RETURNING *) SELECT * FROM d;
WITH d AS (DELETE FROM queue WHERE id = 999 RETURNING *) SELECT * FROM d;
WITH d AS (DELETE FROM queue WHERE id = 999 RETURNING *) SELECT count(*) FROM d;
WITH u AS (UPDATE counters SET n = n + 1 WHERE k = 'a' RETURNING k, n) SELECT * FROM u;
WITH u AS (UPDATE counters SET n = n + 1 RETURNING k, n) SELECT k, n FROM u ORDER BY k;
WITH u AS (UPDATE counters SET n = n * 2 RETURNING n) SELECT sum(n), count(*) FROM u;
WITH i AS (INSERT INTO queue VALUES (101, 'x', 1), (102, 'y', 2) RETURNING id) SELECT sum(id) FROM i;
WITH i AS (INSERT INTO queue VALUES (103, 'z', 1) RETURNING id, payload || '!' AS p) SELECT p, id FROM i;
WITH i AS (INSERT INTO queue VALUES (104, 'w', 2) RETURNING *) SELECT i.*, i.id * 2 FROM i;

-- without RETURNING: still runs, once
WITH i AS (INSERT INTO queue VALUES (105, 'q', 0)) SELECT 'done';
SELECT * FROM queue WHERE id = 105;
WITH d AS (DELETE FROM archive WHERE moved_at_step = 2) SELECT 1 AS one;
SELECT count(*) FROM archive;
WITH i AS (INSERT INTO queue VALUES (106, 'r', 0)) SELECT * FROM i;
SELECT count(*) FROM queue WHERE id = 106;

-- runs even when not read, and when the statement returns no rows
WITH d AS (DELETE FROM queue WHERE id = 101 RETURNING *) SELECT 1 WHERE false;
SELECT count(*) FROM queue WHERE id = 101;
WITH d AS (DELETE FROM queue WHERE id = 102 RETURNING *) SELECT * FROM counters WHERE k = 'zz';
SELECT count(*) FROM queue WHERE id = 102;

-- read more than once, in subqueries, joins, set operations and aggregates
WITH d AS (DELETE FROM queue WHERE id IN (5, 7, 8) RETURNING id, prio)
SELECT (SELECT count(*) FROM d), (SELECT max(id) FROM d), (SELECT sum(prio) FROM d);
WITH d AS (DELETE FROM queue WHERE id IN (10, 11) RETURNING id)
SELECT a.id, b.id FROM d a JOIN d b ON a.id < b.id;
WITH d AS (DELETE FROM queue WHERE id IN (13, 14) RETURNING id)
SELECT id FROM d UNION ALL SELECT id + 100 FROM d ORDER BY 1;
WITH d AS (DELETE FROM queue WHERE id = 16 RETURNING id, payload)
SELECT c.k, d.payload FROM counters c CROSS JOIN d ORDER BY c.k;
WITH d AS (DELETE FROM queue WHERE id = 17 RETURNING id)
SELECT k FROM counters WHERE n > (SELECT id FROM d) ORDER BY k;
WITH d AS (DELETE FROM queue WHERE id = 18 RETURNING id)
SELECT k FROM counters WHERE EXISTS (SELECT 1 FROM d WHERE d.id = 18) ORDER BY k;
WITH d AS (DELETE FROM queue WHERE id = 19 RETURNING id, prio)
SELECT prio, count(*) FROM d GROUP BY prio;

-- column aliases on the WITH query
WITH x(a, b) AS (DELETE FROM queue WHERE id = 103 RETURNING id, payload) SELECT a, b FROM x;
WITH x(a) AS (DELETE FROM queue WHERE id = 104 RETURNING id, payload) SELECT * FROM x;
WITH x(a, b, c) AS (DELETE FROM queue WHERE id = 105 RETURNING id, payload) SELECT 1;
SELECT count(*) FROM queue WHERE id = 105;

-- several data-modifying queries, and plain ones beside them
WITH a AS (UPDATE counters SET n = 0 WHERE k = 'a' RETURNING k),
     b AS (UPDATE counters SET n = 1 WHERE k = 'b' RETURNING k)
SELECT (SELECT k FROM a), (SELECT k FROM b);
SELECT * FROM counters ORDER BY k;
WITH src AS (SELECT id FROM queue WHERE prio = 2 ORDER BY id LIMIT 2),
     d AS (DELETE FROM queue WHERE id IN (SELECT id FROM src) RETURNING id),
     i AS (INSERT INTO archive SELECT id, 'from d', 2, 3 FROM d RETURNING id)
SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM i);
SELECT id, payload, moved_at_step FROM archive WHERE moved_at_step = 3 ORDER BY id;

-- insert a parent and its children in one statement (the foreign key sees the parent)
WITH p AS (INSERT INTO parent (name) VALUES ('alpha') RETURNING id)
INSERT INTO child (parent_id, note) SELECT p.id, n FROM p, (VALUES ('one'), ('two')) v(n);
SELECT p.name, c.note FROM parent p JOIN child c ON c.parent_id = p.id ORDER BY c.note;
WITH p AS (INSERT INTO parent (name) VALUES ('beta'), ('gamma') RETURNING id, name)
INSERT INTO child (parent_id, note) SELECT id, name || '-child' FROM p RETURNING note;
SELECT count(*) FROM child;

-- UPDATE and DELETE at the top, reading a WITH query
WITH d AS (DELETE FROM queue WHERE id = 12 RETURNING id, payload)
UPDATE archive SET payload = d.payload FROM d WHERE archive.id = 1 RETURNING archive.id, archive.payload;
WITH d AS (DELETE FROM queue WHERE id = 15 RETURNING id)
DELETE FROM archive WHERE id IN (SELECT id - 13 FROM d) RETURNING id;
WITH u AS (UPDATE counters SET n = n + 5 WHERE k = 'c' RETURNING n)
UPDATE counters SET n = (SELECT n FROM u) WHERE k = 'a';
SELECT * FROM counters ORDER BY k;

-- an UPDATE's effect is not seen by the rest of the statement
WITH u AS (UPDATE counters SET n = 1000 WHERE k = 'b' RETURNING n)
SELECT c.n AS before, u.n AS after FROM counters c, u WHERE c.k = 'b';
SELECT n FROM counters WHERE k = 'b';
-- the same row updated twice: only the first update happens
WITH a AS (UPDATE counters SET n = 1 WHERE k = 'c' RETURNING n),
     b AS (UPDATE counters SET n = 2 WHERE k = 'c' RETURNING n)
SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b);
SELECT n FROM counters WHERE k = 'c';

-- rows deleted twice
WITH a AS (DELETE FROM archive WHERE id = 2 RETURNING id),
     b AS (DELETE FROM archive WHERE id = 2 RETURNING id)
SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b);
SELECT count(*) FROM archive WHERE id = 2;

-- ON CONFLICT inside the WITH query
WITH up AS (INSERT INTO counters VALUES ('a', 1), ('d', 4) ON CONFLICT (k) DO UPDATE SET n = counters.n + excluded.n RETURNING k, n)
SELECT k, n FROM up ORDER BY k;
WITH up AS (INSERT INTO counters VALUES ('a', 1) ON CONFLICT DO NOTHING RETURNING k)
SELECT count(*) FROM up;

-- errors inside the WITH query undo the whole statement
WITH i AS (INSERT INTO queue VALUES (200, 'p', 1), (200, 'p', 1) RETURNING id) SELECT * FROM i;
SELECT count(*) FROM queue WHERE id = 200;
INSERT INTO queue VALUES (300, 'e', 1);
WITH d AS (DELETE FROM queue WHERE id = 300 RETURNING id) SELECT id / 0 FROM d;
SELECT count(*) FROM queue WHERE id = 300;
WITH u AS (UPDATE counters SET n = n / 0 WHERE k = 'a' RETURNING n) SELECT 1;
WITH i AS (INSERT INTO child (parent_id, note) VALUES (9999, 'orphan') RETURNING id) SELECT count(*) FROM i;
SELECT count(*) FROM child WHERE note = 'orphan';

-- in a transaction, with a savepoint
BEGIN;
WITH d AS (DELETE FROM queue WHERE id = 9 RETURNING id) INSERT INTO archive SELECT id, 'tx', 0, 4 FROM d;
SAVEPOINT s1;
WITH d AS (DELETE FROM queue WHERE id = 106 RETURNING id) INSERT INTO archive SELECT id, 'tx2', 0, 4 FROM d;
ROLLBACK TO s1;
SELECT id, payload FROM archive WHERE moved_at_step = 4 ORDER BY id;
COMMIT;
SELECT count(*) FROM queue WHERE id IN (9, 106);

-- not at the top level
SELECT * FROM (WITH d AS (DELETE FROM queue RETURNING *) SELECT * FROM d) s;
SELECT (WITH d AS (DELETE FROM queue RETURNING id) SELECT count(*) FROM d);
INSERT INTO archive WITH d AS (DELETE FROM queue RETURNING *) SELECT id, payload, prio, 9 FROM d;
WITH outer_q AS (WITH d AS (DELETE FROM queue RETURNING *) SELECT * FROM d) SELECT * FROM outer_q;
WITH d AS (WITH x AS (DELETE FROM queue RETURNING id) SELECT * FROM x) SELECT 1;
WITH d AS (INSERT INTO archive WITH y AS (DELETE FROM queue RETURNING *) SELECT id, payload, prio, 9 FROM y) SELECT 1;
CREATE VIEW v_bad AS WITH d AS (DELETE FROM queue RETURNING *) SELECT * FROM d;
SELECT count(*) FROM queue;

-- names
WITH d AS (DELETE FROM queue WHERE id = 1 RETURNING *), d AS (SELECT 1) SELECT 1;
WITH d AS (DELETE FROM queue WHERE id = 106 RETURNING nosuch) SELECT 1;
WITH d AS (DELETE FROM nosuch RETURNING *) SELECT 1;
SELECT count(*) FROM queue WHERE id = 106;

-- prepared, with parameters shared by the WITH query and the statement
PREPARE mv(int, int) AS
WITH moved AS (DELETE FROM queue WHERE id BETWEEN $1 AND $2 RETURNING id, payload)
INSERT INTO archive SELECT id, payload, 0, $2 FROM moved RETURNING id;
EXECUTE mv(101, 103);
EXECUTE mv(101, 103);
EXECUTE mv(104, 110);
SELECT id, moved_at_step FROM archive WHERE moved_at_step > 100 ORDER BY id;
DEALLOCATE mv;

-- a cursor may not hold one
BEGIN;
DECLARE c CURSOR FOR WITH d AS (DELETE FROM queue WHERE id = 106 RETURNING *) SELECT * FROM d;
ROLLBACK;
SELECT count(*) FROM queue WHERE id = 106;

-- column names and types of the result
WITH d AS (UPDATE counters SET n = n + 1 WHERE k = 'a' RETURNING k AS key, n::text AS txt, n * 1.5 AS half) SELECT * FROM d;
WITH d AS (INSERT INTO queue VALUES (400, NULL, NULL) RETURNING payload, prio) SELECT payload IS NULL, prio FROM d;
