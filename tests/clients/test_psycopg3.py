#!/usr/bin/python3
"""psycopg 3 (Debian python3-psycopg) against a running OmenDB.

Usage: test_psycopg3.py HOST PORT  (tests/clients/run_psycopg3.sh starts the
server). Each check prints "ok   NAME" or "FAIL NAME: why"; the last line is
"psycopg3: N passed, N failed"; the exit status is 1 if anything failed.
"""
import datetime
import decimal
import sys
import uuid

import psycopg
import psycopg.errors
import psycopg.rows

HOST, PORT = sys.argv[1], int(sys.argv[2])
results = {"passed": 0, "failed": 0}


def connect(**kw):
    return psycopg.connect(host=HOST, port=PORT, user="omendb", dbname="omendb", **kw)


def check(name):
    def wrap(fn):
        try:
            fn()
        except Exception as e:  # a failed check must not stop the others
            results["failed"] += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}".rstrip())
            try:
                conn.rollback()
            except Exception:
                pass
        else:
            results["passed"] += 1
            print(f"ok   {name}")
        return fn

    return wrap


def eq(got, want):
    if got != want:
        raise AssertionError(f"got {got!r}, want {want!r}")


print(f"psycopg {psycopg.__version__} (libpq {psycopg.pq.version()}, {psycopg.pq.__impl__})")
conn = connect()
print(f"server_version {conn.info.server_version}")

ROW = (
    1, 10**12, 2.5, decimal.Decimal("1234.567"), "héllo 'q'", b"\x00\x01\xff",
    datetime.date(2024, 2, 29), datetime.datetime(2024, 1, 2, 3, 4, 5, 123456),
    datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
    datetime.timedelta(days=3, seconds=4 * 3600 + 5 * 60 + 6),
    uuid.UUID("12345678-1234-5678-1234-567812345678"), True, -7, "abc",
)
COLS = "id, qty, price, amount, name, data, d, ts, tstz, span, u, flag, small, code"


@check("ddl")
def _():
    conn.execute(
        """CREATE TABLE items (
             id integer PRIMARY KEY, qty bigint, price float8, amount numeric(12,3),
             name text, data bytea, d date, ts timestamp, tstz timestamptz,
             span interval, u uuid, flag boolean, small smallint, code varchar(10))"""
    )
    conn.commit()


@check("server-side parameters of many types (text format)")
def _():
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO items ({COLS}) VALUES ({', '.join(['%s'] * 14)})", ROW)
        eq(cur.rowcount, 1)
        cur.execute(f"SELECT {COLS} FROM items WHERE id = %s", (1,))
        eq(cur.fetchone(), ROW)
        eq(cur.description[3].name, "amount")
    conn.commit()


@check("binary parameters and results")
def _():
    with conn.cursor(binary=True) as cur:
        row = (2,) + ROW[1:]
        cur.execute(f"INSERT INTO items ({COLS}) VALUES ({', '.join(['%b'] * 14)})", row)
        cur.execute(f"SELECT {COLS} FROM items WHERE id = %b", (2,))
        eq(cur.fetchone(), row)
        eq(cur.pgresult.fformat(0), 1)
    conn.commit()


@check("NULLs and named parameters")
def _():
    conn.execute("INSERT INTO items (id, name, amount) VALUES (%(id)s, %(n)s, %(a)s)",
                 {"id": 3, "n": None, "a": None})
    row = conn.execute("SELECT name, amount, flag FROM items WHERE id = %s", (3,)).fetchone()
    eq(row, (None, None, None))
    conn.commit()


