-- Anonymous records (composite row values): ROW(...) and (a, b) as values, their text form
-- (record_out's quoting), field selection (x).f on rows, subquery columns, set-returning
-- functions with OUT parameters (information_schema._pg_expandarray, json_each) and whole
-- rows of FROM items, record comparison, NULL tests, ORDER BY / GROUP BY / DISTINCT over
-- records and their fields, and PostgreSQL's errors (42703, 42809, 42P16, 0A000, 42883).
create table t(id int primary key, a int, b text);
insert into t values (1, 10, 'x'), (2, null, 'a b'), (3, 30, null), (4, 40, '');

-- the text form: NULL fields empty, quoting of empty strings, blanks, commas, parentheses,
-- quotes (doubled) and backslashes (doubled)
select row(1, 'abc');
select (1, 'abc') as pair;
select row(1, 'a b', null::text, '', 'x"y', 'a\b', '(', ')', ',', 2.5, true);
select row('tab	in', 'new
line', 'ü', 'plain');
select row(null::int), row(null::int, null::text), row();
select row(row(1, 'a b'), 'c'), row(array[1, 2], '{"a": 1}'::json, '{"k": [1, 2]}'::jsonb);
select row('2020-01-02'::date, 1.50::numeric, 0.5::float8, '1 day 02:00'::interval, 'ab'::bytea);
select row('2020-01-02 03:04:05'::timestamp, '12:30'::time, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, 5::int2, 7::int8);
select row(1, 2)::text, row('a', null::text)::text;
select pg_typeof(row(1, 2)), pg_typeof((1, 2)), pg_typeof((row(1, 2.5)).f2);
select row(a, b) from t order by id;
select id, (a, b) as r from t order by id;

-- field selection on ROW(...): fields are f1, f2, ...
select (row(1, 'x')).f1, (row(1, 'x'::text)).f2;
select ((1, 2)).f2, (row(row(7, 8), 9)).f1;
select (row(a, b)).f2 from t order by id;
select (row(1, 2)).f1 + 1 as plus;
select (row(1, 2)).*;

-- a record column of a subquery, CTE or view is carried through and shown
select s.r from (select row(id, b) as r from t) s order by (s.r).f1;
select (s.r).f1, (s.r).f2 from (select row(id, b) as r from t) s order by 1;
select (s.r).f2 from (select row(id, b) as r from t) s where (s.r).f1 > 2 order by (s.r).f1 desc;
with c as (select id, row(a, b) as r from t) select id, r, (r).f1 from c order by id;
create view v_rec as select id, (row(a, b)).f2 as b2, (t).a, (t.*).b as tb from t;
select * from v_rec order by id;
create table tr(k int, v text);
insert into tr values (1, 'one');
create view v_rename as select (tr).k + 1 as k1, (tr.*).v from tr;
alter table tr rename column k to k2;
select * from v_rename;
alter table tr drop column k2;
select (s.r).* from (select row(id, b) as r from t) s order by 1;
select (u.r).f1 from (select row(1, 'x'::text) as r union all select row(2, 'y'::text)) u order by 1;
select u.r from (select row(1, 'x'::text) as r union select row(1, 'x'::text) union select row(2, 'y'::text)) u order by 1;

-- information_schema._pg_expandarray: in the SELECT list, field selection on the call, in FROM
select information_schema._pg_expandarray(array[10, 20, 30]);
select (information_schema._pg_expandarray(array['a', 'b'])).n, (information_schema._pg_expandarray(array['a', 'b'])).x;
select * from information_schema._pg_expandarray(array['p', 'q', null]);
select x, n from information_schema._pg_expandarray(array[5, 6]) e order by n desc;
select e, (e).x, (e).n from information_schema._pg_expandarray(array[5, 6]) e order by (e).n;
select information_schema._pg_expandarray('{}'::int[]);
select information_schema._pg_expandarray(null::int[]);
select information_schema._pg_expandarray(array[[1, 2], [3, 4]]);
select information_schema._pg_expandarray('[0:2]={7,8,9}'::int[]);
select k, generate_series(1, 3) as g from (select 1) z, lateral (select information_schema._pg_expandarray(array['u', 'v']) as k) l order by g;
select (k).n from (select information_schema._pg_expandarray(array['b', 'a', 'c']) as k) s order by (k).x;
select count(*), sum((k).n) from (select information_schema._pg_expandarray(array[1, 2, 3, 4]) as k) s;
-- the shape of JDBC's getPrimaryKeys query
create table pk2(x int, y text, z int, primary key (z, x));
select result.column_name, result.key_seq from (select a.attname as column_name, (information_schema._pg_expandarray(i.indkey)).n as key_seq, information_schema._pg_expandarray(i.indkey) as keys, a.attnum as a_attnum from pg_catalog.pg_class ct join pg_catalog.pg_attribute a on (ct.oid = a.attrelid) join pg_catalog.pg_index i on (a.attrelid = i.indrelid) where ct.relname = 'pk2' and i.indisprimary) result where result.a_attnum = (result.keys).x order by result.key_seq;

-- json_each in the SELECT list is a record (key, value)
select json_each('{"a": 1, "b": [2]}'::json);
select (json_each('{"a": 1, "b": "two"}'::json)).key, (jsonb_each_text('{"a": 1, "b": "two"}')).value order by 1;

-- whole rows of FROM items (a table's row is of the table's row type in PostgreSQL,
-- record here: compared as text)
select t::text from t order by id;
select t.* from t where (t).a = 10;
select (t).a, (t.*).b from t order by id;
select s from (select id, b from t where id < 3) s order by (s).id;
select p, c from (values (1), (2)) p(k) left join (select 1 as k, 'one' as v) c on c.k = p.k order by p.k;
select t.id, t2::text, t2 is null from t left join t t2 on t2.id = t.id + 10 order by t.id;

-- NULL tests: a record is NULL when every field is
select r, r is null as isnull, r is not null as notnull from (select row(null::int, null::text) r union all select row(1, null::text) union all select row(1, 'x'::text) union all select null::record) s order by 1;
select (a, b) is null, (a, b) is not null from t order by id;

-- comparison of record values (NULL fields equal each other, and sort after values)
select r1 = r2 as eq, r1 < r2 as lt, r1 is distinct from r2 as dist from (select row(1, null::text) r1, row(1, null::text) r2) s;
select r = row(1, 'x'::text), r <> row(2, 'x'::text), row(1, 'x'::text) < r from (select row(1, 'x'::text) r) s;
select r from (select row(a, b) r from t) s order by r;
select r from (select row(a, b) r from t) s order by r desc;
select r, count(*) from (select row(1, 'x'::text) r union all select row(1, 'x'::text) union all select row(2, null::text) union all select row(2, null::text)) s group by r order by r;
select distinct r from (select row(id % 2, 'k'::text) r from t) s order by r;
select (r).f1, count(*) from (select row(id % 2, b) r from t) s group by (r).f1 order by (r).f1;
select x.r from (select row(id, a) r from t) x join (select row(id, a) r from t where id > 2) y on x.r = y.r order by x.r;

-- ORDER BY a field, with NULLs
select (r).f2 from (select row(id, a) r from t) s order by (r).f2 nulls first, (r).f1;
select (r).f2 as f from (select row(id, b) r from t) s order by f desc nulls last;

-- records as JSON: an object of the fields
select json_build_object('k', r), to_json(r), to_jsonb(r), row_to_json(r) from (select row(1, 'a b'::text, null::int) r) s;
select to_json(k), jsonb_build_array(k) from (select information_schema._pg_expandarray(array[5, 6]) k) q order by 1::text;
select to_json(row(1, row(2, 'x'::text)));

-- records in other places
select coalesce(null, row(1, 2)), case when true then row(3, 'z'::text) end;
select row(1, 'x') :: record;
create table t_txt(id int, s text);
insert into t_txt select id, row(id, b) from t;
select * from t_txt order by id;
select * from (select row(1, 2) as r) s where r is not null;
prepare rp(int) as select (r).f2 from (select row(id, b) r from t) s where (r).f1 = $1;
execute rp(1);
execute rp(4);

-- errors
select (row(1, 'x')).f3;
select (s.r).z from (select row(1, 'x') as r) s;
select (information_schema._pg_expandarray(array[1, 2])).y;
select (null::record).f1;
select (1).x;
select ('abc'::text).x;
select (a).x from t;
select (t).zz from t;
select (t.*).zz from t;
select '(1,2)'::record;
create table bad_rec (r record);
create table bad_chk (a int, check (ctid is not null));
create table bad_rec as select row(1, 2) as r;
create view bad_rec_v as select row(1, 2) as r;
select _pg_expandarray(array[1]);
select pg_catalog._pg_expandarray(array[1]);
select information_schema._pg_expandarray(1);
select information_schema._pg_expandarray('{1,2}');
select r = row(1, 2, 3) from (select row(1, 2) r) s;
select r1 = r2 from (select row(1) r1, row('a'::text) r2) s;
select r < 1 from (select row(1, 2) r) s;
select 1 from t where (row(1, 2)).* = 1;
