-- Enum types: CREATE TYPE ... AS ENUM, values in tables, comparison by the
-- labels' order, casts, ALTER TYPE ADD VALUE / RENAME VALUE / RENAME TO,
-- DROP TYPE, and the catalog (pg_type, pg_enum, pg_attribute,
-- information_schema, format_type).
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE mood AS ENUM ('x');
CREATE TYPE dup AS ENUM ('a', 'b', 'a');
CREATE TYPE empty_enum AS ENUM ();
CREATE TYPE toolong AS ENUM ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
CREATE TYPE color AS ENUM ('red', 'green', 'blue');
CREATE TABLE person (id int PRIMARY KEY, name text, m mood DEFAULT 'ok', c color);
INSERT INTO person VALUES (1, 'ann', 'happy', 'red'), (2, 'bob', 'sad', 'blue'), (3, 'cy', NULL, NULL);
INSERT INTO person (id, name) VALUES (4, 'di');
INSERT INTO person VALUES (5, 'ed', 'angry', 'red');
INSERT INTO person VALUES (5, 'ed', 'ok', 'purple');
INSERT INTO person VALUES (5, 'ed', 'Happy');
SELECT * FROM person ORDER BY id;
SELECT name, m FROM person ORDER BY m, name;
SELECT name, m FROM person ORDER BY m DESC NULLS LAST, name;
SELECT ROW(m, c), ROW(id, m) FROM person p ORDER BY id;
SELECT (x).f1, (x).f2 FROM (SELECT ROW(m, c) AS x FROM person WHERE id = 1) s;
SELECT row_to_json(p), to_json(m), json_build_object('m', m) FROM person p ORDER BY id;
SELECT name FROM person WHERE m = 'happy';
SELECT name FROM person WHERE m > 'sad' ORDER BY name;
SELECT name FROM person WHERE m <= 'ok' ORDER BY name;
SELECT name FROM person WHERE m <> 'ok' ORDER BY name;
SELECT name FROM person WHERE m IN ('happy', 'sad') ORDER BY name;
SELECT name FROM person WHERE m NOT IN ('happy') ORDER BY name;
SELECT name FROM person WHERE m IS DISTINCT FROM 'ok' ORDER BY name;
SELECT name FROM person WHERE m BETWEEN 'sad' AND 'ok' ORDER BY name;
SELECT name FROM person WHERE m = 'angry';
SELECT name FROM person WHERE m = 'ok'::text;
SELECT name FROM person WHERE m = c;
SELECT 'ok'::mood = 'red'::color;
SELECT 'happy'::mood > 'sad'::mood, 'ok'::mood < 'happy', 'sad'::mood = 'sad';
SELECT m, count(*) FROM person GROUP BY m ORDER BY m;
SELECT min(m), max(m), count(DISTINCT m) FROM person;
SELECT DISTINCT m FROM person ORDER BY m;
SELECT m::text, c::text, m::varchar, length(m::text) FROM person ORDER BY id;
SELECT 'ok'::mood::text || '!';
SELECT 'ok'::text::mood, 'happy'::varchar::mood;
SELECT 'nope'::text::mood;
SELECT 'ok'::mood::int;
SELECT 1::mood;
SELECT 'ok'::mood::color;
SELECT CAST('sad' AS mood);
SELECT pg_typeof('ok'::mood), pg_typeof(m) FROM person WHERE id = 1;
SELECT enum_first(NULL::mood), enum_last(NULL::mood), enum_first('happy'::color), enum_last(c) FROM person WHERE id = 1;
SELECT CASE WHEN id = 1 THEN m ELSE 'sad' END FROM person ORDER BY id;
SELECT CASE WHEN id = 1 THEN m ELSE c END FROM person;
SELECT coalesce(m, 'ok') FROM person ORDER BY id;
SELECT greatest(m, 'ok'), least(m, 'ok') FROM person ORDER BY id;
SELECT m FROM person UNION SELECT 'happy' ORDER BY 1;
SELECT m FROM person UNION SELECT c FROM person;
SELECT a.name, b.name FROM person a JOIN person b ON a.m = b.m AND a.id < b.id ORDER BY 1, 2;
SELECT m, row_number() OVER (ORDER BY m, id) FROM person ORDER BY id;

-- writes
UPDATE person SET m = 'happy' WHERE id = 4 RETURNING id, m;
UPDATE person SET m = 'furious' WHERE id = 4;
UPDATE person SET m = c WHERE id = 4;
UPDATE person SET c = 'green' WHERE m = 'happy' RETURNING name, c;
DELETE FROM person WHERE m = 'sad' RETURNING name;
INSERT INTO person VALUES (6, 'flo', 'ok', 'green') ON CONFLICT (id) DO UPDATE SET m = excluded.m;
INSERT INTO person VALUES (6, 'flo', 'happy', 'green') ON CONFLICT (id) DO UPDATE SET m = excluded.m RETURNING m;
PREPARE pm(mood) AS SELECT name FROM person WHERE m = $1 ORDER BY name;
EXECUTE pm('happy');
EXECUTE pm('nope');
PREPARE pi(int, mood) AS INSERT INTO person (id, m) VALUES ($1, $2) RETURNING m;
EXECUTE pi(7, 'sad');
SELECT * FROM person ORDER BY id;

