-- PostgreSQL 15's planner settings: SET/SHOW/RESET, SET LOCAL, set_config,
-- current_setting and pg_settings, with PostgreSQL's types, units, ranges and errors;
-- the ones the planner honours never change a query's result.

SHOW enable_seqscan;
SHOW enable_hashjoin;
SHOW enable_partitionwise_join;
SHOW seq_page_cost;
SHOW random_page_cost;
SHOW cpu_operator_cost;
SHOW effective_cache_size;
SHOW min_parallel_table_scan_size;
SHOW min_parallel_index_scan_size;
SHOW max_parallel_workers_per_gather;
SHOW constraint_exclusion;
SHOW cursor_tuple_fraction;
SHOW jit;
SHOW geqo;
SHOW join_collapse_limit;
SHOW default_statistics_target;
SHOW plan_cache_mode;
SHOW ENABLE_HASHAGG;

-- Booleans: PostgreSQL's spellings and prefixes
SET enable_hashagg = off;
SHOW enable_hashagg;
SET enable_hashagg TO true;
SHOW enable_hashagg;
SET enable_sort = 0;
SHOW enable_sort;
SET enable_sort = 'y';
SHOW enable_sort;
SET enable_sort = 'FA';
SHOW enable_sort;
SET enable_sort = 'of';
SHOW enable_sort;
SET enable_sort = 'o';
SET enable_sort = maybe;
SET enable_sort = 2;
SET enable_sort = '';
RESET enable_sort;
SHOW enable_sort;
SET enable_material = no;
SET enable_memoize TO DEFAULT;
SET enable_nestloop = off;
SET enable_mergejoin = off;
SET enable_indexonlyscan = off;
SET enable_bitmapscan = off;
SET enable_tidscan = off;
SET enable_incremental_sort = off;
SET enable_gathermerge = off;
SET enable_parallel_append = off;
SET enable_parallel_hash = off;
SET enable_partition_pruning = off;
SET enable_partitionwise_join = on;
SET enable_partitionwise_aggregate = on;
SET enable_async_append = off;
SET geqo = off;
SET jit = off;
SELECT name, setting FROM pg_settings WHERE name LIKE 'enable%' ORDER BY name;
RESET ALL;
SELECT name, setting FROM pg_settings WHERE name LIKE 'enable%' ORDER BY name;

-- reals
SET seq_page_cost = 2;
SHOW seq_page_cost;
SET random_page_cost = 1.1;
SHOW random_page_cost;
SET cpu_tuple_cost = .5;
SHOW cpu_tuple_cost;
SET cpu_index_tuple_cost = '1e-3';
SHOW cpu_index_tuple_cost;
SET parallel_setup_cost = 0;
SHOW parallel_setup_cost;
SET parallel_tuple_cost = 1e10;
SHOW parallel_tuple_cost;
SET cpu_operator_cost = -0.5;
SET cpu_operator_cost = 'cheap';
SET cpu_operator_cost = '1 ms';
SET cpu_operator_cost = 'NaN';
SET cursor_tuple_fraction = 1;
SHOW cursor_tuple_fraction;
SET cursor_tuple_fraction = 1.5;
SET jit_above_cost = -1;
SHOW jit_above_cost;
SET jit_above_cost = -2;
SET recursive_worktable_factor = 0.0001;

-- integers and memory units (8 kB pages)
SET effective_cache_size = '64kB';
SHOW effective_cache_size;
SET effective_cache_size = 100;
SHOW effective_cache_size;
SET effective_cache_size = '1.5GB';
SHOW effective_cache_size;
SET effective_cache_size = '4 GB';
SHOW effective_cache_size;
SET effective_cache_size = '12kB';
SHOW effective_cache_size;
SET effective_cache_size = '1TB';
SHOW effective_cache_size;
SET effective_cache_size = '16384B';
SHOW effective_cache_size;
SET effective_cache_size = 0;
SET effective_cache_size = '10 kb';
SET effective_cache_size = '10 XB';
SET effective_cache_size = 'lots';
SET effective_cache_size = '99999999999';
SET min_parallel_table_scan_size = 0;
SHOW min_parallel_table_scan_size;
SET min_parallel_table_scan_size = '1MB';
SHOW min_parallel_table_scan_size;
SET min_parallel_index_scan_size = '512kB';
SHOW min_parallel_index_scan_size;
SET min_parallel_index_scan_size = '8GB';
SET max_parallel_workers_per_gather = 0;
SHOW max_parallel_workers_per_gather;
SET max_parallel_workers_per_gather = 1025;
SET max_parallel_workers = 0x10;
SHOW max_parallel_workers;
SET max_parallel_workers = 2.6;
SHOW max_parallel_workers;
SET max_parallel_workers = '4kB';
SET from_collapse_limit = 1;
SET from_collapse_limit = 0;
SET join_collapse_limit = 20;
SHOW join_collapse_limit;
SET default_statistics_target = 10000;
SET default_statistics_target = 10001;
SET geqo_threshold = 1;
SET geqo_effort = 10;