@check("prepared statements (prepare=True) and executemany")
def _():
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO items (id, name, qty) VALUES (%s, %s, %s)",
                        [(i, f"n{i}", i * 10) for i in range(10, 60)])
        for i in range(10, 15):
            cur.execute("SELECT name FROM items WHERE id = %s", (i,), prepare=True)
            eq(cur.fetchone()[0], f"n{i}")
        # the server holds the statements psycopg prepared (named _pg3_N by psycopg 3.1):
        # a protocol Describe answers with their parameter and result counts. Probed
        # outside the transaction: a Describe of a name that does not exist is an
        # error, which (in PostgreSQL too) would abort an open block.
        conn.commit()
        shapes = []
        for n in range(4):
            desc = conn.pgconn.describe_prepared(f"_pg3_{n}".encode())
            if desc.status == psycopg.pq.ExecStatus.COMMAND_OK:
                shapes.append((desc.nparams, desc.nfields))
        if (1, 1) not in shapes:
            raise AssertionError(f"the SELECT is not prepared on the server: {shapes}")
        cur.execute("SELECT count(*), sum(qty) FROM items WHERE id >= %s", (10,))
        eq(cur.fetchone(), (50, sum(i * 10 for i in range(10, 60))))
    conn.commit()


@check("server-side cursor with fetchmany and iteration")
def _():
    with conn.cursor(name="big") as cur:
        cur.execute("SELECT id, name FROM items WHERE id >= %s ORDER BY id", (10,))
        eq(cur.description[1].name, "name")
        eq(cur.fetchmany(5), [(i, f"n{i}") for i in range(10, 15)])
        eq(cur.fetchone(), (15, "n15"))
        eq(len(cur.fetchall()), 44)
    with conn.cursor(name="iter", binary=True) as cur:
        cur.itersize = 8
        cur.execute("SELECT id, qty FROM items WHERE id BETWEEN %s AND %s ORDER BY id", (10, 59))
        eq([r for r in cur], [(i, i * 10) for i in range(10, 60)])
    conn.commit()


