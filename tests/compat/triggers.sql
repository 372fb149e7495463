-- Triggers with PL/pgSQL trigger functions: BEFORE row triggers changing NEW (INSERT, UPDATE)
-- or skipping rows by returning NULL (the command tags count only the rows done), BEFORE DELETE
-- returning OLD vs NULL; AFTER row triggers writing audit tables, multi-event triggers, TG_OP,
-- TG_NAME, TG_WHEN, TG_LEVEL, TG_TABLE_NAME/SCHEMA, TG_NARGS, TG_ARGV; FOR EACH STATEMENT
-- triggers (also on zero rows); firing order by name; errors raised in triggers (P0001, custom
-- SQLSTATE) and ROLLBACK; RETURNING of trigger-changed values; WHEN conditions; UPDATE OF;
-- cascading triggers; referential actions firing the child's row triggers; DROP TABLE/FUNCTION; TRUNCATE; ON CONFLICT; DDL errors 42704 42883 42P17
-- 42710 42P13 42703 0A000 2BP01. difftest discards NOTICEs; what triggers did is read from tables.

-- BEFORE INSERT row triggers changing NEW
CREATE TABLE trg_item (id int PRIMARY KEY, name text, qty int, price numeric(8,2), total numeric(10,2), status text);
CREATE FUNCTION trg_item_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.name := upper(NEW.name);
  IF NEW.status IS NULL THEN
    NEW.status := 'new';
  END IF;
  NEW.total := NEW.qty * NEW.price;
  RETURN NEW;
END
$$;
CREATE TRIGGER trg_item_fill BEFORE INSERT ON trg_item FOR EACH ROW EXECUTE FUNCTION trg_item_fill();
INSERT INTO trg_item (id, name, qty, price) VALUES (1, 'apple', 3, 0.50);
INSERT INTO trg_item VALUES (2, 'pear', 2, 1.25, NULL, 'held'), (3, 'Fig', 10, 0.10, 999.99, NULL);
INSERT INTO trg_item (id, name, qty, price) SELECT g, 'gen' || g, g, 1.50 FROM generate_series(5, 7) g;
SELECT * FROM trg_item ORDER BY id;
-- an INSERT trigger does not fire on UPDATE
UPDATE trg_item SET name = 'lower', qty = 100 WHERE id = 1 RETURNING name, qty, total;

-- BEFORE UPDATE row trigger keeping a version column, from OLD and NEW
CREATE TABLE trg_doc (id int PRIMARY KEY, body text, version int NOT NULL DEFAULT 1, prev_body text);
CREATE FUNCTION trg_doc_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.prev_body := OLD.body;
  RETURN NEW;
END $$;
CREATE TRIGGER trg_doc_version BEFORE UPDATE ON trg_doc FOR EACH ROW EXECUTE FUNCTION trg_doc_version();
INSERT INTO trg_doc (id, body) VALUES (1, 'a'), (2, 'b'), (3, 'c');
UPDATE trg_doc SET body = body || '2';
UPDATE trg_doc SET body = body || '3', version = 100 WHERE id >= 2;
SELECT * FROM trg_doc ORDER BY id;

-- BEFORE row triggers returning NULL skip the row; the command tag counts the rows done
CREATE TABLE trg_skip (id int PRIMARY KEY, v int);
CREATE FUNCTION trg_skip_neg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.v < 0 THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER trg_skip_ins BEFORE INSERT ON trg_skip FOR EACH ROW EXECUTE FUNCTION trg_skip_neg();
INSERT INTO trg_skip VALUES (1, 10);
INSERT INTO trg_skip VALUES (2, -1) RETURNING *;
INSERT INTO trg_skip VALUES (3, 30), (4, -4), (5, 50), (6, -6);
CREATE TRIGGER trg_skip_upd BEFORE UPDATE ON trg_skip FOR EACH ROW EXECUTE FUNCTION trg_skip_neg();
UPDATE trg_skip SET v = v - 20;
SELECT * FROM trg_skip ORDER BY id;
-- BEFORE DELETE: RETURN OLD deletes, RETURN NULL keeps the row
CREATE FUNCTION trg_keep_big() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.v >= 30 THEN
    RETURN NULL;
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER trg_skip_del BEFORE DELETE ON trg_skip FOR EACH ROW EXECUTE FUNCTION trg_keep_big();
DELETE FROM trg_skip RETURNING id;
SELECT * FROM trg_skip ORDER BY id;

