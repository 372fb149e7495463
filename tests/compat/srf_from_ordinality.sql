-- Functions in FROM: WITH ORDINALITY, ROWS FROM (...) and unnest over several arrays (run in lockstep).

SELECT * FROM unnest('{3,2}'::int2[]) WITH ORDINALITY u(colid, arridx);
SELECT * FROM unnest('3 2'::int2vector, '0 3'::int2vector) WITH ORDINALITY k(key, option, arridx);
SELECT * FROM unnest(ARRAY[1,2,3], ARRAY['a']);
SELECT * FROM ROWS FROM (generate_series(1,3), unnest(ARRAY['x','y'])) AS r(a, b);
SELECT * FROM generate_series(1,3) WITH ORDINALITY;
SELECT g.*, o FROM generate_series(10,12) WITH ORDINALITY AS g(v, o);
SELECT t.x, u.* FROM (VALUES (ARRAY[1,2]), (ARRAY[3])) t(x), unnest(t.x) WITH ORDINALITY u;
SELECT * FROM unnest(ARRAY[1,2]) WITH ORDINALITY AS u(a, b, c);
SELECT * FROM ROWS FROM (unnest(ARRAY[1, 2]), generate_series(1, 0)) WITH ORDINALITY AS r(a, b, n);
SELECT * FROM unnest(ARRAY[1, 2], NULL::int[]) AS u(a, b);
SELECT count(*) FROM generate_series(1, 5000) WITH ORDINALITY AS g(v, o) WHERE v = o;
SELECT c.relname, k.attnum, k.ord FROM pg_class c, pg_index i,
    unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    WHERE c.oid = i.indrelid AND c.relname = 'pg_nonexistent';
