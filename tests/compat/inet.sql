-- The network address types inet and cidr: input and output forms, errors, order,
-- containment, functions, arithmetic, casts, keys and grouping, as PostgreSQL 15.

SELECT '192.168.1.5'::inet, '192.168.1.5/24'::inet, '10/8'::inet, '0.0.0.0/0'::inet;
SELECT '::1'::inet, '2001:db8::1/64'::inet, '::ffff:1.2.3.4'::inet, '::1.2.3.4'::inet;
SELECT '1:0:0:2:0:0:0:3'::inet, '0:0:1::'::inet, '2001:db8:0:0:1:0:0:1'::inet, '::0.1.0.0'::inet;
SELECT '1:2:3:4:5:6:7:8'::inet, '::2:3:4:5:6:7:8'::inet, 'FE80::ABCD'::inet, '::'::inet;
SELECT '192.168.1.0/24'::cidr, '10'::cidr, '128'::cidr, '192.168'::cidr, '1.2.3'::cidr;
SELECT '224'::cidr, '224.1'::cidr, '240'::cidr, '200'::cidr, '10.1.2.0/23'::cidr;
SELECT '2001:db8::/32'::cidr, '::/0'::cidr, '::ffff:1.2.0.0/112'::cidr;
SELECT '010.001.002.003'::inet;
SELECT '1.2.3'::inet;
SELECT '1.2.3.4/33'::inet;
SELECT '256.1.1.1'::inet;
SELECT ' 1.2.3.4'::inet;
SELECT 'abc'::inet;
SELECT '1.2.3.4/'::inet;
SELECT ''::inet;
SELECT '::1/129'::inet;
SELECT '1.2.3.4.5'::inet;
SELECT '10.1.2.3/8'::cidr;
SELECT '2001:db8::1/32'::cidr;

CREATE TABLE hosts (id int PRIMARY KEY, ip inet, net cidr);
INSERT INTO hosts VALUES
  (1, '192.168.1.5/24', '192.168.1.0/24'),
  (2, '192.168.1.200', '192.168.0.0/16'),
  (3, '10.0.0.1/8', '10.0.0.0/8'),
  (4, '2001:db8::1', '2001:db8::/32'),
  (5, '::1', '::1/128'),
  (6, NULL, NULL),
  (7, '192.168.1.5/32', '192.168.1.5/32'),
  (8, '192.168.1.0/24', '192.168.1.0/25'),
  (9, '0.0.0.0/0', '0.0.0.0/0'),
  (10, '::ffff:192.168.1.5', '::ffff:192.168.1.0/120');
SELECT id, ip, net FROM hosts ORDER BY ip, id;
SELECT id, ip FROM hosts ORDER BY ip DESC NULLS LAST, id;
SELECT id, net FROM hosts ORDER BY net, id;
SELECT a.id, b.id, a.ip < b.ip AS lt, a.ip = b.ip AS eq, a.ip >= b.ip AS ge
  FROM hosts a, hosts b WHERE a.id < b.id AND a.id <= 5 AND b.id <= 6 ORDER BY 1, 2;