-- AFTER row triggers writing an audit table; one function for INSERT OR UPDATE OR DELETE
CREATE TABLE trg_audit (seq serial PRIMARY KEY, op text, tbl text, row_id int, info text);
CREATE TABLE trg_acct (id int PRIMARY KEY, owner text, balance int);
CREATE FUNCTION trg_acct_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO trg_audit (op, tbl, row_id, info) VALUES (TG_OP, TG_TABLE_NAME, OLD.id, OLD.owner);
    RETURN OLD;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO trg_audit (op, tbl, row_id, info)
      VALUES (TG_OP, TG_TABLE_NAME, NEW.id, OLD.balance || '->' || NEW.balance);
    RETURN NEW;
  ELSE
    INSERT INTO trg_audit (op, tbl, row_id, info) VALUES (TG_OP, TG_TABLE_NAME, NEW.id, NEW.owner);
    RETURN NEW;
  END IF;
END $$;
CREATE TRIGGER trg_acct_audit AFTER INSERT OR UPDATE OR DELETE ON trg_acct
  FOR EACH ROW EXECUTE FUNCTION trg_acct_audit();
INSERT INTO trg_acct VALUES (1, 'ann', 100), (2, 'bob', 200), (3, 'cy', 300);
UPDATE trg_acct SET balance = balance + 5 WHERE id <> 2;
DELETE FROM trg_acct WHERE id = 2;
SELECT op, tbl, row_id, info FROM trg_audit ORDER BY row_id, seq;
-- the TG_* variables and trigger arguments
CREATE TABLE trg_info (tg_name text, tg_when text, tg_level text, tg_op text, tbl text, sch text,
  nargs int, arg0 text, arg1 text, arg5 text, new_id int, old_id int);
CREATE TABLE trg_vars (id int PRIMARY KEY, v text);
CREATE FUNCTION trg_record_vars() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_new int;
  v_old int;
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      v_new := NEW.id;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      v_old := OLD.id;
    END IF;
  END IF;
  INSERT INTO trg_info VALUES (TG_NAME, TG_WHEN, TG_LEVEL, TG_OP, TG_TABLE_NAME, TG_TABLE_SCHEMA,
    TG_NARGS, TG_ARGV[0], TG_ARGV[1], TG_ARGV[5], v_new, v_old);
  IF TG_WHEN = 'BEFORE' AND TG_LEVEL = 'ROW' THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    RETURN NEW;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER trg_vars_a AFTER INSERT OR DELETE ON trg_vars FOR EACH ROW EXECUTE FUNCTION trg_record_vars('x', 42);
CREATE TRIGGER trg_vars_b BEFORE UPDATE ON trg_vars FOR EACH ROW EXECUTE FUNCTION trg_record_vars();
CREATE TRIGGER trg_vars_s AFTER UPDATE ON trg_vars FOR EACH STATEMENT EXECUTE FUNCTION trg_record_vars('stmt');
INSERT INTO trg_vars VALUES (1, 'one');
UPDATE trg_vars SET id = 10 WHERE id = 1;
DELETE FROM trg_vars WHERE id = 10;
SELECT * FROM trg_info ORDER BY tg_op, tg_name;

