-- LATERAL subqueries and functions in FROM that use earlier FROM items
create table customers(id int primary key, name text, region text);
insert into customers values (1,'ann','north'),(2,'bob','south'),(3,'cy','north'),(4,'dee',null);
create table orders(oid int primary key, cid int, ts int, amount numeric(10,2));
insert into orders values (10,1,100,5.00),(11,1,200,7.50),(12,1,300,1.25),(13,2,150,20.00),
  (14,2,250,3.00),(15,3,50,9.99),(16,1,400,2.00),(17,9,10,1.00);
create table t(a int, n int, s text);
insert into t values (1,2,'x'),(2,3,'yy'),(3,null,null),(4,0,'zzz');
-- comma joins
select * from t, lateral (select t.a + 1 as c) s order by a;
select t.a, s.* from t, lateral (select t.a * 10 as ten, t.s || '!' as bang) s order by a;
select * from t, lateral (select a + n as an) s order by a;
select c.name, x.oid, x.ts from customers c, lateral (select * from orders o where o.cid = c.id order by o.ts desc limit 2) x order by c.id, x.ts desc;
select c.name, x.total, x.cnt from customers c, lateral (select sum(amount) as total, count(*) as cnt from orders o where o.cid = c.id) x order by c.id;
select c.name, x.* from customers c, lateral (select o.cid, max(o.ts) as last from orders o where o.cid = c.id group by o.cid) x order by 1;
-- explicit joins
select c.name, x.oid from customers c join lateral (select * from orders o where o.cid = c.id) x on x.amount > 2 order by 1, 2;
select c.name, x.oid from customers c cross join lateral (select oid from orders o where o.cid = c.id order by ts limit 1) x order by 1;
select c.name, x.oid, x.ts from customers c left join lateral (select * from orders o where o.cid = c.id order by o.ts desc limit 3) x on true order by c.id, x.ts desc;
select c.name, x.oid from customers c left join lateral (select * from orders o where o.cid = c.id) x on x.amount > 5 order by 1, 2;
select c.name, x.total from customers c left join lateral (select sum(amount) as total from orders o where o.cid = c.id and o.amount > 100) x on true order by c.id;
select c.name, x.oid from customers c left join lateral (select oid from orders o where o.cid = c.id limit 0) x on true order by c.id;
select count(*) from customers c left join lateral (select * from orders o where o.cid = c.id) x on true;
select c.id, x.oid from customers c inner join lateral (select oid from orders where cid = c.id order by oid desc limit 1) x on true where c.region = 'north' order by 1;
-- LEFT JOIN LATERAL with NULL-extended rows used later
select c.id, x.oid is null as none from customers c left join lateral (select oid from orders where cid = c.id and ts > 1000) x on true order by 1;
select c.id, coalesce(x.total, 0) from customers c left join lateral (select sum(amount) total from orders where cid = c.id group by cid) x on true order by 1;
-- functions in FROM with lateral arguments (implicitly LATERAL)
select * from t, generate_series(1, t.n) g order by a, g;
select * from t, lateral generate_series(1, t.n) g order by a, g;
select t.a, g from t cross join generate_series(t.a, t.a + 2) as g order by 1, 2;
select t.a, g.v from t left join generate_series(1, t.n) as g(v) on true order by 1, 2;
select t.a, g from t join generate_series(1, 3) g on g <= t.a order by 1, 2;
select t.a, g from t, generate_series(t.n, 1, -1) g order by 1, 2 desc;
select c.id, d from customers c, generate_series(1, (select count(*) from orders o where o.cid = c.id)::int) d order by 1, 2;
select a, g from t, generate_series(1, t.n) g where g > 1 order by 1, 2;
select count(*), sum(g) from t, generate_series(1, t.n) g;
select t.a, g from t, generate_series(timestamp '2024-01-01', timestamp '2024-01-01' + t.n * interval '1 day', interval '1 day') g order by 1, 2;
select t.a, u::text from t, unnest(array(select t.s || g from generate_series(1, t.n) g)) u order by 1, 2;
select t.a, u::text from t left join unnest(array(select g from generate_series(1, t.n) g)) u on true order by 1, 2;
-- chains and nesting
select t.a, s1.b, s2.c from t, lateral (select t.a * 2 as b) s1, lateral (select s1.b + 1 as c) s2 order by 1;
select t.a, s.d from t, lateral (select s1.c + 1 as d from lateral (select t.a as c) s1) s order by 1;
select t.a, s.z from t, lateral (select z from (select t.a * 10 as z) q) s order by 1;
select t.a, s.g2 from t, lateral (select g * 2 as g2 from generate_series(1, t.n) g) s order by 1, 2;
select t.a, s.* from t, lateral (select x.oid, y.g from orders x, generate_series(1, t.a) y(g) where x.cid = t.a) s order by 1, 2, 3;
select c.id, x.oid, y.v from customers c left join lateral (select oid from orders where cid = c.id order by oid limit 1) x on true left join lateral (select x.oid * 2 as v) y on true order by 1;
select * from t, orders o left join lateral (select t.a + o.oid as sum1) s on true where o.cid = 2 order by t.a, o.oid;
select t.a, o.oid, s.q from t, orders o full join lateral (select t.a as q) s on true where o.cid = 3 order by 1;
select t.a, x.* from t, lateral (select * from customers c where c.id = t.a union all select * from customers c where c.id = t.a + 1) x order by 1, 2;
select t.a, x.* from t, lateral (with w as (select t.a * 3 as m) select m from w) x order by 1;
select t.a, x.* from t, lateral (select a, n from t t2 where t2.a < t.a order by a desc limit 1) x order by 1;
select t.a, x.* from t, lateral (values (t.a), (t.a * 100)) x(v) order by 1, 2;
select t.a, x.w from t, lateral (select row_number() over () + t.a as w from orders where cid = t.a) x order by 1, 2;
-- outer query levels
select c.id, (select sum(g) from generate_series(1, c.id) g) from customers c order by 1;
select c.id, (select max(x.oid) from lateral (select oid from orders o where o.cid = c.id) x) from customers c order by 1;
select c.id, (select count(*) from orders o, lateral (select o.amount * c.id as m) z where z.m > 10) from customers c order by 1;
select c.id, (select z from (select c.id * 2 as z) q) from customers c order by 1;
select c.id from customers c where exists (select 1 from orders o, lateral (select o.ts + c.id as k) z where o.cid = c.id and z.k > 200) order by 1;
select c.id, x.v from customers c, lateral (select (select count(*) from orders o where o.cid = c.id) as v) x order by 1;
-- aggregates and grouping over lateral output
select c.region, count(x.oid) from customers c left join lateral (select oid from orders where cid = c.id) x on true group by c.region order by 1;
select c.name, sum(x.amount) from customers c join lateral (select * from orders where cid = c.id order by ts desc limit 2) x on true group by c.name order by 1;
select distinct x.cid from customers c, lateral (select cid from orders where cid = c.id) x order by 1;
-- errors
select * from t, (select t.a) s;
select * from t, (select a) s;
select * from t x, (select t.a) s;
select * from t, lateral (select u.x) s, t u;
select * from t full join lateral (select t.a) s on true;
select * from t full join lateral (select a) s on true;
select * from t right join lateral (select t.a) s on true;
select * from t right join generate_series(1, t.n) g on true;
select * from t, lateral (select sum(t.a)) s;
select * from t, lateral (select count(*) filter (where t.a > 0)) s;
select * from t, lateral (select sum(t.a) from orders) s;
select * from t, lateral (select 1) s, lateral (select 2) s;
select * from t, lateral (select t.a) s join orders o on o.cid = t.n;
select * from t, lateral (select t.a, t.a) s;
select * from t, lateral (select nosuch from orders where cid = t.a) s;
select * from t, generate_series(1, t.s) g;
select * from t, orders o join customers c on c.id = t.a;
select * from t, orders o join customers c on id = a;
select * from t join orders o on o.cid = t.a join customers c on c.id = o.cid and c.id = t.a order by 1, 4 limit 3;
select * from t, lateral (select 1 / (t.a - 1) as d) s;
-- prepared statements
prepare lat1(int) as select c.name, x.oid from customers c left join lateral (select oid from orders o where o.cid = c.id and o.ts > $1 order by oid limit 1) x on true order by 1;
execute lat1(100);
execute lat1(300);
prepare lat2(int) as select t.a, g from t, generate_series(1, t.n + $1) g order by 1, 2;
execute lat2(0);
execute lat2(1);
prepare lat3(int) as select t.a, x.v from t, lateral (select t.a * $1 as v) x order by 1;
execute lat3(3);
execute lat3(-1);
deallocate lat1;
deallocate lat2;
deallocate lat3;
-- index lookups per left row
select t.a, c.name from t, lateral (select name from customers where id = t.a limit 1) c order by 1;
select t.a, c.name from t left join lateral (select name from customers where id = t.n) c on true order by 1;
-- many rows on either side (several chunks per left row, many left chunks)
select count(*), sum(b), min(b), max(b) from generate_series(1, 3) a, lateral generate_series(1, 5000 * a) b;
select count(*), sum(a * b) from generate_series(1, 5000) a, lateral generate_series(1, a % 4) b;
select count(*), count(b), sum(a) from generate_series(1, 5000) a left join lateral (select g as b from generate_series(1, a % 3) g where g > 1) x on true;
select a, b from generate_series(1, 3000) a, lateral (select a * 2 as b) x where a % 1000 = 0 order by a;
select a, x.s from generate_series(1, 2) a, lateral (select string_agg(repeat('ab', 20) || g, ',') as s from generate_series(1, a) g) x order by a;
select a, length(x.v) from generate_series(1, 3) a, lateral (select repeat('long text value ', a * 10) as v) x order by a;
-- row locks and cursors over a lateral join
begin;
select c.id, x.oid from customers c, lateral (select oid from orders o where o.cid = c.id order by oid limit 1) x order by 1 for update of c;
declare cur cursor for select t.a, g from t, generate_series(1, t.n) g order by 1, 2;
fetch 2 from cur;
fetch all from cur;
close cur;
commit;
-- views over LATERAL
create view last_order as select c.id, x.oid, x.ts from customers c left join lateral (select oid, ts from orders o where o.cid = c.id order by ts desc limit 1) x on true;
select * from last_order order by id;
select v.id, g from last_order v, generate_series(1, v.id) g where v.oid is not null order by 1, 2;
create view series_v as select t.a, g from t, generate_series(1, t.n) g;
select * from series_v order by 1, 2;
select c.id, s.cnt from customers c, lateral (select count(*) as cnt from series_v where series_v.a = c.id) s order by 1;
