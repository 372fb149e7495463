create table it(id int primary key, v text, n numeric(5,1));
insert into it values (1, 'a', 1.25);
insert into it values ((select max(id) + 1 from it), 'b', 2), ((select count(*) from it) + 10, (select v from it where id = 1) || 'x', 3.33);
insert into it (id, v) values ((select max(id) from it) + 1, 'c') returning *;
insert into it values ((select 1), 'dup', 0);
insert into it values ((select id from it), 'many', 0);
insert into it (v, id) values ('e', (select max(id) + 1 from it)) on conflict (id) do nothing returning id, v;
select * from it order by id;