-- FOR EACH STATEMENT triggers fire once per statement, even for zero rows
CREATE TABLE trg_stmt_count (tg text PRIMARY KEY, n int NOT NULL);
CREATE TABLE trg_stmt (id int PRIMARY KEY, v int);
CREATE FUNCTION trg_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k text := TG_WHEN || ' ' || TG_LEVEL || ' ' || TG_OP;
BEGIN
  UPDATE trg_stmt_count SET n = n + 1 WHERE tg = k;
  IF NOT FOUND THEN
    INSERT INTO trg_stmt_count VALUES (k, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER trg_stmt_before BEFORE INSERT OR UPDATE OR DELETE ON trg_stmt
  FOR EACH STATEMENT EXECUTE FUNCTION trg_count();
CREATE TRIGGER trg_stmt_after AFTER INSERT OR UPDATE OR DELETE ON trg_stmt EXECUTE FUNCTION trg_count();
CREATE TRIGGER trg_stmt_row AFTER INSERT OR UPDATE OR DELETE ON trg_stmt FOR EACH ROW EXECUTE FUNCTION trg_count();
INSERT INTO trg_stmt VALUES (1, 1), (2, 2), (3, 3);
UPDATE trg_stmt SET v = v + 1;
UPDATE trg_stmt SET v = 0 WHERE false;
DELETE FROM trg_stmt WHERE id = 1;
INSERT INTO trg_stmt SELECT 5, 5 WHERE false;
SELECT * FROM trg_stmt_count ORDER BY tg;

-- several triggers fire in byte order of their names; BEFORE triggers see the previous one's NEW
CREATE TABLE trg_order (id int PRIMARY KEY, v int);
CREATE TABLE trg_order_log (id int PRIMARY KEY, trail text NOT NULL);
INSERT INTO trg_order_log VALUES (1, '');
CREATE FUNCTION trg_append() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE trg_order_log SET trail = trail || TG_WHEN || ':' || TG_NAME || '=' || NEW.v || ';' WHERE id = 1;
  IF TG_WHEN = 'BEFORE' THEN
    NEW.v := NEW.v * 10 + TG_ARGV[0]::int;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER zeta BEFORE INSERT ON trg_order FOR EACH ROW EXECUTE FUNCTION trg_append(5);
CREATE TRIGGER alpha BEFORE INSERT ON trg_order FOR EACH ROW EXECUTE FUNCTION trg_append(2);
CREATE TRIGGER "Mid" BEFORE INSERT ON trg_order FOR EACH ROW EXECUTE FUNCTION trg_append(1);
CREATE TRIGGER beta2 BEFORE INSERT ON trg_order FOR EACH ROW EXECUTE FUNCTION trg_append(4);
CREATE TRIGGER beta10 BEFORE INSERT ON trg_order FOR EACH ROW EXECUTE FUNCTION trg_append(3);
CREATE TRIGGER after_a AFTER INSERT ON trg_order FOR EACH ROW EXECUTE FUNCTION trg_append(0);
INSERT INTO trg_order VALUES (1, 0);
SELECT trail FROM trg_order_log;

-- an exception in a trigger aborts the whole statement
CREATE TABLE trg_guard (id int PRIMARY KEY, amount int);
CREATE FUNCTION trg_guard_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.amount < 0 THEN
    RAISE EXCEPTION 'negative amount % for id %', NEW.amount, NEW.id;
  END IF;
  IF NEW.amount > 1000 THEN
    RAISE EXCEPTION 'amount % too large', NEW.amount USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER trg_guard_check BEFORE INSERT OR UPDATE ON trg_guard FOR EACH ROW EXECUTE FUNCTION trg_guard_check();
INSERT INTO trg_guard VALUES (1, 10), (2, 20);
INSERT INTO trg_guard VALUES (3, 30), (4, -1);
INSERT INTO trg_guard VALUES (5, 5000);
UPDATE trg_guard SET amount = amount - 15;
SELECT * FROM trg_guard ORDER BY id;
-- an AFTER trigger's error undoes the rows and the audit rows of the statement
CREATE FUNCTION trg_fail_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.owner = 'bad' THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'bad owner';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER trg_acct_fail AFTER INSERT ON trg_acct FOR EACH ROW EXECUTE FUNCTION trg_fail_after();
INSERT INTO trg_acct VALUES (5, 'eve', 500), (6, 'bad', 600);
SELECT count(*) FROM trg_acct WHERE id IN (5, 6);
SELECT count(*) FROM trg_audit WHERE row_id IN (5, 6);

-- triggers and transactions
BEGIN;
INSERT INTO trg_acct VALUES (10, 'tx', 1);
SELECT op, row_id FROM trg_audit WHERE row_id = 10 ORDER BY op;
ROLLBACK;
SELECT count(*) FROM trg_audit WHERE row_id = 10;
SELECT count(*) FROM trg_acct WHERE id = 10;

-- CREATE/DROP TRIGGER and their errors
CREATE TABLE trg_ddl (id int PRIMARY KEY, v text);
CREATE FUNCTION trg_upper_v() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.v := upper(NEW.v);
  RETURN NEW;
END $$;
CREATE FUNCTION trg_lower_v() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.v := lower(NEW.v);
  RETURN NEW;
END $$;
CREATE FUNCTION trg_not_trigger() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN 1;
END $$;
CREATE TRIGGER trg_ddl_case BEFORE INSERT ON trg_ddl FOR EACH ROW EXECUTE FUNCTION trg_upper_v();
CREATE TRIGGER trg_ddl_case BEFORE INSERT ON trg_ddl FOR EACH ROW EXECUTE FUNCTION trg_lower_v();
INSERT INTO trg_ddl VALUES (1, 'MiXed');
CREATE OR REPLACE TRIGGER trg_ddl_case BEFORE INSERT ON trg_ddl FOR EACH ROW EXECUTE FUNCTION trg_lower_v();
INSERT INTO trg_ddl VALUES (2, 'MiXed');
CREATE TRIGGER trg_ddl_x BEFORE INSERT ON trg_ddl FOR EACH ROW EXECUTE FUNCTION trg_no_such_function();
CREATE TRIGGER trg_ddl_x BEFORE INSERT ON trg_ddl FOR EACH ROW EXECUTE FUNCTION trg_not_trigger();
CREATE FUNCTION trg_with_arg(p int) RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NEW;
END $$;
SELECT trg_upper_v();
DROP TRIGGER trg_no_such_trigger ON trg_ddl;
DROP TRIGGER IF EXISTS trg_no_such_trigger ON trg_ddl;
DROP TRIGGER trg_ddl_case ON trg_ddl;
DROP TRIGGER trg_ddl_case ON trg_ddl;
INSERT INTO trg_ddl VALUES (3, 'MiXed');
SELECT * FROM trg_ddl ORDER BY id;

-- a BEFORE UPDATE trigger changing a column of the WHERE; RETURNING shows the trigger's values
CREATE TABLE trg_ret (id int PRIMARY KEY, name text, grp int, touched int NOT NULL DEFAULT 0);
CREATE FUNCTION trg_ret_fix() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.name := initcap(NEW.name);
  IF TG_OP = 'UPDATE' THEN
    NEW.grp := NEW.grp + 1;
    NEW.touched := OLD.touched + 1;
  ELSE
    NEW.touched := 0;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER trg_ret_fix BEFORE INSERT OR UPDATE ON trg_ret FOR EACH ROW EXECUTE FUNCTION trg_ret_fix();
INSERT INTO trg_ret VALUES (1, 'ann lee', 1, 99), (2, 'BOB', 1, DEFAULT), (3, 'cy', 2, DEFAULT) RETURNING *;
UPDATE trg_ret SET name = name || ' jr' WHERE grp = 1 RETURNING id, name, grp, touched;
SELECT * FROM trg_ret ORDER BY id;

-- WHEN conditions
CREATE TABLE trg_big (id int PRIMARY KEY, amount int, note text);
CREATE TABLE trg_big_log (id int, amount int, op text);
CREATE FUNCTION trg_big_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO trg_big_log VALUES (NEW.id, NEW.amount, TG_OP);
  RETURN NULL;
END $$;
CREATE TRIGGER trg_big_ins AFTER INSERT ON trg_big FOR EACH ROW WHEN (NEW.amount > 100) EXECUTE FUNCTION trg_big_note();
CREATE TRIGGER trg_big_upd AFTER UPDATE ON trg_big FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION trg_big_note();
INSERT INTO trg_big VALUES (1, 50, NULL), (2, 150, NULL), (3, NULL, NULL), (4, 101, 'x'), (5, 100, NULL);
UPDATE trg_big SET amount = amount, note = note;
UPDATE trg_big SET amount = 200 WHERE id IN (1, 2);
UPDATE trg_big SET note = 'n' WHERE id = 3;
UPDATE trg_big SET note = NULL WHERE id IN (4, 5);
SELECT * FROM trg_big_log ORDER BY op, id;

-- UPDATE OF column list: fires only when a listed column is in the SET list
CREATE TABLE trg_price (id int PRIMARY KEY, price numeric(8,2), qty int, price_changes int NOT NULL DEFAULT 0);
CREATE FUNCTION trg_price_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.price_changes := OLD.price_changes + 1;
  RETURN NEW;
END $$;
CREATE TRIGGER trg_price_bump BEFORE UPDATE OF price ON trg_price FOR EACH ROW EXECUTE FUNCTION trg_price_bump();
INSERT INTO trg_price (id, price, qty) VALUES (1, 1.00, 5), (2, 2.00, 6);
UPDATE trg_price SET qty = qty + 1;
UPDATE trg_price SET price = price WHERE id = 1;
UPDATE trg_price SET qty = 0, price = price * 2 WHERE id = 2;
SELECT * FROM trg_price ORDER BY id;
CREATE TRIGGER trg_price_x BEFORE UPDATE OF no_such_column ON trg_price FOR EACH ROW EXECUTE FUNCTION trg_price_bump();

-- cascading triggers: a trigger's DML fires the triggers of another table
CREATE TABLE trg_orders (id int PRIMARY KEY, customer text NOT NULL, amount int NOT NULL);
CREATE TABLE trg_cust_total (customer text PRIMARY KEY, total int NOT NULL, orders int NOT NULL);
CREATE TABLE trg_cust_log (customer text, total int, op text);
CREATE FUNCTION trg_orders_sum() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE trg_cust_total SET total = total + NEW.amount, orders = orders + 1 WHERE customer = NEW.customer;
  IF NOT FOUND THEN
    INSERT INTO trg_cust_total VALUES (NEW.customer, NEW.amount, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION trg_cust_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO trg_cust_log VALUES (NEW.customer, NEW.total, TG_OP);
  RETURN NULL;
END $$;
CREATE TRIGGER trg_orders_sum AFTER INSERT ON trg_orders FOR EACH ROW EXECUTE FUNCTION trg_orders_sum();
CREATE TRIGGER trg_cust_note AFTER INSERT OR UPDATE ON trg_cust_total FOR EACH ROW EXECUTE FUNCTION trg_cust_note();
INSERT INTO trg_orders VALUES (1, 'acme', 10), (2, 'acme', 5), (3, 'bolt', 7), (4, 'acme', 1);
SELECT * FROM trg_cust_total ORDER BY customer;
SELECT * FROM trg_cust_log ORDER BY customer, total;
-- a trigger updating another row of its own table
CREATE TABLE trg_node (id int PRIMARY KEY, parent_id int, children int NOT NULL DEFAULT 0);
CREATE FUNCTION trg_node_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE trg_node SET children = children + 1 WHERE id = NEW.parent_id;
  ELSE
    UPDATE trg_node SET children = children - 1 WHERE id = OLD.parent_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER trg_node_count AFTER INSERT OR DELETE ON trg_node FOR EACH ROW EXECUTE FUNCTION trg_node_count();
INSERT INTO trg_node (id, parent_id) VALUES (1, NULL), (2, 1), (3, 1);
INSERT INTO trg_node (id, parent_id) VALUES (4, 2), (5, NULL), (6, 5), (7, 5);
DELETE FROM trg_node WHERE id IN (3, 7);
SELECT * FROM trg_node ORDER BY id;

-- DROP TABLE drops its triggers; a function in use by a trigger cannot be dropped
DROP FUNCTION trg_acct_audit();
DROP TABLE trg_acct;
CREATE TABLE trg_acct (id int PRIMARY KEY, owner text, balance int);
INSERT INTO trg_acct VALUES (50, 'fresh', 1);
SELECT count(*) FROM trg_audit WHERE row_id = 50;
DROP FUNCTION trg_acct_audit();
DROP FUNCTION trg_item_fill() CASCADE;
INSERT INTO trg_item (id, name, qty, price) VALUES (8, 'plum', 1, 1.00) RETURNING *;

-- TRUNCATE fires no row DELETE triggers (only TRUNCATE statement triggers)
CREATE TABLE trg_trunc (id int PRIMARY KEY, owner text);
CREATE TRIGGER trg_trunc_del AFTER DELETE ON trg_trunc FOR EACH ROW EXECUTE FUNCTION trg_count();
CREATE TRIGGER trg_trunc_stmt BEFORE TRUNCATE ON trg_trunc FOR EACH STATEMENT EXECUTE FUNCTION trg_count();
INSERT INTO trg_trunc VALUES (1, 'a'), (2, 'b'), (3, 'c');
DELETE FROM trg_trunc WHERE id = 1;
TRUNCATE trg_trunc;
SELECT * FROM trg_stmt_count ORDER BY tg;
CREATE TRIGGER trg_trunc_row AFTER TRUNCATE ON trg_trunc FOR EACH ROW EXECUTE FUNCTION trg_count();

-- INSERT ... ON CONFLICT: BEFORE INSERT fires for the proposed row, then the UPDATE triggers
CREATE TABLE trg_upsert (k text PRIMARY KEY, n int);
CREATE TABLE trg_upsert_log (seq serial PRIMARY KEY, tg text, k text, n int);
CREATE FUNCTION trg_upsert_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    INSERT INTO trg_upsert_log (tg, k, n) VALUES (TG_WHEN || ' STATEMENT ' || TG_OP, NULL, NULL);
    RETURN NULL;
  END IF;
  IF TG_WHEN = 'BEFORE' AND TG_OP = 'INSERT' THEN
    NEW.n := NEW.n * 10;
  END IF;
  INSERT INTO trg_upsert_log (tg, k, n) VALUES (TG_WHEN || ' ' || TG_OP, NEW.k, NEW.n);
  RETURN NEW;
END $$;
CREATE TRIGGER trg_up_bi BEFORE INSERT ON trg_upsert FOR EACH ROW EXECUTE FUNCTION trg_upsert_note();
CREATE TRIGGER trg_up_bu BEFORE UPDATE ON trg_upsert FOR EACH ROW EXECUTE FUNCTION trg_upsert_note();
CREATE TRIGGER trg_up_ai AFTER INSERT ON trg_upsert FOR EACH ROW EXECUTE FUNCTION trg_upsert_note();
CREATE TRIGGER trg_up_au AFTER UPDATE ON trg_upsert FOR EACH ROW EXECUTE FUNCTION trg_upsert_note();
INSERT INTO trg_upsert VALUES ('a', 1);
INSERT INTO trg_upsert VALUES ('a', 2) ON CONFLICT (k) DO UPDATE SET n = trg_upsert.n + EXCLUDED.n RETURNING *;
SELECT tg, k, n FROM trg_upsert_log ORDER BY seq;
INSERT INTO trg_upsert VALUES ('a', 3) ON CONFLICT DO NOTHING;
SELECT tg, k, n FROM trg_upsert_log WHERE seq > 5 ORDER BY seq;
SELECT * FROM trg_upsert ORDER BY k;

-- referential actions (ON DELETE CASCADE / SET NULL, ON UPDATE CASCADE) fire the child's row triggers
CREATE TABLE trg_par (id int PRIMARY KEY, name text);
CREATE TABLE trg_kid (id int PRIMARY KEY, par int REFERENCES trg_par ON DELETE CASCADE ON UPDATE CASCADE, note text);
CREATE TABLE trg_kid2 (id int PRIMARY KEY, par int REFERENCES trg_par ON DELETE SET NULL, note text);
CREATE TABLE trg_kid_log (seq serial PRIMARY KEY, what text);
CREATE FUNCTION trg_kid_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO trg_kid_log (what) VALUES (TG_TABLE_NAME || ' ' || TG_WHEN || ' ' || TG_OP || ' old=' || coalesce(OLD.par::text, 'null') || ' new=' || coalesce(NEW.par::text, 'null'));
  IF TG_WHEN = 'BEFORE' AND TG_OP = 'UPDATE' THEN NEW.note := coalesce(NEW.note, '') || '+'; END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER k_b BEFORE UPDATE OR DELETE ON trg_kid FOR EACH ROW EXECUTE FUNCTION trg_kid_note();
CREATE TRIGGER k_a AFTER UPDATE OR DELETE ON trg_kid FOR EACH ROW EXECUTE FUNCTION trg_kid_note();
CREATE TRIGGER k2_b BEFORE UPDATE ON trg_kid2 FOR EACH ROW EXECUTE FUNCTION trg_kid_note();
CREATE TRIGGER k2_a AFTER UPDATE ON trg_kid2 FOR EACH ROW EXECUTE FUNCTION trg_kid_note();
INSERT INTO trg_par VALUES (1, 'a'), (2, 'b'), (3, 'c');
INSERT INTO trg_kid VALUES (10, 1, 'x'), (11, 1, NULL), (12, 2, 'y');
INSERT INTO trg_kid2 VALUES (20, 3, 'z'), (21, 2, NULL);
UPDATE trg_par SET id = 5 WHERE id = 1;
DELETE FROM trg_par WHERE id = 2;
DELETE FROM trg_par WHERE id = 3;
SELECT * FROM trg_kid ORDER BY id;
SELECT * FROM trg_kid2 ORDER BY id;
SELECT what FROM trg_kid_log ORDER BY seq;

-- BEFORE UPDATE triggers fire once per row: a row two FROM rows match, and a row updated twice in
-- one transaction
CREATE TABLE mm (id int PRIMARY KEY, v int, n int DEFAULT 0);
CREATE TABLE mm_src (id int, d int);
CREATE TABLE mm_log (id int, v int);
INSERT INTO mm VALUES (1, 10), (2, 20);
INSERT INTO mm_src VALUES (1, 1), (1, 2), (2, 5);
CREATE FUNCTION mm_b() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.n := OLD.n + 1; INSERT INTO mm_log VALUES (NEW.id, NEW.v); RETURN NEW; END $$;
CREATE TRIGGER mm_t BEFORE UPDATE ON mm FOR EACH ROW EXECUTE FUNCTION mm_b();
UPDATE mm SET v = mm.v + s.d FROM mm_src s WHERE s.id = mm.id AND s.d <> 2;
SELECT * FROM mm ORDER BY id;
SELECT count(*) FROM mm_log;
BEGIN;
UPDATE mm SET v = v + 1 WHERE id = 1;
UPDATE mm SET v = v + 1 WHERE id = 1;
COMMIT;
SELECT * FROM mm ORDER BY id;
SELECT count(*) FROM mm_log;
UPDATE mm SET n = n FROM mm_src s WHERE s.id = mm.id;
SELECT id, n FROM mm ORDER BY id;
SELECT count(*) FROM mm_log;
DELETE FROM mm WHERE id = 2;
SELECT * FROM mm ORDER BY id;
