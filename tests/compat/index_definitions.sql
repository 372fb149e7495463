-- CREATE INDEX beyond plain column lists: expression keys, partial indexes
-- (WHERE), operator classes, access methods other than btree, and how the
-- catalog reports them (pg_get_indexdef, pg_indexes, pg_index, pg_attribute,
-- pg_class.relam). OmenDB builds only unique btree indexes; the others are
-- recorded as PostgreSQL records them.
CREATE TABLE ix_p (id int PRIMARY KEY, email varchar(100), name text, status text,
                   n int, tags text[], doc jsonb, addr inet, born date, price numeric);
CREATE INDEX ix_p_lower ON ix_p (lower(email));
CREATE INDEX ON ix_p (lower(name), upper(name));
CREATE INDEX ix_p_sum ON ix_p ((n + id));
CREATE INDEX ON ix_p ((n * 2) DESC NULLS LAST, name);
CREATE INDEX ix_p_active ON ix_p (email) WHERE status = 'active';
CREATE INDEX ix_p_notnull ON ix_p (name) WHERE status IS NOT NULL AND n > 0;
CREATE INDEX ix_p_like ON ix_p (email varchar_pattern_ops);
CREATE INDEX ix_p_tpo ON ix_p (name text_pattern_ops, status);
CREATE INDEX ix_p_default_ops ON ix_p (name text_ops);
CREATE INDEX ix_p_tags ON ix_p USING gin (tags);
CREATE INDEX ix_p_doc ON ix_p USING gin (doc);
CREATE INDEX ix_p_doc_path ON ix_p USING gin (doc jsonb_path_ops);
CREATE INDEX ix_p_hash ON ix_p USING hash (name);
CREATE INDEX ix_p_brin ON ix_p USING brin (born);
CREATE INDEX ix_p_spg ON ix_p USING spgist (addr);
CREATE INDEX ix_p_gist ON ix_p USING gist (addr inet_ops);
CREATE INDEX ix_p_coalesce ON ix_p (coalesce(status, 'none'));
CREATE INDEX ix_p_cast ON ix_p ((email::text));
CREATE INDEX ix_p_json ON ix_p ((doc ->> 'kind')) WHERE doc IS NOT NULL;
CREATE INDEX ix_p_btree ON ix_p USING btree (price);
CREATE UNIQUE INDEX ix_p_uniq ON ix_p (email);

SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ix_p' ORDER BY indexname;
SELECT c.relname, pg_get_indexdef(c.oid, 0, true) FROM pg_class c
 WHERE c.relkind = 'i' AND c.relname LIKE 'ix_p%' ORDER BY 1;
SELECT c.relname, k, pg_get_indexdef(c.oid, k, true), pg_get_indexdef(c.oid, k, false)
  FROM pg_class c, generate_series(1, 2) k
 WHERE c.relkind = 'i' AND c.relname IN ('ix_p_lower', 'ix_p_sum', 'ix_p_tpo', 'ix_p_lower_upper_idx')
 ORDER BY 1, 2;
SELECT c.relname, am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam
 WHERE c.relname LIKE 'ix_p%' ORDER BY 1;
SELECT c.relname, i.indkey::text, i.indexprs IS NOT NULL AS has_exprs,
       i.indpred IS NOT NULL AS has_pred, pg_get_expr(i.indpred, i.indrelid) AS pred,
       i.indisunique, i.indoption::text
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indrelid = 'ix_p'::regclass ORDER BY 1;
SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod)
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relname IN ('ix_p_lower', 'ix_p_sum', 'ix_p_lower_upper_idx', 'ix_p_expr_name_idx',
                     'ix_p_coalesce', 'ix_p_cast', 'ix_p_json')
 ORDER BY 1, 2;
SELECT amname, amtype FROM pg_am ORDER BY oid;

-- the table works as before
INSERT INTO ix_p (id, email, name, status, n) VALUES (1, 'A@x', 'Ann', 'active', 3), (2, 'b@x', 'Bob', NULL, 0);
SELECT id, lower(email) FROM ix_p WHERE lower(email) = 'a@x';
SELECT count(*) FROM ix_p WHERE status = 'active';

-- renamed and retyped columns are printed again; a dropped column takes its indexes
ALTER TABLE ix_p RENAME COLUMN email TO mail;
ALTER TABLE ix_p RENAME COLUMN status TO state;
SELECT indexname, indexdef FROM pg_indexes
 WHERE tablename = 'ix_p' AND indexname IN ('ix_p_lower', 'ix_p_active', 'ix_p_notnull', 'ix_p_sum')
 ORDER BY 1;
