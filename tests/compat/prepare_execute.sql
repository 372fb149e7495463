-- SQL-level prepared statements: PREPARE [(types)] AS, EXECUTE, DEALLOCATE [ALL], DISCARD ALL,
-- parameter type inference, argument conversion, errors, plans across DDL.

CREATE TABLE acct (id int PRIMARY KEY, owner text NOT NULL, balance numeric(10, 2), opened date,
                   big bigint);
INSERT INTO acct VALUES (1, 'ann', 100.50, '2020-01-15', 10000000000),
                        (2, 'bob', -20.00, '2021-06-30', 2),
                        (3, 'cid', NULL, NULL, NULL),
                        (4, 'dee', 0.01, '1999-12-31', -5);

-- point lookups through the primary key
PREPARE by_id AS SELECT id, owner, balance FROM acct WHERE id = $1;
EXECUTE by_id(1);
EXECUTE by_id(3);
EXECUTE by_id(99);
EXECUTE by_id('2');
EXECUTE by_id(2.0);
EXECUTE by_id(NULL);
EXECUTE by_id(1 + 1);

-- declared types
PREPARE typed (int8, text) AS SELECT $1 + 1 AS next, $2 || '!' AS shout;
EXECUTE typed(41, 'hey');
EXECUTE typed('9000000000', NULL);
PREPARE typed_num (numeric, date) AS SELECT $1 * 2, $2 + 1;
EXECUTE typed_num(1.25, '2024-02-28');

-- inferred types from context
PREPARE infer_text AS SELECT owner FROM acct WHERE owner = $1;
EXECUTE infer_text('bob');
PREPARE infer_num AS SELECT id FROM acct WHERE balance > $1 ORDER BY id;
EXECUTE infer_num(0);
EXECUTE infer_num('50.5');
PREPARE infer_date AS SELECT id FROM acct WHERE opened < $1 ORDER BY id;
EXECUTE infer_date('2021-01-01');
PREPARE infer_big AS SELECT id FROM acct WHERE big = $1;
EXECUTE infer_big(10000000000);
PREPARE untyped AS SELECT $1 AS v;
EXECUTE untyped('plain text');
EXECUTE untyped(42);
PREPARE cast_param AS SELECT $1::int * 2, $2::text;
EXECUTE cast_param('21', 7);

-- the same parameter several times, LIMIT/OFFSET, IN, CASE, aggregates
PREPARE many AS SELECT id FROM acct WHERE id >= $1 AND id <= $1 + 2 ORDER BY id LIMIT $2 OFFSET $3;
EXECUTE many(1, 2, 0);
EXECUTE many(1, 10, 1);
EXECUTE many(2, NULL, 0);
PREPARE inlist AS SELECT owner FROM acct WHERE id IN ($1, $2, $3) ORDER BY owner;
EXECUTE inlist(4, 1, 42);
PREPARE agg AS SELECT count(*), sum(balance) FROM acct WHERE id <> $1;
EXECUTE agg(3);
PREPARE casey AS SELECT CASE WHEN $1 > 0 THEN 'pos' WHEN $1 < 0 THEN 'neg' ELSE 'zero' END;
EXECUTE casey(5);
EXECUTE casey(-5);
EXECUTE casey(0);

-- parameters inside subqueries
PREPARE sub AS SELECT owner FROM acct a WHERE EXISTS (SELECT 1 FROM acct b WHERE b.id = a.id AND b.balance > $1) ORDER BY owner;
EXECUTE sub(0);
PREPARE scalar_sub AS SELECT id, (SELECT max(b.id) FROM acct b WHERE b.id < a.id AND b.id > $1) FROM acct a ORDER BY id;
EXECUTE scalar_sub(1);

-- DML
PREPARE ins AS INSERT INTO acct (id, owner, balance) VALUES ($1, $2, $3);
EXECUTE ins(10, 'eve', 12.345);
EXECUTE ins('11', 'fay', '7');
EXECUTE ins(12, 'gus', NULL);
SELECT * FROM acct WHERE id >= 10 ORDER BY id;
EXECUTE ins(10, 'dup', 1);
EXECUTE ins(13, NULL, 1);
PREPARE ins_typed (int, text) AS INSERT INTO acct (id, owner) VALUES ($1, $2);
EXECUTE ins_typed(14, 'hal');
SELECT count(*) FROM acct;

-- errors
PREPARE by_id AS SELECT 1;
EXECUTE nope;
EXECUTE nope(1);
EXECUTE by_id;
EXECUTE by_id(1, 2);
EXECUTE by_id('x');
EXECUTE typed(1, 2, 3);
EXECUTE typed('abc', 'x');
PREPARE bad AS SELECT * FROM no_such_table;
PREPARE bad2 AS SELECT nope FROM acct;
PREPARE bad3 (no_such_type) AS SELECT $1;
PREPARE gap AS SELECT $2::int;
EXECUTE bad;
DEALLOCATE nope;

-- plans follow the catalog
PREPARE all_rows AS SELECT id, owner FROM acct WHERE id < $1 ORDER BY id;
EXECUTE all_rows(3);
CREATE TABLE other (x int);
EXECUTE all_rows(3);
DROP TABLE other;
EXECUTE all_rows(3);

-- DEALLOCATE, DEALLOCATE PREPARE, DEALLOCATE ALL, DISCARD ALL
DEALLOCATE by_id;
EXECUTE by_id(1);
DEALLOCATE PREPARE typed;
EXECUTE typed(1, 'a');
PREPARE by_id AS SELECT owner FROM acct WHERE id = $1;
EXECUTE by_id(4);
DEALLOCATE ALL;
EXECUTE by_id(4);
EXECUTE many(1, 1, 0);
PREPARE again AS SELECT 1;
SET DateStyle = 'German';
DISCARD ALL;
EXECUTE again;
SHOW DateStyle;
PREPARE again AS SELECT 2;
EXECUTE again;
-- a parameter number no statement can have (the walk that counts parameters used to
-- allocate one byte per number first: 2 GB here)
PREPARE huge AS SELECT $2147483647;
PREPARE huge2 AS SELECT $0;
