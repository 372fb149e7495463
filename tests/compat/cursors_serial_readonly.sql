-- SQL cursors (DECLARE / FETCH / MOVE / CLOSE), SERIAL columns with nextval/setval,
-- READ ONLY transactions, ARRAY(SELECT ...) and unnest: what drivers (psycopg named
-- cursors, ORMs' serial keys, read-only sessions) and psql's \d+ / \du rely on.

CREATE TABLE cur_t (id int PRIMARY KEY, name text);
INSERT INTO cur_t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e'), (6, 'f'), (7, 'g');

-- cursors live in transaction blocks
DECLARE c0 CURSOR FOR SELECT id FROM cur_t;
BEGIN;
DECLARE c1 CURSOR FOR SELECT id, name FROM cur_t WHERE id > 1 ORDER BY id;
FETCH 2 FROM c1;
MOVE 1 IN c1;
FETCH NEXT FROM c1;
FETCH FORWARD 1 FROM c1;
FETCH ALL FROM c1;
FETCH 1 FROM c1;
CLOSE c1;
COMMIT;
BEGIN;
DECLARE c2 NO SCROLL CURSOR FOR SELECT name FROM cur_t ORDER BY id DESC;
FETCH c2;
FETCH 0 FROM c2;
FETCH FORWARD ALL FROM c2;
CLOSE ALL;
ROLLBACK;
BEGIN;
FETCH 1 FROM nosuch;
ROLLBACK;
BEGIN;
CLOSE nosuch;
ROLLBACK;
BEGIN;
DECLARE c3 CURSOR FOR SELECT 1;
DECLARE c3 CURSOR FOR SELECT 2;
ROLLBACK;
BEGIN;
DECLARE c4 NO SCROLL CURSOR FOR SELECT id FROM cur_t ORDER BY id;
FETCH 1 FROM c4;
FETCH BACKWARD 1 FROM c4;
ROLLBACK;
BEGIN;
DECLARE c5 CURSOR FOR SELECT id FROM cur_t WHERE id / (id - id) = 1;
FETCH 1 FROM c5;
ROLLBACK;

-- serial columns
CREATE TABLE ser (id serial PRIMARY KEY, big bigserial, small smallserial, note text);
INSERT INTO ser (note) VALUES ('one'), ('two');
INSERT INTO ser (id, note) VALUES (10, 'explicit');
INSERT INTO ser (note) VALUES ('three') RETURNING id, big, small, note;
INSERT INTO ser (note) SELECT 'copy ' || note FROM ser WHERE id < 3 ORDER BY id;
SELECT * FROM ser ORDER BY id;
SELECT nextval('ser_id_seq');
SELECT nextval('ser_id_seq'::regclass);
SELECT setval('ser_big_seq', 100);
INSERT INTO ser (note) VALUES ('after setval') RETURNING id, big;
SELECT setval('ser_big_seq', 200, false);
INSERT INTO ser (note) VALUES ('after setval false') RETURNING big;
SELECT pg_get_serial_sequence('ser', 'id'), pg_get_serial_sequence('ser', 'note');
SELECT column_name, column_default, is_nullable FROM information_schema.columns
 WHERE table_name = 'ser' ORDER BY ordinal_position;
SELECT nextval('nosuch_seq');
CREATE TABLE ser_bad (id serial DEFAULT 1);
INSERT INTO ser (id) VALUES (NULL);

-- READ ONLY transactions
BEGIN READ ONLY;
SHOW transaction_read_only;
SELECT count(*) FROM ser;
INSERT INTO ser (note) VALUES ('no');
ROLLBACK;
BEGIN;
SET TRANSACTION READ ONLY;
UPDATE ser SET note = 'no';
ROLLBACK;
START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;
DELETE FROM ser;
ROLLBACK;
SET default_transaction_read_only = on;
SHOW default_transaction_read_only;
CREATE TABLE ro_t (a int);
BEGIN READ WRITE;
SHOW transaction_read_only;
INSERT INTO ser (note) VALUES ('read write block');
COMMIT;
SET default_transaction_read_only = off;
SELECT count(*) FROM ser WHERE note = 'read write block';

-- ARRAY(SELECT ...) and unnest
SELECT ARRAY(SELECT name FROM cur_t WHERE id <= 3 ORDER BY id)::text;
SELECT ARRAY(SELECT name FROM cur_t WHERE false)::text;
SELECT id, ARRAY(SELECT c.name FROM cur_t c WHERE c.id <= o.id ORDER BY c.id)::text AS names
  FROM cur_t o WHERE o.id <= 3 ORDER BY id;
SELECT array_to_string(ARRAY(SELECT name FROM cur_t ORDER BY id), ', ');
SELECT x FROM unnest(ARRAY(SELECT name FROM cur_t WHERE id < 3 ORDER BY id)) x;

-- pg_cursors lists the session's named portals
begin;
declare c1 cursor for select 1;
declare "Big C" binary cursor for select 2 as x;
select name, statement, is_holdable, is_binary, is_scrollable, creation_time <= now() + interval '1 min' as recent from pg_cursors order by name;
close c1;
select name from pg_cursors;
commit;
select count(*) from pg_cursors;