ALTER TABLE ix_p ALTER COLUMN n TYPE bigint;
SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_p_sum';
ALTER TABLE ix_p DROP COLUMN state;
SELECT indexname FROM pg_indexes WHERE tablename = 'ix_p' ORDER BY 1;
ALTER TABLE ix_p DROP COLUMN doc;
SELECT indexname FROM pg_indexes WHERE tablename = 'ix_p' ORDER BY 1;
DROP INDEX ix_p_lower;
DROP INDEX ix_p_hash, ix_p_brin;
SELECT indexname FROM pg_indexes WHERE tablename = 'ix_p' ORDER BY 1;
ALTER TABLE ix_p ALTER COLUMN mail TYPE int USING length(mail);

-- errors
CREATE INDEX ix_bad ON ix_p USING nosuch (name);
CREATE INDEX ix_bad ON ix_p USING gin (n);
CREATE INDEX ix_bad ON ix_p USING gist (name);
CREATE INDEX ix_bad ON ix_p (name nosuch_ops);
CREATE INDEX ix_bad ON ix_p (n text_pattern_ops);
CREATE INDEX ix_bad ON ix_p USING gin (tags jsonb_path_ops);
CREATE UNIQUE INDEX ix_bad ON ix_p USING hash (name);
CREATE INDEX ix_bad ON ix_p USING hash (name DESC);
CREATE INDEX ix_bad ON ix_p ((random() > 0.5));
CREATE INDEX ix_bad ON ix_p (name) WHERE random() > 0.5;
CREATE INDEX ix_bad ON ix_p (nosuch);
CREATE INDEX ix_bad ON ix_p ((nosuch + 1));
CREATE INDEX ix_bad ON ix_p (name) WHERE n;
CREATE INDEX ix_bad ON ix_p (name) WHERE nosuch > 0;
CREATE INDEX ix_bad ON ix_p ((SELECT 1));
CREATE INDEX ix_bad ON ix_p (name) WHERE count(*) > 0;
SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_bad';
DROP TABLE ix_p;
SELECT count(*) FROM pg_indexes WHERE tablename = 'ix_p';

-- CONCURRENTLY: accepted, but not inside a transaction block
CREATE TABLE ix_c (a int, b text);
CREATE INDEX CONCURRENTLY ix_c_a ON ix_c (a);
BEGIN;
CREATE INDEX CONCURRENTLY ix_c_b ON ix_c (b);
ROLLBACK;
CREATE INDEX ix_c_b ON ix_c USING hash (b) WHERE a IS NOT NULL;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ix_c' ORDER BY 1;
DROP TABLE ix_c;

-- INCLUDE columns
CREATE TABLE ix_i (a int, b text, c date, d jsonb);
CREATE INDEX ix_i_a ON ix_i (a) INCLUDE (b, c);
CREATE UNIQUE INDEX ix_i_u ON ix_i (a DESC) INCLUDE (d);
CREATE INDEX ix_i_p ON ix_i (lower(b)) INCLUDE (a) WHERE c IS NOT NULL;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ix_i' ORDER BY 1;
SELECT c.relname, i.indnatts, i.indnkeyatts, i.indkey::text, i.indoption::text, c.relnatts
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'ix_i'::regclass ORDER BY 1;
SELECT c.relname, a.attnum, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relname LIKE 'ix_i_%' ORDER BY 1, 2;
SELECT pg_get_indexdef('ix_i_a'::regclass, 2, true), pg_get_indexdef('ix_i_a'::regclass, 3, false);
INSERT INTO ix_i VALUES (1, 'x', NULL, NULL), (2, 'x', NULL, NULL);
INSERT INTO ix_i VALUES (1, 'y', NULL, NULL);
CREATE INDEX ix_bad ON ix_i USING hash (a) INCLUDE (b);
CREATE INDEX ix_bad ON ix_i (a) INCLUDE (nosuch);
CREATE INDEX ix_bad ON ix_i (a) INCLUDE ((a + 1));
ALTER TABLE ix_i DROP COLUMN c;
SELECT indexname FROM pg_indexes WHERE tablename = 'ix_i' ORDER BY 1;
ALTER TABLE ix_i RENAME COLUMN d TO dd;
SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_i_u';
DROP TABLE ix_i;