-- keys on enum columns
CREATE TABLE by_mood (m mood PRIMARY KEY, note text);
INSERT INTO by_mood VALUES ('ok', 'a'), ('sad', 'b');
INSERT INTO by_mood VALUES ('ok', 'c');
INSERT INTO by_mood VALUES ('ok', 'c') ON CONFLICT (m) DO UPDATE SET note = 'dup';
SELECT * FROM by_mood ORDER BY m;
SELECT * FROM by_mood WHERE m = 'ok';
CREATE TABLE pair (m mood, c color, UNIQUE (m, c));
INSERT INTO pair VALUES ('ok', 'red'), ('ok', 'blue'), (NULL, 'red'), (NULL, 'red');
INSERT INTO pair VALUES ('ok', 'red');
CREATE INDEX pair_m ON pair (m);
SELECT * FROM pair ORDER BY m, c;

-- ALTER TYPE
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE mood ADD VALUE 'ecstatic';
ALTER TYPE mood ADD VALUE 'glum' AFTER 'sad';
ALTER TYPE mood ADD VALUE 'first' BEFORE 'sad';
ALTER TYPE mood ADD VALUE 'meh';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh';
ALTER TYPE mood ADD VALUE 'x' AFTER 'nope';
ALTER TYPE mood ADD VALUE 'between' AFTER 'glum';
SELECT enumlabel, enumsortorder FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder;
SELECT unnest(ARRAY['first', 'sad', 'glum', 'between', 'meh', 'ok', 'happy', 'ecstatic'])::mood AS v ORDER BY 1;
SELECT 'meh'::mood < 'ok', 'glum'::mood > 'sad', 'between'::mood < 'meh', 'first'::mood < 'sad';
ALTER TYPE mood RENAME VALUE 'meh' TO 'so-so';
ALTER TYPE mood RENAME VALUE 'so-so' TO 'ok';
ALTER TYPE mood RENAME VALUE 'nope' TO 'z';
UPDATE person SET m = 'so-so' WHERE id = 4;
SELECT name, m FROM person ORDER BY m, name;
ALTER TYPE color RENAME TO colour;
SELECT 'red'::colour;
SELECT 'red'::color;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'person'::regclass AND attnum > 0 ORDER BY attnum;
ALTER TYPE colour RENAME TO mood;
ALTER TYPE nope ADD VALUE 'x';
ALTER TYPE int4 ADD VALUE 'x';

-- catalog
SELECT t.typname, t.typtype, t.typcategory, t.typlen, t.typbyval, t.typinput::text, t.typoutput::text,
       t.typreceive::text, t.typsend::text, t.typalign, t.typstorage, n.nspname
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname IN ('mood', 'colour') ORDER BY 1;
SELECT a.typname, a.typcategory, a.typlen, e.typname AS elem FROM pg_type a JOIN pg_type e ON a.typelem = e.oid
  WHERE e.typname IN ('mood', 'colour') ORDER BY 1;
SELECT t.typname, a.typname FROM pg_type t JOIN pg_type a ON a.oid = t.typarray WHERE t.typname = 'mood';
SELECT attname, format_type(atttypid, atttypmod), atttypmod, attlen FROM pg_attribute
  WHERE attrelid = 'person'::regclass AND attnum > 0 ORDER BY attnum;
SELECT column_name, data_type, udt_schema, udt_name FROM information_schema.columns
  WHERE table_name = 'person' ORDER BY ordinal_position;
SELECT column_default FROM information_schema.columns WHERE table_name = 'person' AND column_name = 'm';
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'person'::regclass;
SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
  GROUP BY t.typname ORDER BY 1;
SELECT 'mood'::regtype, 'mood'::regtype::oid = (SELECT oid FROM pg_type WHERE typname = 'mood');
SELECT format_type('mood'::regtype, NULL), format_type('mood'::regtype, -1);

SET search_path = '';
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.person'::regclass AND attnum > 0 ORDER BY attnum;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'public.person'::regclass;
SELECT 'public.mood'::regtype, pg_typeof('ok'::public.mood);
RESET search_path;

-- schemas
CREATE SCHEMA s1;
CREATE TYPE s1.level AS ENUM ('low', 'high');
CREATE TABLE s1.t (l s1.level);
INSERT INTO s1.t VALUES ('high'), ('low');
SELECT l FROM s1.t ORDER BY l;
SELECT 'low'::s1.level < 'high'::s1.level;
SELECT 'low'::level;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 's1.t'::regclass AND attname = 'l';
DROP SCHEMA s1;
DROP SCHEMA s1 CASCADE;
SELECT count(*) FROM pg_type WHERE typname = 'level';

