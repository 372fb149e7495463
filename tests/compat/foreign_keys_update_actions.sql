-- FOREIGN KEY ... ON UPDATE CASCADE / SET NULL (what pg_dump writes for such schemas): the new key reaches the referencing rows, nested cascades through a referencing primary key, composite and self-referencing keys, deferrable keys, ON DELETE SET NULL handing on its change, other keys of the referencing row checked, conversions (22003, 22001), NOT NULL (23502), rollback; pg_constraint's action letters
CREATE TABLE fa_parent (id int PRIMARY KEY, code text UNIQUE, big bigint UNIQUE);
CREATE TABLE fa_child (
  id int PRIMARY KEY,
  pid int REFERENCES fa_parent (id) ON UPDATE CASCADE ON DELETE CASCADE,
  pcode varchar(3) REFERENCES fa_parent (code) ON UPDATE CASCADE,
  pnull text REFERENCES fa_parent (code) ON UPDATE SET NULL,
  small smallint REFERENCES fa_parent (big) ON UPDATE CASCADE
);
INSERT INTO fa_parent VALUES (1, 'a', 10), (2, 'b', 20), (3, 'ccc', 30);
INSERT INTO fa_child VALUES (100, 1, 'a', 'a', 10), (101, 1, 'b', 'b', 20), (102, 2, NULL, NULL, NULL), (103, NULL, 'ccc', 'ccc', 30);
UPDATE fa_parent SET id = 11 WHERE id = 1;
SELECT * FROM fa_child ORDER BY id;
UPDATE fa_parent SET code = 'aa' WHERE code = 'a';
SELECT * FROM fa_child ORDER BY id;
UPDATE fa_parent SET code = 'toolong' WHERE code = 'b';
UPDATE fa_parent SET big = 40000 WHERE big = 20;
UPDATE fa_parent SET big = 21 WHERE big = 20;
UPDATE fa_parent SET id = id + 100;
SELECT * FROM fa_child ORDER BY id;
SELECT * FROM fa_parent ORDER BY id;
BEGIN;
UPDATE fa_parent SET id = 500 WHERE id = 102;
SELECT id, pid FROM fa_child ORDER BY id;
ROLLBACK;
SELECT id, pid FROM fa_child ORDER BY id;
UPDATE fa_parent SET id = id WHERE id = 111;
DELETE FROM fa_parent WHERE id = 111;
SELECT id, pid FROM fa_child ORDER BY id;
SELECT conname, confupdtype, confdeltype FROM pg_constraint WHERE conrelid = 'fa_child'::regclass AND contype = 'f' ORDER BY conname;
-- a cascade through a referencing primary key, two levels down
CREATE TABLE fa_a (id int PRIMARY KEY);
CREATE TABLE fa_b (a_id int PRIMARY KEY REFERENCES fa_a ON UPDATE CASCADE, note text);
CREATE TABLE fa_c (id int PRIMARY KEY, b_id int REFERENCES fa_b ON UPDATE CASCADE ON DELETE SET NULL);
INSERT INTO fa_a VALUES (1), (2);
INSERT INTO fa_b VALUES (1, 'one'), (2, 'two');
INSERT INTO fa_c VALUES (10, 1), (11, 1), (12, 2);
UPDATE fa_a SET id = 7 WHERE id = 1;
SELECT * FROM fa_b ORDER BY a_id;
SELECT * FROM fa_c ORDER BY id;
SELECT * FROM fa_b WHERE a_id = 7;
SELECT * FROM fa_b WHERE a_id = 1;
INSERT INTO fa_b VALUES (1, 'again');
INSERT INTO fa_a VALUES (1);
INSERT INTO fa_b VALUES (1, 'again');
INSERT INTO fa_b VALUES (7, 'dup');
UPDATE fa_a SET id = 2 WHERE id = 7;
DELETE FROM fa_b WHERE a_id = 7;
SELECT * FROM fa_c ORDER BY id;
-- composite key
CREATE TABLE fa_cp (a int, b text, PRIMARY KEY (a, b));
CREATE TABLE fa_cc (id int PRIMARY KEY, a int, b text, FOREIGN KEY (a, b) REFERENCES fa_cp ON UPDATE CASCADE);
INSERT INTO fa_cp VALUES (1, 'x'), (2, 'y');
INSERT INTO fa_cc VALUES (1, 1, 'x'), (2, 2, 'y'), (3, NULL, 'x');
UPDATE fa_cp SET b = 'z' WHERE a = 1;
UPDATE fa_cp SET a = 5, b = 'w' WHERE a = 2;
SELECT * FROM fa_cc ORDER BY id;
-- self-referencing
CREATE TABLE fa_emp (id int PRIMARY KEY, boss int REFERENCES fa_emp ON UPDATE CASCADE);
INSERT INTO fa_emp VALUES (1, NULL), (2, 1), (3, 1), (4, 2);
UPDATE fa_emp SET id = 10 WHERE id = 1;
UPDATE fa_emp SET id = 20 WHERE id = 2;
SELECT * FROM fa_emp ORDER BY id;
UPDATE fa_emp SET id = id + 100;
SELECT * FROM fa_emp ORDER BY id;
CREATE TABLE fa_tree (id int PRIMARY KEY, up int REFERENCES fa_tree ON DELETE SET NULL ON UPDATE SET NULL);
INSERT INTO fa_tree VALUES (1, NULL), (2, 1), (3, 2), (4, 2);
UPDATE fa_tree SET id = 20 WHERE id = 2;
SELECT * FROM fa_tree ORDER BY id;
UPDATE fa_tree SET up = 20 WHERE id IN (3, 4);
DELETE FROM fa_tree WHERE id <= 20;
SELECT * FROM fa_tree ORDER BY id;
DELETE FROM fa_tree;
SELECT count(*) FROM fa_tree;
-- deferrable: the action is not deferred
CREATE TABLE fa_dp (id int PRIMARY KEY);
CREATE TABLE fa_dc (pid int REFERENCES fa_dp ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED);
INSERT INTO fa_dp VALUES (1);
INSERT INTO fa_dc VALUES (1);
BEGIN;
UPDATE fa_dp SET id = 2;
SELECT pid FROM fa_dc;
COMMIT;
SELECT pid FROM fa_dc;
-- another key of the referencing row over the same column
CREATE TABLE fa_other (id int PRIMARY KEY);
CREATE TABLE fa_two (x int REFERENCES fa_dp ON UPDATE CASCADE, CONSTRAINT fa_two_other FOREIGN KEY (x) REFERENCES fa_other);
INSERT INTO fa_other VALUES (2);
INSERT INTO fa_two VALUES (2);
UPDATE fa_dp SET id = 3;
INSERT INTO fa_other VALUES (3);
UPDATE fa_dp SET id = 3;
SELECT x FROM fa_two;
-- NOT NULL against SET NULL
CREATE TABLE fa_nn (code text NOT NULL REFERENCES fa_parent (code) ON UPDATE SET NULL);
INSERT INTO fa_nn VALUES ('ccc');
UPDATE fa_parent SET code = 'cc' WHERE code = 'ccc';
SELECT code FROM fa_nn;
DROP TABLE fa_tree, fa_nn, fa_two, fa_other, fa_dc, fa_dp, fa_emp, fa_cc, fa_cp, fa_c, fa_b, fa_a, fa_child, fa_parent;
