-- CREATE INDEX key options (ASC/DESC, NULLS FIRST/LAST) as the catalog reports them:
-- pg_index.indoption, pg_get_indexdef, pg_indexes.indexdef (quoting included), and
-- queries over indexed columns answering the same whatever the options.

CREATE TABLE io (a int, b text, c int, "select" int, "Mixed Case" text);
CREATE INDEX io_a ON io (a DESC);
CREATE INDEX io_b_c ON io (b DESC NULLS LAST, c NULLS FIRST);
CREATE UNIQUE INDEX io_c_a ON io (c ASC NULLS LAST, a DESC NULLS FIRST);
CREATE INDEX io_sel ON io ("select" ASC, "Mixed Case" DESC);
CREATE INDEX "Io Quoted" ON io (b ASC NULLS FIRST);
CREATE INDEX ON io (c DESC, b);
SELECT c.relname, x.indoption::text, x.indkey::text, x.indisunique
  FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
  WHERE x.indrelid = 'io'::regclass ORDER BY c.relname;
SELECT pg_get_indexdef(x.indexrelid)
  FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
  WHERE x.indrelid = 'io'::regclass ORDER BY c.relname;
SELECT pg_get_indexdef(x.indexrelid, 1, true), pg_get_indexdef(x.indexrelid, 2, false)
  FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
  WHERE x.indrelid = 'io'::regclass ORDER BY c.relname;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'io' ORDER BY indexname;
-- Django's get_constraints reads the order of each key column this way
SELECT c.relname,
       array(SELECT CASE (o & 1) WHEN 1 THEN 'DESC' ELSE 'ASC' END
             FROM unnest(x.indoption) AS o) AS orders
  FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
  WHERE x.indrelid = 'io'::regclass ORDER BY c.relname;

INSERT INTO io VALUES (1, 'x', 10, 1, 'p'), (2, NULL, 20, 2, NULL), (3, 'y', NULL, 3, 'q'),
  (NULL, 'z', 30, 4, 'r');
INSERT INTO io VALUES (5, 'w', 10, 5, 's');
INSERT INTO io VALUES (1, 'v', 10, 6, 't');
SELECT a, b, c FROM io ORDER BY a DESC;
SELECT a, b, c FROM io ORDER BY b DESC NULLS LAST, c NULLS FIRST;
SELECT a, c FROM io WHERE c = 10 ORDER BY a DESC;
SELECT * FROM io WHERE a >= 2 ORDER BY a;

-- the constraints' own indexes stay plain
CREATE TABLE io2 (id int PRIMARY KEY, u text UNIQUE);
SELECT pg_get_indexdef(x.indexrelid), x.indoption::text
  FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
  WHERE x.indrelid = 'io2'::regclass ORDER BY c.relname;

-- unsupported option
CREATE INDEX io_bad ON io (a USING >);
DROP TABLE io;
DROP TABLE io2;
