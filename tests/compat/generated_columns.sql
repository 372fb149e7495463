-- Generated columns: GENERATED ALWAYS AS (expr) STORED, computed on INSERT,
-- COPY, UPDATE and INSERT ... ON CONFLICT DO UPDATE, refused as a write
-- target, reported as PostgreSQL reports them.
CREATE TABLE gc (id int PRIMARY KEY, a int, b int,
                 total int GENERATED ALWAYS AS (a + b) STORED,
                 label text GENERATED ALWAYS AS ('#' || id::text || coalesce('-' || lower(note), '')) STORED,
                 note text,
                 twice numeric GENERATED ALWAYS AS (a * 2) STORED);
INSERT INTO gc (id, a, b, note) VALUES (1, 1, 2, 'X'), (2, 10, NULL, NULL);
INSERT INTO gc VALUES (3, 5, 5, DEFAULT, DEFAULT, 'Y', DEFAULT);
INSERT INTO gc (id, a, b) SELECT g, g, g * 10 FROM generate_series(4, 6) g;
SELECT * FROM gc ORDER BY id;
UPDATE gc SET a = a + 100 WHERE id <= 2 RETURNING id, a, total, twice;
UPDATE gc SET note = 'Changed', b = 0 WHERE id = 3 RETURNING *;
UPDATE gc SET total = DEFAULT, a = 7 WHERE id = 4 RETURNING total;
INSERT INTO gc (id, a, b) VALUES (1, 0, 0)
  ON CONFLICT (id) DO UPDATE SET b = excluded.b + 1000, note = 'upsert' RETURNING *;
INSERT INTO gc (id, a, b) VALUES (9, 1, 1) ON CONFLICT (id) DO NOTHING RETURNING total;
SELECT * FROM gc ORDER BY id;
SELECT id FROM gc WHERE total > 100 ORDER BY id;

-- writes into a generated column
INSERT INTO gc (id, a, b, total) VALUES (20, 1, 1, 5);
INSERT INTO gc VALUES (21, 1, 1, 5, 'x', 'y', 1);
INSERT INTO gc (id, total) SELECT 22, 1;
UPDATE gc SET total = 1;
UPDATE gc SET twice = twice;
INSERT INTO gc (id, a, b) VALUES (1, 0, 0) ON CONFLICT (id) DO UPDATE SET total = 1;
COPY gc (id, total) FROM STDIN;
COPY gc (id, total) TO STDOUT;

-- definition errors
CREATE TABLE gc_bad (a int, b int GENERATED ALWAYS AS (a * 2) STORED, c int GENERATED ALWAYS AS (b + 1) STORED);
CREATE TABLE gc_bad (a int, b int GENERATED ALWAYS AS (random() * 10) STORED);
CREATE TABLE gc_bad (a int, b int DEFAULT 5 GENERATED ALWAYS AS (a * 2) STORED);
CREATE TABLE gc_bad (a int, b int GENERATED ALWAYS AS IDENTITY GENERATED ALWAYS AS (a * 2) STORED);
CREATE TABLE gc_bad (a int, b int GENERATED ALWAYS AS (nosuch + 1) STORED);
CREATE TABLE gc_bad (a int, b int GENERATED ALWAYS AS ((SELECT 1)) STORED);
CREATE TABLE gc_bad (a int, b int GENERATED ALWAYS AS (sum(a)) STORED);
CREATE TABLE gc_bad (a text, b int GENERATED ALWAYS AS (a || 'x') STORED);
CREATE TABLE gc_bad (a int, b date GENERATED ALWAYS AS (a + 1) STORED);

-- the catalog
SELECT attname, attgenerated, atthasdef FROM pg_attribute
 WHERE attrelid = 'gc'::regclass AND attnum > 0 ORDER BY attnum;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid), pg_get_expr(d.adbin, d.adrelid, true)
  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
 WHERE d.adrelid = 'gc'::regclass ORDER BY d.adnum;
SELECT column_name, column_default, is_generated, generation_expression, is_updatable
  FROM information_schema.columns WHERE table_name = 'gc' ORDER BY ordinal_position;

-- ALTER TABLE
ALTER TABLE gc ADD COLUMN a3 bigint GENERATED ALWAYS AS (a * 3) STORED;
SELECT id, a, a3 FROM gc ORDER BY id;
ALTER TABLE gc RENAME COLUMN a TO aa;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
  JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
 WHERE d.adrelid = 'gc'::regclass ORDER BY d.adnum;
