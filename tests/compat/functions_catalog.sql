-- User-defined SQL functions in the catalogs: pg_proc's columns for them,
-- pg_get_function_arguments, pg_get_function_identity_arguments,
-- pg_get_function_result, pg_get_functiondef (types qualified where
-- search_path does not find them), pg_function_is_visible, psql's \df query,
-- and CREATE OR REPLACE, DROP FUNCTION and DROP SCHEMA ... CASCADE updating
-- pg_proc.

CREATE TABLE tt (a int, b text);
CREATE FUNCTION add1(a int) RETURNS int LANGUAGE sql IMMUTABLE STRICT AS $$ select a + 1 $$;
CREATE FUNCTION tf(k int DEFAULT 3) RETURNS TABLE(a int, b text) LANGUAGE sql AS $$ select 1, 'x' $$;
CREATE FUNCTION v() RETURNS void LANGUAGE sql AS $$ select 1 $$;
CREATE FUNCTION st() RETURNS SETOF tt LANGUAGE sql STABLE AS $$ select * from tt $$;
CREATE FUNCTION one_t() RETURNS tt LANGUAGE sql AS $$ select * from tt limit 1 $$;
CREATE FUNCTION unnamed(int, text DEFAULT 'x', numeric DEFAULT -2.5) RETURNS text LANGUAGE sql AS $$ select $2 $$;
CREATE FUNCTION two(a int, OUT x int, OUT y text) LANGUAGE sql AS $$ select a, 'z' $$;
CREATE FUNCTION io(INOUT a int, OUT b text) LANGUAGE sql AS $$ select a, 'q' $$;
CREATE FUNCTION sq(n int) RETURNS SETOF int LANGUAGE sql IMMUTABLE AS $$ select generate_series(1, n) $$;
CREATE FUNCTION arr(v int[], "Odd Name" varchar) RETURNS text[] LANGUAGE sql AS $$ select array['a'] $$;
CREATE FUNCTION dollar() RETURNS text LANGUAGE sql AS $x$select '$function$'$x$;
CREATE FUNCTION "Mixed"(t timestamptz DEFAULT now()) RETURNS date LANGUAGE sql STABLE AS 'select current_date';
SELECT add1(1), v(), dollar();

-- pg_proc
SELECT p.proname, p.prolang, p.procost, p.prorows, p.provariadic, p.prokind, p.prosecdef,
       p.proleakproof, p.proisstrict, p.proretset, p.provolatile, p.proparallel, p.pronargs,
       p.pronargdefaults, format_type(p.prorettype, NULL) AS rettype, p.proargtypes,
       p.proallargtypes, p.proargmodes, p.proargnames, p.prosrc, p.probin, p.prosqlbody IS NULL AS nobody,
       p.proconfig, p.proacl IS NULL AS noacl
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' ORDER BY p.proname;
SELECT proname FROM pg_proc WHERE prorettype = (SELECT oid FROM pg_type WHERE typname = 'tt') ORDER BY 1;
SELECT proname, l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE proname IN ('add1', 'tf') ORDER BY 1;

-- the pg_get_* texts
SELECT proname, pg_get_function_arguments(oid), pg_get_function_identity_arguments(oid),
       pg_get_function_result(oid)
FROM pg_proc WHERE pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'public')
ORDER BY proname;
SELECT proname, pg_get_functiondef(oid)
FROM pg_proc WHERE pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'public')
ORDER BY proname;
SELECT pg_get_function_arguments(0), pg_get_function_identity_arguments(0),
       pg_get_function_result(0), pg_get_functiondef(0);
SELECT pg_get_functiondef(NULL), pg_get_function_result(NULL);

-- psql's \df
SELECT n.nspname as "Schema", p.proname as "Name",
  pg_catalog.pg_get_function_result(p.oid) as "Result data type",
  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
 CASE p.prokind WHEN 'a' THEN 'agg' WHEN 'w' THEN 'window' WHEN 'p' THEN 'proc' ELSE 'func' END as "Type"
FROM pg_catalog.pg_proc p
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE pg_catalog.pg_function_is_visible(p.oid)
      AND n.nspname <> 'pg_catalog'
      AND n.nspname <> 'information_schema'
ORDER BY 1, 2, 4;

-- another schema: visibility, qualified names and types
CREATE SCHEMA other;
CREATE FUNCTION other.hid(a int) RETURNS SETOF tt LANGUAGE sql AS $$ select * from tt $$;
CREATE FUNCTION other.add1(a int) RETURNS int LANGUAGE sql AS $$ select a + 100 $$;
SELECT n.nspname, p.proname, pg_function_is_visible(p.oid)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.proname IN ('add1', 'hid') ORDER BY 1, 2;
SELECT pg_get_functiondef(p.oid), pg_get_function_result(p.oid)
FROM pg_proc p WHERE p.proname = 'hid';
SET search_path = other, public;
SELECT n.nspname, p.proname, pg_function_is_visible(p.oid)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.proname IN ('add1', 'hid') ORDER BY 1, 2;
SET search_path = other;
SELECT proname, pg_get_function_result(oid), pg_get_function_arguments(oid)
FROM pg_proc WHERE proname IN ('hid', 'st', 'tf') ORDER BY 1;
SELECT pg_get_functiondef(oid) FROM pg_proc WHERE proname = 'st';
RESET search_path;

-- CREATE OR REPLACE, DROP
CREATE OR REPLACE FUNCTION add1(a int) RETURNS int LANGUAGE sql STABLE AS $$ select a + 2 $$;
SELECT proname, provolatile, proisstrict, prosrc FROM pg_proc
WHERE proname = 'add1' AND pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'public');
SELECT pg_get_functiondef(oid) FROM pg_proc
WHERE proname = 'add1' AND pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'public');
DROP FUNCTION add1(int);
DROP FUNCTION tf;
SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.proname IN ('add1', 'tf') ORDER BY 1, 2;
DROP SCHEMA other CASCADE;
SELECT count(*) FROM pg_proc WHERE proname IN ('add1', 'hid');
DROP FUNCTION v(), st(), one_t(), unnamed(int, text, numeric), two(int), io(int), sq(int),
  arr(int[], varchar), dollar(), "Mixed"(timestamptz);
SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public';
