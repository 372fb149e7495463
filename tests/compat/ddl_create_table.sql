-- CREATE TABLE with every first-milestone column type, IF NOT EXISTS, DROP TABLE.

CREATE TABLE all_types (
    b   boolean,
    s   smallint,
    i   integer,
    bi  bigint,
    r   real,
    d   double precision,
    n   numeric(10, 2),
    t   text,
    vc  varchar(20),
    c   char(5),
    dt  date,
    ts  timestamp,
    tz  timestamptz
);

INSERT INTO all_types VALUES
    (true, 1, 10, 100, 1.5, 2.25, 12.34, 'text one', 'vc one', 'ab', '2024-01-15',
     '2024-01-15 10:30:00', '2024-01-15 10:30:00+00'),
    (false, -2, -20, -200, -0.5, -4.75, -0.01, '', 'x', 'abcde', '1999-12-31',
     '1999-12-31 23:59:59', '1999-12-31 23:59:59+00'),
    (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

SELECT * FROM all_types ORDER BY i NULLS LAST;
SELECT b, s, i, bi FROM all_types;
SELECT r, d, n FROM all_types;
SELECT t, vc, c FROM all_types;
SELECT dt, ts, tz FROM all_types;
SELECT count(*) FROM all_types;

-- Alternative spellings of the same types.
CREATE TABLE spellings (
    a int2,
    b int4,
    c int8,
    d int,
    e float4,
    f float8,
    g decimal(6, 3),
    h numeric,
    i character varying(10),
    j character(3),
    k bool,
    l timestamp without time zone,
    m timestamp with time zone,
    n float
);
INSERT INTO spellings VALUES (1, 2, 3, 4, 5.5, 6.5, 7.125, 8.5, 'nine', 'ten', true,
    '2020-02-29 12:00:00', '2020-02-29 12:00:00+00', 14.5);
SELECT * FROM spellings;

-- IF NOT EXISTS on an existing table is a no-op (with a notice), without it an error.
CREATE TABLE IF NOT EXISTS spellings (x int);
SELECT count(*) FROM spellings;
CREATE TABLE spellings (x int);
CREATE TABLE IF NOT EXISTS fresh (x int, y text);
INSERT INTO fresh VALUES (1, 'one');
SELECT * FROM fresh;

-- Names are case-folded unless quoted.
CREATE TABLE MixedCase (Id integer, "Quoted" text);
INSERT INTO mixedcase VALUES (1, 'a');
SELECT id, "Quoted" FROM MIXEDCASE;
SELECT Quoted FROM mixedcase;
CREATE TABLE "MixedCase" (v int);
INSERT INTO "MixedCase" VALUES (42);
SELECT * FROM "MixedCase";
SELECT * FROM mixedcase;

-- Duplicate column names.
CREATE TABLE dupcol (a int, a text);

-- Unknown type.
CREATE TABLE badtype (a notatype);

-- DROP TABLE.
DROP TABLE fresh;
SELECT * FROM fresh;
DROP TABLE fresh;
DROP TABLE IF EXISTS fresh;
DROP TABLE IF EXISTS never_existed;
DROP TABLE mixedcase, "MixedCase";
SELECT * FROM "MixedCase";
CREATE TABLE fresh (z bigint);
INSERT INTO fresh VALUES (9000000000);
SELECT z, z + 1 FROM fresh;

-- A table with no columns is legal in PostgreSQL.
CREATE TABLE empty_cols ();
SELECT count(*) FROM empty_cols;

-- Empty table queries.
CREATE TABLE nothing (a int, b text);
SELECT * FROM nothing;
SELECT a FROM nothing WHERE a > 0;