INSERT INTO gc (id, aa, b) VALUES (30, 3, 4) RETURNING total, a3;
ALTER TABLE gc ALTER COLUMN aa TYPE bigint;
ALTER TABLE gc DROP COLUMN b;
ALTER TABLE gc ALTER COLUMN total SET DEFAULT 1;
ALTER TABLE gc ALTER COLUMN total DROP DEFAULT;
ALTER TABLE gc ALTER COLUMN total TYPE bigint;
SELECT id, total, pg_typeof(total) FROM gc WHERE id = 30;
ALTER TABLE gc ALTER COLUMN total DROP EXPRESSION;
ALTER TABLE gc ALTER COLUMN total DROP EXPRESSION;
ALTER TABLE gc ALTER COLUMN total DROP EXPRESSION IF EXISTS;
UPDATE gc SET total = -1 WHERE id = 30 RETURNING total;
ALTER TABLE gc DROP COLUMN b;
SELECT attname, attgenerated FROM pg_attribute
 WHERE attrelid = 'gc'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
CREATE TABLE gc_like (LIKE gc INCLUDING GENERATED);
INSERT INTO gc_like (id, aa, note) VALUES (1, 4, 'Q') RETURNING *;
CREATE TABLE gc_like2 (LIKE gc);
SELECT attname, attgenerated FROM pg_attribute WHERE attrelid = 'gc_like2'::regclass AND attnum > 0 ORDER BY attnum;
DROP TABLE gc, gc_like, gc_like2;

-- generated columns with keys, checks, foreign keys, ON CONFLICT, UPDATE ... FROM, prepared
-- statements, temporary tables, CREATE TABLE AS, views and INSERT ... SELECT
CREATE TABLE gce (id int, a int, g int GENERATED ALWAYS AS (a * 10) STORED, PRIMARY KEY (id));
CREATE UNIQUE INDEX gce_g ON gce (g);
ALTER TABLE gce ADD CONSTRAINT gce_chk CHECK (g < 1000);
INSERT INTO gce (id, a) VALUES (1, 1), (2, 2);
INSERT INTO gce (id, a) VALUES (3, 1);
INSERT INTO gce (id, a) VALUES (4, 200);
INSERT INTO gce (id, a) VALUES (5, 5) ON CONFLICT (g) DO NOTHING RETURNING *;
INSERT INTO gce (id, a) VALUES (6, 5) ON CONFLICT (g) DO UPDATE SET a = 7 RETURNING *;
CREATE TABLE gce_ref (x int REFERENCES gce (g));
INSERT INTO gce_ref VALUES (70), (20);
INSERT INTO gce_ref VALUES (30);
UPDATE gce SET a = 8 WHERE id = 5;
CREATE TABLE gce_src (id int, a int);
INSERT INTO gce_src VALUES (1, 50), (2, 60);
UPDATE gce SET a = gce_src.a FROM gce_src WHERE gce_src.id = gce.id RETURNING gce.*;
UPDATE gce SET a = (SELECT max(a) FROM gce_src) + id WHERE id = 1 RETURNING g;
PREPARE p (int, int) AS INSERT INTO gce (id, a) VALUES ($1, $2) RETURNING g;
EXECUTE p (10, 9);
EXECUTE p (11, 11);
CREATE TEMP TABLE gce_t (a int, b text GENERATED ALWAYS AS (a::text || '!') STORED);
INSERT INTO gce_t VALUES (1), (2);
SELECT * FROM gce_t;
CREATE TABLE gce_ctas AS SELECT * FROM gce;
SELECT attname, attgenerated FROM pg_attribute WHERE attrelid = 'gce_ctas'::regclass AND attnum > 0;
CREATE VIEW gce_v AS SELECT id, g FROM gce;
SELECT * FROM gce_v ORDER BY id;
INSERT INTO gce SELECT id + 100, a FROM gce;
INSERT INTO gce (id, a) SELECT id + 200, a FROM gce WHERE id < 3;
SELECT id, a, g FROM gce ORDER BY id;
DROP VIEW gce_v; DROP TABLE gce_ref, gce_src, gce_ctas, gce;
