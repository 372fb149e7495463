-- DO blocks: anonymous PL/pgSQL run once. The migration idioms (create a table, a
-- column, an index, a type or a constraint only when it is missing, by a catalog test or
-- by catching duplicate_*), DML in loops, SELECT INTO and conditions, EXECUTE of
-- dynamic DDL, exception blocks, RETURN to leave early, RAISE (NOTICE only runs: difftest
-- discards notices; EXCEPTION fails the statement), DO inside transactions, and the
-- errors (42601, 42704, 0A000, 42804, P0001/P0002/P0004, 25P02).
-- What a block did is seen through the tables it wrote.

CREATE TABLE results (k text PRIMARY KEY, v text);

-- the forms of DO
DO $$ BEGIN END $$;
DO $$
BEGIN
  RAISE NOTICE 'hello from DO: % and %%', 42;
END
$$;
DO LANGUAGE plpgsql $$ BEGIN RAISE NOTICE 'language first'; END $$;
DO $$ BEGIN RAISE INFO 'language last'; END $$ LANGUAGE plpgsql;
DO 'BEGIN INSERT INTO results VALUES (''quoted body'', ''yes''); END';
DO $body$
DECLARE
  greeting text := 'dollar $$ inside';
BEGIN
  INSERT INTO results VALUES ('tagged body', greeting);
END
$body$;
SELECT * FROM results ORDER BY k;

-- migration idiom: create a table if it does not exist (twice: the second run does nothing)
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'widgets') THEN
    CREATE TABLE widgets (id int PRIMARY KEY, name text NOT NULL);
    INSERT INTO results VALUES ('widgets created', 'once');
  END IF;
END $$;
SELECT table_name FROM information_schema.tables WHERE table_name = 'widgets';
INSERT INTO widgets VALUES (1, 'bolt');
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'widgets') THEN
    CREATE TABLE widgets (id int PRIMARY KEY, name text NOT NULL);
    INSERT INTO results VALUES ('widgets created', 'twice');
  END IF;
END $$;
SELECT * FROM widgets ORDER BY id;
SELECT * FROM results WHERE k LIKE 'widgets%' ORDER BY k;
-- the same on one line, as migration tools write it
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'gadgets') THEN CREATE TABLE gadgets (id int PRIMARY KEY, label text); END IF; END $$;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'gadgets') THEN CREATE TABLE gadgets (id int PRIMARY KEY, label text); END IF; END $$;
SELECT table_name FROM information_schema.tables WHERE table_name IN ('gadgets', 'widgets') ORDER BY table_name;
-- add a column if it is missing
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_name = 'widgets' AND column_name = 'qty') THEN
    ALTER TABLE widgets ADD COLUMN qty int DEFAULT 0;
  END IF;
END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_name = 'widgets' AND column_name = 'qty') THEN
    ALTER TABLE widgets ADD COLUMN qty int DEFAULT 0;
  END IF;
END $$;
SELECT * FROM widgets ORDER BY id;
-- an index if it is missing
DO $$
BEGIN
  IF to_regclass('widgets_name_idx') IS NULL THEN
    CREATE INDEX widgets_name_idx ON widgets (name);
  END IF;
END $$;
DO $$
BEGIN
  IF to_regclass('widgets_name_idx') IS NULL THEN
    CREATE INDEX widgets_name_idx ON widgets (name);
  END IF;
END $$;
SELECT indexname FROM pg_indexes WHERE tablename = 'widgets' ORDER BY indexname;
-- a type if it is missing, by a catalog test and by catching duplicate_object
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
  END IF;
END $$;
DO $$
BEGIN
  CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
EXCEPTION
  WHEN duplicate_object THEN
    RAISE NOTICE 'type mood exists, skipping';
END $$;
SELECT 'happy'::mood > 'sad'::mood;
-- a constraint if it is missing
DO $$
BEGIN
  ALTER TABLE widgets ADD CONSTRAINT widgets_qty_nonneg CHECK (qty >= 0);
EXCEPTION
  WHEN duplicate_object THEN
    INSERT INTO results VALUES ('constraint', 'existed');
END $$;
DO $$
BEGIN
  ALTER TABLE widgets ADD CONSTRAINT widgets_qty_nonneg CHECK (qty >= 0);
EXCEPTION
  WHEN duplicate_object THEN
    INSERT INTO results VALUES ('constraint', 'existed');
END $$;
SELECT * FROM results WHERE k = 'constraint';
INSERT INTO widgets VALUES (99, 'negative', -1);
-- a table, by catching duplicate_table
DO $$
BEGIN
  CREATE TABLE widgets (id int);
EXCEPTION
  WHEN duplicate_table THEN
    INSERT INTO results VALUES ('duplicate_table', SQLSTATE);
END $$;
SELECT * FROM results WHERE k = 'duplicate_table';

-- DML in DO blocks
DO $$
BEGIN
  FOR i IN 2..6 LOOP
    INSERT INTO widgets (id, name, qty) VALUES (i, 'w' || i, i * 10);
  END LOOP;
  UPDATE widgets SET qty = qty + 1 WHERE id % 2 = 0;
  DELETE FROM widgets WHERE id = 5;
END $$;
SELECT * FROM widgets ORDER BY id;
DO $$
DECLARE
  n int;
  total bigint;
  top_name widgets.name%TYPE;
BEGIN
  SELECT count(*), sum(qty) INTO n, total FROM widgets;
  SELECT name INTO top_name FROM widgets ORDER BY qty DESC, id LIMIT 1;
  RAISE NOTICE 'widgets: %, total qty: %, top: %', n, total, top_name;
  INSERT INTO results VALUES ('summary', n || '/' || total || '/' || top_name);