-- arrays of enums, enum_range
CREATE TYPE size AS ENUM ('s', 'm', 'l', 'xl');
CREATE TABLE shirts (id int PRIMARY KEY, sizes size[], main size);
INSERT INTO shirts VALUES (1, '{l,s}', 'm'), (2, ARRAY['m']::size[], 's'), (3, NULL, 'xl'), (4, '{}', NULL);
INSERT INTO shirts VALUES (5, ARRAY['l', 'm']::size[], 'l'), (6, ARRAY[NULL, 'xl']::size[], 'm');
INSERT INTO shirts VALUES (9, '{huge}', 's');
INSERT INTO shirts VALUES (9, ARRAY['s'], 's');
SELECT * FROM shirts ORDER BY id;
SELECT id FROM shirts WHERE 's' = ANY(sizes) ORDER BY id;
SELECT id FROM shirts WHERE main = ANY('{s,xl}') ORDER BY id;
SELECT id FROM shirts WHERE main = ANY(ARRAY['m', 'l']::size[]) ORDER BY id;
SELECT id FROM shirts WHERE main <> ALL(ARRAY['m']::size[]) ORDER BY id;
SELECT array_agg(main ORDER BY main), array_agg(DISTINCT main ORDER BY main) FROM shirts;
SELECT unnest(sizes) AS u FROM shirts ORDER BY 1;
SELECT id, sizes[1], array_length(sizes, 1), sizes || 's'::size, array_append(sizes, 'xl') FROM shirts ORDER BY id;
SELECT sizes FROM shirts ORDER BY sizes, id;
SELECT ARRAY['s']::size[] = ARRAY['s']::size[], ARRAY['m']::size[] < ARRAY['l']::size[], ARRAY['xl']::size[] > ARRAY['s', 'm']::size[];
SELECT ARRAY['s']::size[] = ARRAY['red']::colour[];
SELECT ARRAY['m']::size[]::text[], '{l,s}'::text[]::size[], ARRAY['m']::size[]::varchar[];
SELECT ARRAY['m']::size[]::colour[];
SELECT enum_range(NULL::size), enum_range('m'::size, NULL), enum_range(NULL, 'm'::size), enum_range('m'::size, 'l'::size);
SELECT enum_range('l'::size, 'm'::size), enum_range(NULL::size, NULL);
SELECT pg_typeof(enum_range(NULL::size)), pg_typeof(sizes) FROM shirts WHERE id = 1;
SELECT unnest(enum_range(NULL::size)) ORDER BY 1 DESC;
SELECT format_type(atttypid, atttypmod), atttypmod FROM pg_attribute WHERE attrelid = 'shirts'::regclass AND attnum > 0 ORDER BY attnum;
SELECT column_name, data_type, udt_schema, udt_name FROM information_schema.columns WHERE table_name = 'shirts' ORDER BY ordinal_position;
SELECT '_size'::regtype, '{s}'::size[], pg_typeof('{s}'::size[]);
PREPARE ps(size[]) AS SELECT id FROM shirts WHERE main = ANY($1) ORDER BY id;
EXECUTE ps('{m,xl}');
DROP TYPE size;
DROP TABLE shirts;
DROP TYPE size;

-- DROP TYPE
DROP TYPE mood;
DROP TYPE colour;
DROP TABLE pair;
DROP TYPE nope;
DROP TYPE IF EXISTS nope;
DROP TYPE int4;
CREATE TYPE unused AS ENUM ('a');
CREATE TYPE unused2 AS ENUM ('b');
DROP TYPE unused, unused2;
SELECT count(*) FROM pg_type WHERE typname IN ('unused', 'unused2', '_unused');
CREATE TYPE person AS ENUM ('x');
DROP TABLE person, by_mood;
DROP TYPE mood, colour;
SELECT count(*) FROM pg_enum;

-- Prisma's migration that removes an enum value: rename the old type, create the new one, convert the columns through text, drop the old type
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'GUEST');
CREATE TABLE "User" (id SERIAL PRIMARY KEY, role "Role" NOT NULL DEFAULT 'USER', roles "Role"[]);
INSERT INTO "User" (role, roles) VALUES ('ADMIN', '{USER,ADMIN}'), ('USER', NULL), ('USER', '{}');
BEGIN;
ALTER TYPE "Role" RENAME TO "Role_old";
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role" USING ("role"::text::"Role");
ALTER TABLE "User" ALTER COLUMN "roles" TYPE "Role"[] USING ("roles"::text::"Role"[]);
DROP TYPE "Role_old";
ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'USER';
COMMIT;
SELECT * FROM "User" ORDER BY id;
SELECT n.nspname, t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace ORDER BY t.typname, e.enumsortorder;
ALTER TABLE "User" ADD COLUMN extra "Role" DEFAULT 'ADMIN';
ALTER TABLE "User" ALTER COLUMN extra TYPE text;
SELECT * FROM "User" ORDER BY id;
