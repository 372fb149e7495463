-- PRIMARY KEY (single and composite), NOT NULL, UNIQUE, DEFAULT; 23505 and 23502.

CREATE TABLE users (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text,
    active boolean DEFAULT true,
    score integer DEFAULT 0 NOT NULL
);

INSERT INTO users (id, email, name) VALUES (1, 'a@example.com', 'Ann');
INSERT INTO users (id, email, name, active, score) VALUES (2, 'b@example.com', 'Bob', false, 5);
INSERT INTO users (id, email) VALUES (3, 'c@example.com');
SELECT * FROM users ORDER BY id;

-- Primary key violations.
INSERT INTO users (id, email) VALUES (1, 'dup@example.com');
INSERT INTO users (id, email) VALUES (NULL, 'null@example.com');
-- Unique violation.
INSERT INTO users (id, email) VALUES (4, 'a@example.com');
-- NOT NULL violations.
INSERT INTO users (id, email) VALUES (5, NULL);
INSERT INTO users (id) VALUES (6);
INSERT INTO users (id, email, score) VALUES (7, 'g@example.com', NULL);
-- A failed multi-row insert leaves nothing behind.
INSERT INTO users (id, email) VALUES (8, 'h@example.com'), (9, 'h@example.com');
SELECT count(*) FROM users;
SELECT id FROM users WHERE id >= 4;

-- Composite primary key.
CREATE TABLE enrollment (
    student_id integer,
    course_id integer,
    grade char(1),
    PRIMARY KEY (student_id, course_id)
);
INSERT INTO enrollment VALUES (1, 10, 'A'), (1, 11, 'B'), (2, 10, 'C');
INSERT INTO enrollment VALUES (1, 10, 'F');
INSERT INTO enrollment VALUES (2, 11, 'B');
INSERT INTO enrollment VALUES (NULL, 12, 'B');
SELECT * FROM enrollment ORDER BY student_id, course_id;

-- Table-level UNIQUE over two columns; NULLs never collide.
CREATE TABLE pairs (
    a integer,
    b integer,
    UNIQUE (a, b)
);
INSERT INTO pairs VALUES (1, 1), (1, 2), (2, 1);
INSERT INTO pairs VALUES (1, 2);
INSERT INTO pairs VALUES (1, NULL), (1, NULL);
SELECT a, b FROM pairs;
SELECT count(*) FROM pairs WHERE b IS NULL;

-- Text primary key.
CREATE TABLE codes (code varchar(8) PRIMARY KEY, label text NOT NULL);
INSERT INTO codes VALUES ('ABC', 'first'), ('abc', 'second');
INSERT INTO codes VALUES ('ABC', 'again');
SELECT * FROM codes ORDER BY code;

-- Bigint primary key.
CREATE TABLE big (id bigint PRIMARY KEY, v text);
INSERT INTO big VALUES (9223372036854775807, 'max'), (-9223372036854775808, 'min');
INSERT INTO big VALUES (9223372036854775807, 'again');
SELECT * FROM big ORDER BY id;

-- Defaults of many types, including expressions.
CREATE TABLE defaults (
    id int PRIMARY KEY,
    n numeric(8, 2) DEFAULT 1.5,
    t text DEFAULT 'none',
    d date DEFAULT '2000-01-01',
    e int DEFAULT 2 * 21,
    f boolean DEFAULT false,
    g varchar(5) DEFAULT 'abc' || 'de'
);
INSERT INTO defaults (id) VALUES (1);
INSERT INTO defaults (id, t) VALUES (2, 'given');
INSERT INTO defaults VALUES (3, DEFAULT, DEFAULT, DEFAULT, 7, DEFAULT, 'z');
INSERT INTO defaults (id, n) VALUES (4, NULL);
SELECT * FROM defaults ORDER BY id;

-- Two primary keys are an error.
CREATE TABLE twopk (a int PRIMARY KEY, b int PRIMARY KEY);
-- PRIMARY KEY on a column that does not exist.
CREATE TABLE badpk (a int, PRIMARY KEY (b));