END $$;
SELECT v FROM results WHERE k = 'summary';
DO $$
DECLARE
  r record;
  n int;
BEGIN
  FOR r IN SELECT id, name FROM widgets WHERE qty > 20 ORDER BY id LOOP
    UPDATE widgets SET name = upper(r.name) || '#' || r.id WHERE id = r.id;
  END LOOP;
  UPDATE widgets SET qty = qty * 2 WHERE name LIKE 'W%';
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO results VALUES ('doubled', n::text || ' ' || FOUND);
END $$;
SELECT * FROM widgets ORDER BY id;
SELECT v FROM results WHERE k = 'doubled';
DO $$
DECLARE
  new_id int;
BEGIN
  INSERT INTO widgets (id, name) VALUES (10, 'nut') RETURNING id * 100 INTO new_id;
  INSERT INTO results VALUES ('returning', new_id::text);
END $$;
SELECT v FROM results WHERE k = 'returning';
-- RETURN leaves a DO block early
DO $$
BEGIN
  INSERT INTO results VALUES ('early', 'kept');
  IF (SELECT count(*) FROM widgets) > 0 THEN
    RETURN;
  END IF;
  INSERT INTO results VALUES ('late', 'not reached');
END $$;
SELECT * FROM results WHERE k IN ('early', 'late') ORDER BY k;

-- dynamic DDL and DML
DO $$
BEGIN
  FOR i IN 1..3 LOOP
    EXECUTE format('CREATE TABLE %I (id int PRIMARY KEY, v text)', 'part_' || i);
    EXECUTE format('INSERT INTO %I SELECT g, $1 FROM generate_series(1, $2) g', 'part_' || i)
      USING 'part ' || i, i;
  END LOOP;
END $$;
SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'part\_%' ORDER BY table_name;
SELECT 'part_2' AS t, * FROM part_2 ORDER BY id;
DO $$
DECLARE
  r record;
  n bigint;
  acc text := '';
BEGIN
  FOR r IN SELECT table_name FROM information_schema.tables
           WHERE table_name LIKE 'part\_%' ORDER BY table_name LOOP
    EXECUTE 'SELECT count(*) FROM ' || quote_ident(r.table_name) INTO n;
    acc := acc || r.table_name || '=' || n || ' ';
    EXECUTE 'DROP TABLE ' || quote_ident(r.table_name);
  END LOOP;
  INSERT INTO results VALUES ('dropped', acc);
END $$;
SELECT v FROM results WHERE k = 'dropped';
SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'part\_%';

-- exception blocks: the block's changes are undone, the rest stays
DO $$
BEGIN
  INSERT INTO results VALUES ('outer', 'kept');
  BEGIN
    INSERT INTO results VALUES ('inner', 'undone');
    INSERT INTO widgets VALUES (1, 'duplicate key');
  EXCEPTION
    WHEN unique_violation THEN
      INSERT INTO results VALUES ('handler', SQLSTATE);
  END;
END $$;
SELECT * FROM results WHERE k IN ('outer', 'inner', 'handler') ORDER BY k;

-- errors
DO $$ BEGIN RAISE EXCEPTION 'boom %', 1; END $$;
DO $$ BEGIN RAISE EXCEPTION 'bad' USING ERRCODE = 'check_violation', HINT = 'a hint'; END $$;
DO $$
BEGIN
  INSERT INTO results VALUES ('doomed', 'rolled back');
  PERFORM 1 / 0;
END $$;
SELECT count(*) FROM results WHERE k = 'doomed';
DO $$
DECLARE
  n int;
BEGIN
  SELECT id INTO STRICT n FROM widgets WHERE id < 0;
END $$;
DO $$ BEGIN ASSERT (SELECT count(*) FROM widgets) = 0, 'widgets not empty'; END $$;
DO $$ BEGIN ASSERT (SELECT count(*) FROM widgets) > 0; END $$;
DO $$ BEGIN INSERT INTO results VALUES ('x' END $$;
DO $$ BEGIN IF true THEN NULL; END $$;
DO $$ BEGIN RETURN 1; END $$;
DO $$ BEGIN PERFORM nosuch_column FROM widgets; END $$;
DO $$ BEGIN INSERT INTO nosuch_table VALUES (1); END $$;
DO LANGUAGE nosuchlang $$ BEGIN END $$;
DO LANGUAGE sql $$ SELECT 1 $$;

-- inside transactions
BEGIN;
DO $$ BEGIN INSERT INTO results VALUES ('tx rolled back', 'gone'); END $$;
SELECT count(*) FROM results WHERE k = 'tx rolled back';
ROLLBACK;
SELECT count(*) FROM results WHERE k = 'tx rolled back';
BEGIN;
DO $$ BEGIN INSERT INTO results VALUES ('tx committed', 'kept'); END $$;
COMMIT;
SELECT v FROM results WHERE k = 'tx committed';
BEGIN;
DO $$ BEGIN RAISE EXCEPTION 'abort the transaction'; END $$;
SELECT 1;
ROLLBACK;
BEGIN;
DO $$
BEGIN
  CREATE TABLE tx_made (id int);
  INSERT INTO tx_made VALUES (1), (2);
END $$;
SELECT count(*) FROM tx_made;
ROLLBACK;
SELECT count(*) FROM tx_made;

-- cleanup
DROP TABLE widgets, gadgets, results;
DROP TYPE mood;
