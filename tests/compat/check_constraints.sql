-- CHECK constraints against PostgreSQL 15: CREATE TABLE and ALTER TABLE,
-- names, enforcement on INSERT / UPDATE / ON CONFLICT / COPY, NOT VALID and
-- VALIDATE, the catalog views.
CREATE TABLE p (
    price numeric CHECK (price > 0),
    n varchar(10) CHECK (n <> ''),
    a int CHECK (a > -5 AND a < 100),
    b float8 CHECK (b > 1.5),
    c text CHECK (length(c) < 5),
    d date CHECK (d > '2020-01-01'),
    e int,
    CHECK (e BETWEEN 1 AND 10),
    CHECK (e IN (1, 2, 3)),
    CHECK (c IS NOT NULL),
    CHECK (a + e > 0 OR c LIKE 'x%'),
    CONSTRAINT named_one CHECK (coalesce(a, 0) >= 0 AND NOT (b < 0))
);
SELECT conname, contype, convalidated, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE conrelid = 'p'::regclass ORDER BY conname;
SELECT conname, pg_get_constraintdef(oid, true)
  FROM pg_constraint WHERE conrelid = 'p'::regclass ORDER BY conname;
SELECT constraint_name, check_clause FROM information_schema.check_constraints
 WHERE constraint_schema = 'public' AND constraint_name NOT LIKE '%not_null' ORDER BY 1;
SELECT constraint_name, constraint_type FROM information_schema.table_constraints
 WHERE table_name = 'p' AND constraint_name NOT LIKE '%not_null' ORDER BY 1;

INSERT INTO p VALUES (1, 'x', 1, 2, 'ab', '2021-01-01', 1);
INSERT INTO p VALUES (-1, 'x', 1, 2, 'ab', '2021-01-01', 1);
INSERT INTO p VALUES (1, '', 1, 2, 'ab', '2021-01-01', 1);
INSERT INTO p VALUES (1, 'x', 1, 2, 'ab', '2021-01-01', 5);
INSERT INTO p VALUES (1, 'x', 1, 2, NULL, '2021-01-01', 1);
INSERT INTO p VALUES (NULL, NULL, NULL, NULL, 'ab', NULL, NULL);
INSERT INTO p VALUES (2, 'y', 2, 3, 'abcde', '2021-01-01', 2);
-- the first failing row in order wins; NOT NULL before CHECK
INSERT INTO p SELECT 1, 'x', 1, 2, 'ab', '2021-01-01'::date, g FROM generate_series(1, 5) g;
SELECT count(*) FROM p;
UPDATE p SET a = 200;
UPDATE p SET e = 3 WHERE price = 1;
UPDATE p SET price = price - 1;
SELECT price, a, e FROM p ORDER BY price NULLS LAST;

-- default names: one column -> t_col_check, else t_check, then 1, 2, ...
CREATE TABLE nm (a int CHECK (a > 0) CHECK (a < 10), b int, CHECK (a > b), CHECK (a <> b),
                 CHECK (true));
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'nm'::regclass ORDER BY conname;
CREATE TABLE dup (a int CONSTRAINT c1 CHECK (a > 0), CONSTRAINT c1 CHECK (a < 5));

-- ALTER TABLE ADD CHECK: validated against the rows, NOT VALID, VALIDATE
CREATE TABLE q (a int, b text);
INSERT INTO q VALUES (1, 'x'), (-1, 'y'), (NULL, 'z');
ALTER TABLE q ADD CHECK (a > 0);
ALTER TABLE q ADD CONSTRAINT q_pos CHECK (a > 0) NOT VALID;
SELECT conname, convalidated, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'q'::regclass;
INSERT INTO q VALUES (-2, 'w');
ALTER TABLE q VALIDATE CONSTRAINT q_pos;
DELETE FROM q WHERE a < 0;
ALTER TABLE q VALIDATE CONSTRAINT q_pos;
SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'q'::regclass;
ALTER TABLE q VALIDATE CONSTRAINT nosuch;
ALTER TABLE q ADD CONSTRAINT q_pos CHECK (a < 100);
ALTER TABLE q ADD CHECK (b IN ('x', 'z'));
ALTER TABLE q ADD CHECK (length(b) = 1), ADD CHECK (b <> 'q');
SELECT conname FROM pg_constraint WHERE conrelid = 'q'::regclass ORDER BY 1;
ALTER TABLE q DROP CONSTRAINT q_pos;
INSERT INTO q VALUES (-5, 'x');
ALTER TABLE q ADD PRIMARY KEY (b);
ALTER TABLE q VALIDATE CONSTRAINT q_pkey;

-- errors in the condition
CREATE TABLE bad1 (a int CHECK (a));
CREATE TABLE bad2 (a int CHECK (a > (SELECT 1)));
CREATE TABLE bad3 (a int CHECK (sum(a) > 0));
CREATE TABLE bad4 (a int CHECK (nosuch > 0));
ALTER TABLE q ADD CHECK (a + 'x');

-- ON CONFLICT DO UPDATE checks the updated row
CREATE TABLE oc (k int PRIMARY KEY, v int CHECK (v < 10));
INSERT INTO oc VALUES (1, 1);
INSERT INTO oc VALUES (1, 5) ON CONFLICT (k) DO UPDATE SET v = oc.v + excluded.v;
INSERT INTO oc VALUES (1, 5) ON CONFLICT (k) DO UPDATE SET v = oc.v + excluded.v;
INSERT INTO oc VALUES (2, 50) ON CONFLICT (k) DO NOTHING;
INSERT INTO oc VALUES (1, 50) ON CONFLICT (k) DO NOTHING;
SELECT * FROM oc ORDER BY k;

-- inside a transaction: the failed statement leaves nothing
CREATE TABLE tx (a int CHECK (a <> 3));
BEGIN;
INSERT INTO tx VALUES (1), (2);
INSERT INTO tx VALUES (4), (3);
ROLLBACK;
BEGIN;
INSERT INTO tx VALUES (1), (2);
COMMIT;
UPDATE tx SET a = a + 1;
SELECT * FROM tx ORDER BY a;

-- a renamed column keeps its checks working and printed with the new name
CREATE TABLE rn (a int CHECK (a > 0), b int, CHECK (a < b));
ALTER TABLE rn RENAME COLUMN a TO z;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'rn'::regclass ORDER BY 1;
INSERT INTO rn VALUES (0, 5);
INSERT INTO rn VALUES (6, 5);
INSERT INTO rn VALUES (1, 5);
-- the type changes under a check: re-checked
ALTER TABLE rn ALTER COLUMN z TYPE numeric;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'rn'::regclass ORDER BY 1;
INSERT INTO rn VALUES (0.5, 5);
-- dropping a column drops its checks
ALTER TABLE rn DROP COLUMN b;
SELECT conname FROM pg_constraint WHERE conrelid = 'rn'::regclass ORDER BY 1;
