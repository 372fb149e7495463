-- COLLATE on column definitions as pg_dump writes them (pg_catalog."C", "POSIX", "default": OmenDB's bytewise order), in CREATE TABLE, ADD COLUMN and ALTER COLUMN TYPE; unknown collations (42704) and types without collations (42804)
CREATE TABLE co (a text COLLATE pg_catalog."C", b varchar(5) COLLATE "POSIX", c text COLLATE pg_catalog."default", d text[] COLLATE "C", e char(2) COLLATE "C");
INSERT INTO co VALUES ('b', 'B', 'x', '{z,a}', 'q'), ('a', 'a', 'X', '{b}', 'Q'), ('B', 'b', 'y', NULL, NULL);
SELECT a, b, c, d, e FROM co ORDER BY a;
SELECT b FROM co ORDER BY b;
SELECT a FROM co WHERE a < 'b' ORDER BY a;
ALTER TABLE co ADD COLUMN f text COLLATE "C" DEFAULT 'f';
ALTER TABLE co ALTER COLUMN b TYPE text COLLATE "C";
SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = 'co' ORDER BY ordinal_position;
SELECT f, b FROM co ORDER BY b;
CREATE TABLE co_bad (x int COLLATE "C");
CREATE TABLE co_bad (x text COLLATE "nosuch");
CREATE TABLE co_bad (x text COLLATE pg_catalog.nosuch);
ALTER TABLE co ADD COLUMN g int COLLATE "C";
ALTER TABLE co ADD COLUMN g text COLLATE "nosuch";
ALTER TABLE co ALTER COLUMN a TYPE int COLLATE "C" USING 1;
ALTER TABLE co ALTER COLUMN a TYPE varchar(10) COLLATE "nosuch";
SELECT a, b, f FROM co ORDER BY a;
DROP TABLE co;