SELECT id FROM hosts WHERE ip = '192.168.1.200' ORDER BY id;
SELECT id FROM hosts WHERE ip = '192.168.1.5/24'::inet ORDER BY id;
SELECT id FROM hosts WHERE ip << '192.168.0.0/16' ORDER BY id;
SELECT id FROM hosts WHERE ip <<= '192.168.1.0/24' ORDER BY id;
SELECT id FROM hosts WHERE net >> '192.168.1.77' ORDER BY id;
SELECT id FROM hosts WHERE net >>= '192.168.1.0/24' ORDER BY id;
SELECT id FROM hosts WHERE net && '192.168.1.128/25' ORDER BY id;
SELECT id FROM hosts WHERE ip IN ('::1', '10.0.0.1/8') ORDER BY id;
SELECT id, host(ip), text(ip), abbrev(ip), masklen(ip), family(ip) FROM hosts ORDER BY id;
SELECT id, network(ip), netmask(ip), hostmask(ip), broadcast(ip) FROM hosts ORDER BY id;
SELECT id, abbrev(net), text(net), host(net), masklen(net) FROM hosts ORDER BY id;
SELECT id, set_masklen(ip, 16), set_masklen(net, 8) FROM hosts WHERE family(ip) = 4 ORDER BY id;
SELECT set_masklen('192.168.1.5/24'::inet, -1), set_masklen('2001:db8::/32'::cidr, 16);
SELECT set_masklen('192.168.1.5'::inet, 33);
SELECT ip::text, net::text, ip::cidr, net::inet, cidr(ip) FROM hosts ORDER BY id;
SELECT inet_same_family('1.2.3.4', '::1'), inet_same_family('1.2.3.4', '5.6.7.8');
SELECT inet_merge('192.168.1.5/24', '192.168.2.5/24'), inet_merge('10.1.2.3', '10.1.2.3');
SELECT inet_merge('2001:db8::1', '2001:db8:ffff::1');
SELECT inet_merge('1.2.3.4', '::1');
SELECT '192.168.1.5'::inet + 300, 300 + '192.168.1.5'::inet, '192.168.1.5'::inet - 6;
SELECT '192.168.1.5/24'::inet + 1, '::1'::inet + 65535, '10.0.0.0'::inet - '9.255.255.255'::inet;
SELECT '200.0.0.0'::inet - '10.0.0.0'::inet, '10.0.0.0'::inet - '200.0.0.0'::inet;
SELECT '2001:db8::2'::inet - '2001:db8::1'::inet, '::1'::inet - '::2'::inet;
SELECT '255.255.255.255'::inet + 1;
SELECT '0.0.0.0'::inet - 1;
SELECT '2001:db8::1'::inet - '::1'::inet;
SELECT '1.2.3.4'::inet - '::1'::inet;
SELECT ~ '192.168.1.5'::inet, '192.168.1.5'::inet & '255.255.0.0'::inet, '192.168.1.5/24'::inet | '0.0.0.255/16'::inet;
SELECT '1.2.3.4'::inet & '::1'::inet;
SELECT ~ '::1'::inet;
SELECT family(ip), count(*), min(ip), max(ip) FROM hosts GROUP BY family(ip) ORDER BY 1;
SELECT DISTINCT network(ip) FROM hosts WHERE ip IS NOT NULL ORDER BY 1;
SELECT ip FROM hosts WHERE ip BETWEEN '10.0.0.0' AND '192.168.1.100' ORDER BY ip;
SELECT pg_typeof(ip), pg_typeof(net), pg_typeof(ip::cidr) FROM hosts WHERE id = 1;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = 'hosts'::regclass AND attnum > 1 ORDER BY attnum;
SELECT typname, typcategory, typispreferred, typlen FROM pg_type WHERE typname IN ('inet', 'cidr') ORDER BY 1;

CREATE TABLE nets (n cidr PRIMARY KEY, label text);
INSERT INTO nets VALUES ('10.0.0.0/8', 'a'), ('10.0.0.0/16', 'b'), ('10.1.0.0/16', 'c'),
  ('192.168.0.0/16', 'd'), ('2001:db8::/32', 'e'), ('0.0.0.0/0', 'f');
INSERT INTO nets VALUES ('10.0.0.0/8', 'dup');
SELECT * FROM nets ORDER BY n;
SELECT * FROM nets WHERE n = '10.0.0.0/16';
SELECT * FROM nets WHERE n > '10.0.0.0/8' ORDER BY n;
SELECT * FROM nets WHERE n >>= '10.0.5.1' ORDER BY n;
CREATE UNIQUE INDEX hosts_ip ON hosts (ip);
INSERT INTO hosts VALUES (11, '192.168.1.200/32', NULL);
SELECT h.id, n.label FROM hosts h JOIN nets n ON h.ip::cidr = n.n ORDER BY 1, 2;
SELECT h.id, n.label FROM hosts h JOIN nets n ON h.ip << n.n WHERE n.label <> 'f' ORDER BY 1, 2;
UPDATE hosts SET ip = ip + 1 WHERE family(ip) = 6 RETURNING id, ip;
DELETE FROM hosts WHERE ip << '10.0.0.0/8' RETURNING id;
DROP TABLE hosts;
DROP TABLE nets;
SELECT x, abbrev(x::cidr) FROM (VALUES ('2001:db8::/32'), ('::ffff:192.168.1.0/120'), ('::/0'), ('::/1'), ('8000::/1'), ('1:0:0:2::/64'), ('1:0:0:2:0:0:0:3/128'), ('::1.2.3.4/128'), ('::1.2.3.0/120'), ('::0.0.0.2/128'), ('::/128'), ('1::/16'), ('1:0:1:0:0::/80'), ('0:0:1::/48'), ('fe80::/10'), ('::ffff:0:0/96'), ('1:2:3:4:5:6:7:8/128'), ('0:1:0:0:1::/128')) v(x);
SELECT x, abbrev(x::cidr) FROM (VALUES ('0.0.0.0/0'), ('10.1.0.0/12'), ('10.16.0.0/12'), ('192.168.1.128/25'), ('1.2.3.4/32'), ('128.0.0.0/1')) v(x);
SELECT x, abbrev(x::inet) FROM (VALUES ('1.2.3.4/32'), ('1.2.3.4/24'), ('::1/128'), ('::1/64')) v(x);
-- this session's peer (both servers are reached over TCP from 127.0.0.1)
SELECT inet_client_addr(), inet_client_port() > 0, pg_typeof(inet_client_addr()), family(inet_client_addr());
