-- Unique indexes with a WHERE predicate and/or on expressions, against PostgreSQL 15:
-- building over existing rows, every write path (INSERT, multi-row, INSERT ... SELECT,
-- UPDATE into / out of the predicate, DELETE, ON CONFLICT), rollback and savepoints,
-- ON CONFLICT arbiter inference (partial and expression indexes), the catalog, ALTER TABLE.

-- the soft-delete pattern (Rails `where: "deleted_at IS NULL"`, Django condition=Q(deleted_at=None))
CREATE TABLE users (id int PRIMARY KEY, email varchar(40), deleted_at timestamp, score int);
INSERT INTO users VALUES (1, 'ann@x', '2024-01-01', 1), (2, 'ann@x', NULL, 2), (3, 'bob@x', '2024-01-02', 3), (4, 'bob@x', '2024-01-03', 4);
CREATE UNIQUE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS users_email_live ON users (email) WHERE deleted_at IS NULL;
INSERT INTO users VALUES (5, 'ann@x', NULL, 5);
INSERT INTO users VALUES (5, 'ann@x', '2024-02-01', 5);
INSERT INTO users VALUES (6, 'bob@x', NULL, 6);
INSERT INTO users VALUES (7, 'bob@x', NULL, 7);
INSERT INTO users VALUES (7, 'cat@x', NULL, 7), (8, 'dan@x', NULL, 8), (9, 'cat@x', NULL, 9);
INSERT INTO users VALUES (7, 'cat@x', NULL, 7), (8, 'dan@x', NULL, 8), (9, 'cat@x', '2024-03-01', 9);
INSERT INTO users VALUES (10, NULL, NULL, 10), (11, NULL, NULL, 11);
SELECT id, email, deleted_at IS NULL AS live FROM users ORDER BY id;

-- UPDATE: a row that enters the predicate, leaves it, changes its key
UPDATE users SET deleted_at = NULL WHERE id = 1;
UPDATE users SET deleted_at = '2024-04-01' WHERE id = 2;
UPDATE users SET deleted_at = NULL WHERE id = 1;
INSERT INTO users VALUES (12, 'ann@x', NULL, 12);
UPDATE users SET email = 'cat@x' WHERE id = 8;
UPDATE users SET email = 'eve@x' WHERE id = 8;
INSERT INTO users VALUES (13, 'dan@x', NULL, 13);
UPDATE users SET email = 'fay@x', deleted_at = NULL WHERE id = 9;
UPDATE users SET score = score + 100 WHERE deleted_at IS NULL;
SELECT id, email, deleted_at IS NULL AS live, score FROM users ORDER BY id;

-- DELETE frees the key; INSERT ... SELECT goes through the index too
DELETE FROM users WHERE id = 12;
INSERT INTO users VALUES (14, 'ann@x', NULL, 14);
INSERT INTO users SELECT id + 100, email, NULL::timestamp, 0 FROM users WHERE id IN (3, 4);
INSERT INTO users SELECT id + 200, email || '.org', NULL::timestamp, 0 FROM users WHERE id IN (3, 4);
INSERT INTO users SELECT id + 300, 'new' || id || '@x', NULL::timestamp, 0 FROM users WHERE id IN (3, 4);

-- rollback and savepoints give keys back
BEGIN;
INSERT INTO users VALUES (20, 'gus@x', NULL, 20);
ROLLBACK;
INSERT INTO users VALUES (21, 'gus@x', NULL, 21);
BEGIN;
SAVEPOINT s1;
UPDATE users SET deleted_at = now() WHERE id = 21;
INSERT INTO users VALUES (22, 'gus@x', NULL, 22);
ROLLBACK TO SAVEPOINT s1;
INSERT INTO users VALUES (23, 'gus@x', NULL, 23);
SELECT count(*) FROM users;
ROLLBACK;
SELECT id FROM users WHERE email = 'gus@x' ORDER BY id;

