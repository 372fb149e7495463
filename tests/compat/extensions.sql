-- Extensions: plpgsql is there, as in every PostgreSQL database (what Rails'
-- schema.rb sends first); nothing else can be created.
CREATE EXTENSION IF NOT EXISTS plpgsql;
CREATE EXTENSION IF NOT EXISTS "plpgsql" WITH SCHEMA pg_catalog;
CREATE EXTENSION plpgsql;
CREATE EXTENSION no_such_extension;
CREATE EXTENSION IF NOT EXISTS no_such_extension;
DROP EXTENSION IF EXISTS no_such_extension;
DROP EXTENSION IF EXISTS no_such_extension, other_missing;
DROP EXTENSION no_such_extension;
SELECT extname, pg_get_userbyid(extowner) = current_user AS mine, n.nspname, extrelocatable,
       extversion, extconfig, extcondition
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace;
SELECT e.oid = x.oid FROM pg_extension e, (SELECT 13559::oid AS oid) x;
SELECT * FROM pg_available_extensions WHERE name = 'plpgsql';
SELECT EXISTS (SELECT * FROM pg_available_extensions WHERE name = 'plpgsql' AND installed_version IS NOT NULL);
SELECT oid, lanname, lanispl, lanpltrusted, lanplcallfoid, laninline, lanvalidator FROM pg_language ORDER BY oid;
BEGIN READ ONLY;
CREATE EXTENSION IF NOT EXISTS plpgsql;
ROLLBACK;
SELECT obj_description(e.oid, 'pg_extension') FROM pg_extension e WHERE extname = 'plpgsql';
SELECT obj_description(l.oid, 'pg_language') FROM pg_language l WHERE lanname = 'plpgsql';