-- enums
SET constraint_exclusion = on;
SHOW constraint_exclusion;
SET constraint_exclusion = 'PARTITION';
SHOW constraint_exclusion;
SET constraint_exclusion = yes;
SHOW constraint_exclusion;
SET constraint_exclusion = 0;
SHOW constraint_exclusion;
SET constraint_exclusion = sometimes;
SET force_parallel_mode = regress;
SHOW force_parallel_mode;
SET force_parallel_mode = bogus;
SET plan_cache_mode = force_custom_plan;
SHOW plan_cache_mode;

-- pg_settings
RESET ALL;
SELECT name, setting, unit, category, short_desc, extra_desc, context, vartype, source, min_val,
       max_val, enumvals, boot_val, reset_val
FROM pg_settings
WHERE name IN ('enable_seqscan', 'enable_hashjoin', 'seq_page_cost', 'cpu_tuple_cost',
               'effective_cache_size', 'min_parallel_table_scan_size', 'max_parallel_workers',
               'constraint_exclusion', 'cursor_tuple_fraction', 'jit', 'geqo',
               'join_collapse_limit', 'default_statistics_target', 'force_parallel_mode')
ORDER BY name;
SET effective_cache_size = '1GB';
SET enable_hashjoin = off;
SELECT name, setting, source FROM pg_settings
WHERE name IN ('effective_cache_size', 'enable_hashjoin', 'enable_nestloop') ORDER BY name;

-- set_config and current_setting
SELECT set_config('enable_nestloop', 'off', false);
SELECT current_setting('enable_nestloop');
SELECT set_config('random_page_cost', '1.5', false), current_setting('random_page_cost');
SELECT set_config('effective_cache_size', '2GB', false);
SELECT set_config('enable_seqscan', 'perhaps', false);
SELECT current_setting('ENABLE_SEQSCAN');
SELECT current_setting('enable_nothing');
SELECT current_setting('enable_nothing', true);
SET enable_nothing = off;

-- transactions: SET LOCAL, rollback
RESET ALL;
BEGIN;
SET LOCAL enable_hashjoin = off;
SHOW enable_hashjoin;
COMMIT;
SHOW enable_hashjoin;
BEGIN;
SET enable_seqscan = off;
SHOW enable_seqscan;
ROLLBACK;
SHOW enable_seqscan;
BEGIN;
SELECT set_config('seq_page_cost', '3', true);
SHOW seq_page_cost;
COMMIT;
SHOW seq_page_cost;

-- the methods the planner honours change plans, never results
CREATE TABLE emp (id int PRIMARY KEY, dept int NOT NULL, name text, salary numeric);
CREATE TABLE dept (id int PRIMARY KEY, dname text);
INSERT INTO dept SELECT g, 'd' || g FROM generate_series(1, 20) g;
INSERT INTO emp SELECT g, g % 25 + 1, 'e' || g, g * 10 FROM generate_series(1, 3000) g;
SET enable_hashjoin = off;
SELECT d.dname, count(*) FROM emp e JOIN dept d ON e.dept = d.id GROUP BY d.dname ORDER BY d.dname LIMIT 5;
SELECT count(*), sum(e.salary) FROM emp e LEFT JOIN dept d ON e.dept = d.id WHERE d.id IS NULL;
SELECT count(*) FROM dept d RIGHT JOIN emp e USING (id);
SELECT count(*) FROM emp e FULL JOIN dept d ON e.id = d.id * 200;
SELECT count(*) FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.id AND e.salary > 29000);
SELECT count(*) FROM dept d WHERE d.id NOT IN (SELECT dept FROM emp);
SET enable_nestloop = off;
SELECT count(*) FROM emp e JOIN dept d ON e.dept = d.id;
RESET ALL;
SET enable_indexscan = off;
SELECT name FROM emp WHERE id = 17;
SELECT count(*) FROM emp WHERE id BETWEEN 100 AND 110;
SELECT id FROM emp ORDER BY id LIMIT 3;
RESET enable_indexscan;
SET enable_seqscan = off;
SELECT count(*) FROM emp WHERE id > 100;
SELECT id FROM emp WHERE id > 2990 ORDER BY id;
SELECT min(id), max(id), count(*) FROM (SELECT id FROM emp ORDER BY id) s;
RESET enable_seqscan;
SET enable_sort = off;
SELECT id FROM emp ORDER BY id LIMIT 5 OFFSET 1000;
SELECT dept, count(*) FROM emp GROUP BY dept ORDER BY dept LIMIT 3;
SET enable_hashagg = off;
SELECT dept, count(*) FROM emp GROUP BY dept ORDER BY 2 DESC, 1 LIMIT 3;
SELECT DISTINCT dept FROM emp ORDER BY dept LIMIT 3;
RESET ALL;
PREPARE p AS SELECT count(*) FROM emp e JOIN dept d ON e.dept = d.id;
EXECUTE p;
SET enable_hashjoin = off;
EXECUTE p;
DEALLOCATE p;