-- ON CONFLICT against a partial index: inference through the WHERE clause
INSERT INTO users VALUES (30, 'ann@x', NULL, 30) ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING;
INSERT INTO users VALUES (31, 'ann@x', NULL, 31) ON CONFLICT (email) WHERE deleted_at IS NULL DO UPDATE SET score = users.score + 1 RETURNING id, score;
INSERT INTO users VALUES (32, 'ann@x', NULL, 32) ON CONFLICT (email) WHERE deleted_at IS NULL AND score > 0 DO UPDATE SET score = excluded.score RETURNING id, score;
INSERT INTO users VALUES (33, 'hal@x', NULL, 33) ON CONFLICT (email) WHERE deleted_at IS NULL DO UPDATE SET score = 0 RETURNING id, score;
INSERT INTO users VALUES (34, 'ann@x', '2024-05-01', 34) ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING RETURNING id;
INSERT INTO users VALUES (35, 'ann@x', NULL, 35) ON CONFLICT (email) DO NOTHING;
INSERT INTO users VALUES (35, 'ann@x', NULL, 35) ON CONFLICT (email) WHERE score > 0 DO NOTHING;
INSERT INTO users VALUES (35, 'ann@x', NULL, 35) ON CONFLICT (email) WHERE deleted_at IS NOT NULL DO NOTHING;
INSERT INTO users VALUES (35, 'ann@x', NULL, 35) ON CONFLICT ON CONSTRAINT users_email_live DO NOTHING;
INSERT INTO users VALUES (35, 'ann@x', NULL, 35) ON CONFLICT DO NOTHING;
INSERT INTO users VALUES (2, 'ann@x', NULL, 35) ON CONFLICT (id) DO UPDATE SET score = -1;
INSERT INTO users VALUES (36, 'zed@x', NULL, 36), (37, 'zed@x', NULL, 37) ON CONFLICT (email) WHERE deleted_at IS NULL DO UPDATE SET score = excluded.score;
INSERT INTO users VALUES (36, 'zed@x', NULL, 36), (37, 'zed@x', NULL, 37) ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING;
SELECT id, email, deleted_at IS NULL AS live, score FROM users ORDER BY id;

-- case-insensitive e-mail: an expression index
CREATE TABLE accounts (id int PRIMARY KEY, email text, name text);
INSERT INTO accounts VALUES (1, 'Ann@X', 'a'), (2, 'ann@x', 'b');
CREATE UNIQUE INDEX accounts_email_lower ON accounts (lower(email));
DELETE FROM accounts WHERE id = 2;
CREATE UNIQUE INDEX accounts_email_lower ON accounts (lower(email));
INSERT INTO accounts VALUES (3, 'ANN@x', 'c');
INSERT INTO accounts VALUES (3, 'bob@x', 'c'), (4, 'BOB@X', 'd');
INSERT INTO accounts VALUES (3, 'bob@x', 'c'), (4, NULL, 'd'), (5, NULL, 'e');
UPDATE accounts SET email = 'BOB@x' WHERE id = 1;
UPDATE accounts SET email = 'Ann@x' WHERE id = 3;
UPDATE accounts SET email = upper(email);
INSERT INTO accounts VALUES (6, 'bob@X', 'f') ON CONFLICT ((lower(email))) DO UPDATE SET name = excluded.name RETURNING *;
INSERT INTO accounts VALUES (7, 'cy@x', 'g') ON CONFLICT (lower(email)) DO NOTHING RETURNING id;
INSERT INTO accounts VALUES (8, 'CY@X', 'h') ON CONFLICT (lower(email)) DO NOTHING RETURNING id;
INSERT INTO accounts VALUES (8, 'CY@X', 'h') ON CONFLICT (email) DO NOTHING;
INSERT INTO accounts VALUES (8, 'CY@X', 'h') ON CONFLICT (upper(email)) DO NOTHING;
INSERT INTO accounts VALUES (8, 'CY@X', 'h') ON CONFLICT (lower(email), id) DO NOTHING;
INSERT INTO accounts VALUES (8, 'CY@X', 'h') ON CONFLICT ON CONSTRAINT accounts_email_lower DO NOTHING;
INSERT INTO accounts VALUES (8, 'CY@X', 'h') ON CONFLICT (lower(email) DESC) DO NOTHING;
SELECT * FROM accounts ORDER BY id;

