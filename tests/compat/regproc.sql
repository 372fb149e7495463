-- regproc: function names as OIDs, as drivers read the catalogs (JDBC's type cache asks
-- typinput = 'array_in'::regproc); pg_type's I/O functions, pg_am's handlers.

SELECT typinput = 'pg_catalog.array_in'::regproc AS is_array, typtype, typname
  FROM pg_type WHERE typname IN ('_int4', 'int4', 'text', 'oidvector', 'date', '_text', 'bool')
  ORDER BY typname;
SELECT typname, typinput, typoutput, typreceive, typsend, typsubscript
  FROM pg_type WHERE typname IN ('_int4', 'int4', 'text', 'date', 'int2vector', 'numeric',
    'timestamptz', 'bool', 'bytea', 'uuid', 'inet', 'cidr', 'float8', 'varchar', 'interval',
    'oid', 'json', 'time', 'timestamp', '_varchar', 'int8')
  ORDER BY typname;
SELECT 'int4in'::regproc, 'now'::regproc, '-'::regproc, 0::regproc, 'pg_catalog.textout'::regproc;
SELECT 'array_in'::regproc::oid, 'record_in'::regproc::oid, 'unknownin'::regproc::oid;
SELECT 'ARRAY_IN'::regproc, '"array_in"'::regproc;
SELECT '"ARRAY_IN"'::regproc;
SELECT 'abs'::regproc;
SELECT 'no_such_function'::regproc;
SELECT pg_typeof('now'::regproc), 'now'::regproc = 'now'::regproc, 'now'::regproc::text;
SELECT amname, amhandler FROM pg_am WHERE amname IN ('btree', 'heap') ORDER BY 1;
SELECT t.typname FROM pg_type t JOIN pg_proc p ON p.oid = t.typinput
  WHERE t.typname IN ('int4', 'text', '_int4') ORDER BY 1;
SELECT p.proname FROM pg_proc p WHERE p.oid = 'array_out'::regproc;