@check("COPY FROM STDIN through cursor.copy (rows and text blocks)")
def _():
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE log (id int, msg text, at date)")
        with cur.copy("COPY log (id, msg, at) FROM STDIN") as copy:
            for i in range(100):
                copy.write_row((i, f"line {i}", datetime.date(2024, 3, 1 + i % 9)))
            copy.write_row((100, None, None))
        with cur.copy("COPY log FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write("101,csv line,2024-12-31\n102,,\n")
        cur.execute("SELECT count(*), count(msg), count(at) FROM log")
        eq(cur.fetchone(), (103, 101, 101))
    conn.commit()


@check("COPY TO STDOUT through cursor.copy (rows and raw data)")
def _():
    with conn.cursor() as cur:
        with cur.copy("COPY (SELECT id, msg, at FROM log WHERE id < 3 ORDER BY id) TO STDOUT") as copy:
            copy.set_types(["int4", "text", "date"])
            rows = list(copy.rows())
        eq(rows, [(i, f"line {i}", datetime.date(2024, 3, 1 + i)) for i in range(3)])
        data = b""
        with cur.copy("COPY log TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                data += bytes(block)
        eq(len(data.splitlines()), 103)
    conn.commit()


@check("transactions: context manager, rollback, savepoints")
def _():
    with conn.transaction():
        conn.execute("INSERT INTO items (id, name) VALUES (500, 'kept')")
        try:
            with conn.transaction():  # a savepoint
                conn.execute("INSERT INTO items (id, name) VALUES (501, 'undone')")
                raise RuntimeError("roll back the savepoint")
        except RuntimeError:
            pass
    conn.execute("INSERT INTO items (id, name) VALUES (502, 'rolled back')")
    conn.rollback()
    rows = conn.execute("SELECT id FROM items WHERE id >= 500 ORDER BY id").fetchall()
    eq(rows, [(500,)])
    conn.commit()


@check("error classes by SQLSTATE")
def _():
    cases = [
        ("INSERT INTO items (id) VALUES (1)", psycopg.errors.UniqueViolation, "23505"),
        ("SELECT * FROM nosuch", psycopg.errors.UndefinedTable, "42P01"),
        ("SELECT nosuch FROM items", psycopg.errors.UndefinedColumn, "42703"),
        ("SELECT 1/0", psycopg.errors.DivisionByZero, "22012"),
        ("SELEC 1", psycopg.errors.SyntaxError, "42601"),
        ("SELECT 'x'::int", psycopg.errors.InvalidTextRepresentation, "22P02"),
        ("INSERT INTO items (id) VALUES (NULL)", psycopg.errors.NotNullViolation, "23502"),
        ("SELECT nosuch_fn(1)", psycopg.errors.UndefinedFunction, "42883"),
    ]
    for sql, cls, code in cases:
        try:
            conn.execute(sql)
        except cls as e:
            eq(e.sqlstate, code)
            eq(e.diag.sqlstate, code)
            conn.rollback()
        else:
            raise AssertionError(f"{sql!r} did not raise {cls.__name__}")
    try:
        conn.execute("INSERT INTO items (id, small) VALUES (%s, %s)", (900, 70000))
    except psycopg.errors.NumericValueOutOfRange:
        conn.rollback()
    else:
        raise AssertionError("smallint overflow was accepted")


@check("autocommit connection and row factories")
def _():
    with connect(autocommit=True, row_factory=psycopg.rows.dict_row) as c2:
        c2.execute("INSERT INTO items (id, name) VALUES (600, 'auto')")
        eq(c2.info.transaction_status, psycopg.pq.TransactionStatus.IDLE)
        row = c2.execute("SELECT id, name FROM items WHERE id = %s", (600,)).fetchone()
        eq(row, {"id": 600, "name": "auto"})
    row = conn.execute("SELECT name FROM items WHERE id = 600").fetchone()
    eq(row[0], "auto")
    conn.commit()


@check("read-only transaction")
def _():
    with connect() as c2:
        c2.read_only = True
        try:
            c2.execute("INSERT INTO items (id) VALUES (700)")
        except psycopg.errors.ReadOnlySqlTransaction:
            c2.rollback()
        else:
            raise AssertionError("read-only transaction accepted an INSERT")


@check("update/delete rowcount, pipeline")
def _():
    with conn.cursor() as cur:
        cur.execute("UPDATE items SET qty = qty + 1 WHERE id BETWEEN %s AND %s", (10, 19))
        eq(cur.rowcount, 10)
        cur.execute("DELETE FROM items WHERE id BETWEEN %s AND %s", (50, 54))
        eq(cur.rowcount, 5)
    with conn.pipeline():
        curs = [conn.execute("SELECT %s::int + 1", (i,)) for i in range(5)]
    eq([c.fetchone()[0] for c in curs], [1, 2, 3, 4, 5])
    conn.commit()


@check("data-modifying WITH, row IN subquery (extended protocol, prepared)")
def _():
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE job_queue (id int PRIMARY KEY, v text)")
        cur.execute("CREATE TABLE job_done (id int, v text)")
        cur.execute("INSERT INTO job_queue SELECT g, 'v' || g FROM generate_series(1, 10) g")
        move = ("WITH m AS (DELETE FROM job_queue WHERE id <= %s RETURNING *) "
                "INSERT INTO job_done SELECT * FROM m RETURNING id, v")
        cur.execute(move, (3,), prepare=True)
        eq([d.name for d in cur.description], ["id", "v"])
        eq(sorted(cur.fetchall()), [(1, "v1"), (2, "v2"), (3, "v3")])
        eq(cur.rowcount, 3)
        cur.execute(move, (5,), prepare=True)
        eq(sorted(cur.fetchall()), [(4, "v4"), (5, "v5")])
        cur.execute("WITH u AS (UPDATE job_queue SET v = %s WHERE id = %s RETURNING id, v) "
                    "SELECT * FROM u", ("new", 7))
        eq(cur.fetchall(), [(7, "new")])
        cur.execute("WITH d AS (DELETE FROM job_queue WHERE id = %s RETURNING *) "
                    "UPDATE job_done SET v = d.v FROM d WHERE job_done.id = 1 RETURNING job_done.*",
                    (9,))
        eq([d.name for d in cur.description], ["id", "v"])
        eq(cur.fetchall(), [(1, "v9")])
        cur.execute("SELECT id FROM job_queue WHERE (id, v) IN "
                    "(SELECT id, v FROM job_queue WHERE id > %s) ORDER BY id", (6,))
        eq(cur.fetchall(), [(7,), (8,), (10,)])
        cur.execute("SELECT count(*) FROM job_queue WHERE (id, v) NOT IN "
                    "(SELECT id, v FROM job_done)")
        eq(cur.fetchone(), (4,))
    conn.commit()


conn.close()
print(f"psycopg3: {results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
