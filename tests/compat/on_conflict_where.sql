-- ON CONFLICT (cols) WHERE predicate: a non-partial unique index is inferred whatever the predicate, compared with PostgreSQL 15
CREATE TABLE ocw (id int PRIMARY KEY, v int, u text UNIQUE);
INSERT INTO ocw VALUES (1, 1, 'a');
INSERT INTO ocw VALUES (1, 5, 'b') ON CONFLICT (id) WHERE v > 0 DO UPDATE SET v = excluded.v RETURNING *;
INSERT INTO ocw VALUES (1, 6, 'c') ON CONFLICT (id) WHERE true DO NOTHING;
INSERT INTO ocw VALUES (1, 6, 'c') ON CONFLICT (id) WHERE nosuch > 0 DO NOTHING;
INSERT INTO ocw VALUES (1, 6, 'c') ON CONFLICT (id) WHERE v DO NOTHING;
INSERT INTO ocw VALUES (1, 6, 'c') ON CONFLICT (v) WHERE v > 0 DO NOTHING;
INSERT INTO ocw VALUES (2, 6, 'a') ON CONFLICT (u) WHERE u <> '' DO UPDATE SET v = ocw.v + 100 RETURNING *;
INSERT INTO ocw VALUES (3, 7, 'z') ON CONFLICT (u) WHERE u IS NOT NULL DO NOTHING RETURNING id;
SELECT * FROM ocw ORDER BY id;