-- several expression keys, arithmetic keys, a predicate over another column
CREATE TABLE m (id int, a int, b int, tag text, kind text);
CREATE UNIQUE INDEX m_sum ON m ((a + b), upper(tag)) WHERE kind = 'x';
INSERT INTO m VALUES (1, 1, 2, 'p', 'x'), (2, 2, 1, 'q', 'x'), (3, 3, 0, 'P', 'y');
INSERT INTO m VALUES (4, 0, 3, 'P', 'x');
INSERT INTO m VALUES (4, 0, 3, 'P', NULL);
UPDATE m SET kind = 'x' WHERE id = 3;
UPDATE m SET tag = 'r' WHERE id = 3;
UPDATE m SET kind = 'x' WHERE id = 3;
INSERT INTO m VALUES (5, 1, 1, 'z', 'x') ON CONFLICT ((a + b), upper(tag)) WHERE kind = 'x' DO UPDATE SET id = m.id + 10 RETURNING *;
INSERT INTO m VALUES (6, 2, 0, 'Z', 'x') ON CONFLICT (upper(tag), (a + b)) WHERE kind = 'x' DO UPDATE SET id = m.id + 10 RETURNING *;
INSERT INTO m VALUES (6, 2, 0, 'Z', 'x') ON CONFLICT ((b + a), upper(tag)) WHERE kind = 'x' DO NOTHING;
-- a guarded expression: rows outside the predicate never evaluate the key
CREATE TABLE g (id int, a int, b int);
CREATE UNIQUE INDEX g_ratio ON g ((a / b)) WHERE b <> 0;
INSERT INTO g VALUES (1, 4, 0), (2, 4, 2), (3, 5, 0);
INSERT INTO g VALUES (4, 6, 3);
INSERT INTO g VALUES (4, 7, 3);
SELECT * FROM m ORDER BY id;
SELECT * FROM g ORDER BY id;
-- `((col))` is the column itself
CREATE UNIQUE INDEX g_id ON g ((id));
SELECT pg_get_indexdef('g_id'::regclass), indkey::text FROM pg_index WHERE indexrelid = 'g_id'::regclass;
INSERT INTO g VALUES (4, 8, 3) ON CONFLICT (id) DO UPDATE SET a = 9 RETURNING *;

-- inference: implication as PostgreSQL's predicate_implied_by proves it
CREATE TABLE inf (id int, k int, v int, d date);
CREATE UNIQUE INDEX inf_pos ON inf (k) WHERE v > 0;
CREATE UNIQUE INDEX inf_or ON inf (id) WHERE v = 1 OR v = 2;
CREATE UNIQUE INDEX inf_nn ON inf (k, id) WHERE d IS NOT NULL;
INSERT INTO inf VALUES (1, 1, 1, '2024-01-01');
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (k) WHERE v > 0 DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (k) WHERE v > 5 DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (k) WHERE 0 < v DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (k) WHERE v = 3 AND id > 0 DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (k) WHERE v >= 0 DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (k) WHERE v <> 0 DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (id) WHERE v = 1 DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (id) WHERE v = 1 OR v = 2 DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (id) WHERE v = 3 DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (k, id) WHERE d = '2024-01-01' DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (k, id) WHERE d IS NOT NULL DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (k, id) DO NOTHING;
INSERT INTO inf VALUES (1, 1, 1, NULL) ON CONFLICT (k) WHERE nosuch > 0 DO NOTHING;
SELECT * FROM inf ORDER BY id;

-- the catalog, and ALTER TABLE
SELECT c.relname, i.indisunique, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid IN ('users'::regclass, 'accounts'::regclass, 'm'::regclass) ORDER BY 1;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'g' ORDER BY 1;
-- psql's \d index list (pg_get_constraintdef of the NULL an index without a constraint joins)
SELECT c2.relname, i.indisprimary, i.indisunique, pg_get_indexdef(i.indexrelid, 0, true), pg_get_constraintdef(con.oid, true), contype FROM pg_class c, pg_class c2, pg_index i LEFT JOIN pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p', 'u', 'x')) WHERE c.oid = 'users'::regclass AND c.oid = i.indrelid AND i.indexrelid = c2.oid ORDER BY i.indisprimary DESC, c2.relname;
ALTER TABLE users ADD CONSTRAINT u1 UNIQUE USING INDEX users_email_live;
ALTER TABLE accounts ADD CONSTRAINT a1 UNIQUE USING INDEX accounts_email_lower;
CREATE TABLE child (uid int, email varchar(40) REFERENCES users (email));
ALTER TABLE accounts RENAME COLUMN email TO mail;
SELECT pg_get_indexdef('accounts_email_lower'::regclass);
INSERT INTO accounts VALUES (9, 'cy@x', 'i');
ALTER TABLE users ALTER COLUMN email TYPE text;
INSERT INTO users VALUES (40, 'ann@x', NULL, 40);
INSERT INTO users VALUES (40, 'ann@x', '2024-06-01', 40);
ALTER TABLE users DROP COLUMN deleted_at;
SELECT count(*) FROM pg_indexes WHERE tablename = 'users';
INSERT INTO users VALUES (41, 'ann@x', 41);
DROP INDEX accounts_email_lower;
INSERT INTO accounts VALUES (9, 'cy@x', 'i');
SELECT count(*) FROM accounts;
