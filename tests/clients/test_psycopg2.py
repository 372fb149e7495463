#!/usr/bin/python3
"""psycopg2 (Debian python3-psycopg2) against a running OmenDB.

Usage: test_psycopg2.py HOST PORT  (tests/clients/run_psycopg2.sh starts the
server). Each check prints "ok   NAME" or "FAIL NAME: why"; the last line is
"psycopg2: N passed, N failed"; the exit status is 1 if anything failed.
"""
import datetime
import decimal
import io
import sys
import uuid

import psycopg2
import psycopg2.errors
import psycopg2.extras

HOST, PORT = sys.argv[1], int(sys.argv[2])
results = {"passed": 0, "failed": 0}


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


def connect(**kw):
    return psycopg2.connect(host=HOST, port=PORT, user="omendb", dbname="omendb", **kw)


print(f"psycopg2 {psycopg2.__version__} (libpq {psycopg2.extensions.libpq_version()})")
conn = connect()
print(f"server_version {conn.server_version}")


@check("ddl")
def _():
    with conn.cursor() as cur:
        cur.execute(
            """CREATE TABLE items (
                 id integer PRIMARY KEY, qty bigint, price float8, amount numeric(12,3),
                 name text, data bytea, d date, ts timestamp, tstz timestamptz,
                 span interval, u uuid, flag boolean, small smallint, code varchar(10))"""
        )
    conn.commit()


ROW = (
    1, 10**12, 2.5, decimal.Decimal("1234.567"), "héllo 'q'", b"\x00\x01\xff",
    datetime.date(2024, 2, 29), datetime.datetime(2024, 1, 2, 3, 4, 5, 123456),
    datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
    datetime.timedelta(days=3, hours=4, minutes=5, seconds=6),
    uuid.UUID("12345678-1234-5678-1234-567812345678"), True, -7, "abc",
)


@check("parameters of many types round trip")
def _():
    psycopg2.extras.register_uuid()
    with conn.cursor() as cur:
        cur.execute("INSERT INTO items VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", ROW)
        eq(cur.rowcount, 1)
        cur.execute("SELECT * FROM items WHERE id = %s", (1,))
        row = cur.fetchone()
        got = list(row)
        got[5] = bytes(got[5])
        eq(tuple(got), ROW)
        eq([d.name for d in cur.description][:3], ["id", "qty", "price"])
    conn.commit()


@check("NULL parameters and results")
def _():
    with conn.cursor() as cur:
        cur.execute("INSERT INTO items (id, name, amount) VALUES (%s, %s, %s)", (2, None, None))
        cur.execute("SELECT name, amount, flag FROM items WHERE id = %s", (2,))
        eq(cur.fetchone(), (None, None, None))
        cur.execute("SELECT count(*) FROM items WHERE name IS NULL")
        eq(cur.fetchone()[0], 1)
    conn.commit()


@check("executemany and execute_values")
def _():
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO items (id, name, qty) VALUES (%s, %s, %s)",
            [(i, f"n{i}", i * 10) for i in range(10, 60)],
        )
        psycopg2.extras.execute_values(
            cur, "INSERT INTO items (id, name) VALUES %s", [(i, f"v{i}") for i in range(60, 70)]
        )
        cur.execute("SELECT count(*), sum(qty) FROM items WHERE id >= 10")
        eq(cur.fetchone(), (60, sum(i * 10 for i in range(10, 60))))
    conn.commit()


@check("server-side named cursor with fetchmany")
def _():
    with conn.cursor(name="big") as cur:
        cur.itersize = 7
        cur.execute("SELECT id, name FROM items WHERE id >= %s ORDER BY id", (10,))
        first = cur.fetchmany(5)
        eq(first, [(i, f"n{i}") for i in range(10, 15)])
        eq(cur.fetchone(), (15, "n15"))
        rest = cur.fetchall()
        eq(len(rest), 54)
        eq(cur.description[1].name, "name")
    with conn.cursor(name="iter") as cur:
        cur.itersize = 8
        cur.execute("SELECT id FROM items WHERE id BETWEEN 10 AND 59 ORDER BY id")
        eq([r[0] for r in cur], list(range(10, 60)))
    conn.commit()


@check("COPY FROM STDIN through copy_expert and copy_from")
def _():
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE log (id int, msg text, at date)")
        buf = io.StringIO("".join(f"{i},line {i},2024-03-0{1 + i % 9}\n" for i in range(100)))
        cur.copy_expert("COPY log FROM STDIN WITH (FORMAT csv)", buf)
        eq(cur.rowcount, 100)
        cur.copy_from(io.StringIO("100\ttab line\t\\N\n101\t\\N\t2024-12-31\n"), "log")
        cur.execute("SELECT count(*), count(msg), count(at) FROM log")
        eq(cur.fetchone(), (102, 101, 101))
    conn.commit()


@check("COPY TO STDOUT through copy_expert and copy_to")
def _():
    with conn.cursor() as cur:
        out = io.StringIO()
        cur.copy_expert("COPY (SELECT id, msg FROM log WHERE id < 3 ORDER BY id) TO STDOUT WITH CSV HEADER", out)
        eq(out.getvalue(), "id,msg\n0,line 0\n1,line 1\n2,line 2\n")
        out = io.StringIO()
        cur.copy_to(out, "log", columns=("id", "at"))
        lines = out.getvalue().splitlines()
        eq(len(lines), 102)
        eq(sorted(lines)[0], "0\t2024-03-01")
    conn.commit()


@check("transactions: rollback undoes, commit keeps")
def _():
    with conn.cursor() as cur:
        cur.execute("INSERT INTO items (id, name) VALUES (500, 'tx')")
        conn.rollback()
        cur.execute("SELECT count(*) FROM items WHERE id = 500")
        eq(cur.fetchone()[0], 0)
        cur.execute("INSERT INTO items (id, name) VALUES (501, 'tx')")
        conn.commit()
        cur.execute("SELECT name FROM items WHERE id = 501")
        eq(cur.fetchone()[0], "tx")
    conn.commit()


@check("error classes by SQLSTATE")
def _():
    cases = [
        ("INSERT INTO items (id) VALUES (1)", psycopg2.errors.UniqueViolation, "23505"),
        ("SELECT * FROM nosuch", psycopg2.errors.UndefinedTable, "42P01"),
        ("SELECT nosuch FROM items", psycopg2.errors.UndefinedColumn, "42703"),
        ("SELECT 1/0", psycopg2.errors.DivisionByZero, "22012"),
        ("SELEC 1", psycopg2.errors.SyntaxError, "42601"),
        ("INSERT INTO items (id, small) VALUES (900, 70000)",
         psycopg2.errors.NumericValueOutOfRange, "22003"),
        ("SELECT 'x'::int", psycopg2.errors.InvalidTextRepresentation, "22P02"),
        ("INSERT INTO items (id) VALUES (NULL)", psycopg2.errors.NotNullViolation, "23502"),
    ]
    with conn.cursor() as cur:
        for sql, cls, code in cases:
            try:
                cur.execute(sql)
            except cls as e:
                eq(e.pgcode, code)
                conn.rollback()
            else:
                raise AssertionError(f"{sql!r} did not raise {cls.__name__}")
        # an error in a block aborts it until rollback
        cur.execute("SELECT 1")
        try:
            cur.execute("SELECT 1/0")
        except psycopg2.errors.DivisionByZero:
            pass
        try:
            cur.execute("SELECT 1")
        except psycopg2.errors.InFailedSqlTransaction as e:
            eq(e.pgcode, "25P02")
        else:
            raise AssertionError("aborted block accepted a query")
        conn.rollback()


@check("integrity errors name their objects (e.diag)")
def _():
    # ErrorResponse fields s, t, c, n, which applications read to tell
    # which constraint failed
    with conn.cursor() as cur:
        for sql, column, constraint in [
            ("INSERT INTO items (id) VALUES (1)", None, "items_pkey"),
            ("INSERT INTO items (id) VALUES (NULL)", "id", None),
        ]:
            try:
                cur.execute(sql)
            except psycopg2.IntegrityError as e:
                eq((e.diag.schema_name, e.diag.table_name, e.diag.column_name,
                    e.diag.constraint_name), ("public", "items", column, constraint))
                conn.rollback()
            else:
                raise AssertionError(f"{sql!r} did not fail")


@check("autocommit")
def _():
    c2 = connect()
    c2.autocommit = True
    with c2.cursor() as cur:
        cur.execute("INSERT INTO items (id, name) VALUES (600, 'auto')")
    c2.close()
    with conn.cursor() as cur:
        cur.execute("SELECT name FROM items WHERE id = 600")
        eq(cur.fetchone()[0], "auto")
    conn.commit()


@check("dict cursor, mogrify, update/delete rowcount")
def _():
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT id, name FROM items WHERE id = %(id)s", {"id": 10})
        eq(dict(cur.fetchone()), {"id": 10, "name": "n10"})
        eq(cur.mogrify("SELECT %s", ("it's",)), b"SELECT 'it''s'")
        cur.execute("UPDATE items SET qty = qty + 1 WHERE id BETWEEN 10 AND 19")
        eq(cur.rowcount, 10)
        cur.execute("DELETE FROM items WHERE id BETWEEN 60 AND 64")
        eq(cur.rowcount, 5)
    conn.commit()


@check("isolation level and read-only session")
def _():
    c2 = connect()
    c2.set_session(isolation_level="REPEATABLE READ", readonly=True)
    with c2.cursor() as cur:
        cur.execute("SHOW transaction_isolation")
        eq(cur.fetchone()[0], "repeatable read")
        try:
            cur.execute("INSERT INTO items (id) VALUES (700)")
        except psycopg2.errors.ReadOnlySqlTransaction:
            c2.rollback()
        else:
            raise AssertionError("read-only transaction accepted an INSERT")
    c2.close()


@check("named cursor withhold=True in autocommit (DECLARE ... WITH HOLD)")
def _():
    c2 = connect()
    c2.autocommit = True
    with c2.cursor() as cur:
        cur.execute("CREATE TABLE held_rows (id int PRIMARY KEY, v text)")
        cur.execute("INSERT INTO held_rows SELECT g, 'v' || g FROM generate_series(1, 10000) g")
    named = c2.cursor(name="held", withhold=True)
    named.itersize = 2000
    named.execute("SELECT id, v FROM held_rows ORDER BY id")
    n = 0
    for row_id, v in named:
        n += 1
        eq((row_id, v), (n, f"v{n}"))
    eq(n, 10000)
    named.close()
    with c2.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_cursors")
        eq(cur.fetchone()[0], 0)
        cur.execute("DROP TABLE held_rows")
    c2.close()


@check("LISTEN / NOTIFY: at commit, to an idle listener at once, not inside its transaction")
def _():
    import select
    import time

    listener, sender = connect(), connect()
    listener.autocommit = sender.autocommit = True
    lc, sc = listener.cursor(), sender.cursor()
    lc.execute("LISTEN jobs")
    lc.execute("NOTIFY jobs, 'mine'")  # its own, before the statement's end
    eq([(n.channel, n.payload) for n in listener.notifies], [("jobs", "mine")])
    listener.notifies.clear()

    def wait_for(count, secs=5):
        got, t0 = [], time.time()
        while len(got) < count and time.time() - t0 < secs:
            if select.select([listener], [], [], 0.5)[0]:
                listener.poll()
                while listener.notifies:
                    n = listener.notifies.pop(0)
                    got.append((n.channel, n.payload, n.pid))
        return got

    sc.execute("NOTIFY jobs, 'one'")
    sc.execute("SELECT pg_notify('jobs', 'two')")
    sc.execute("BEGIN")
    sc.execute("NOTIFY jobs, 'three'")
    sc.execute("NOTIFY jobs, 'three'")  # once per transaction
    sc.execute("NOTIFY elsewhere, 'x'")
    sc.execute("COMMIT")
    sc.execute("BEGIN")
    sc.execute("NOTIFY jobs, 'rolled back'")
    sc.execute("ROLLBACK")
    pid = sender.get_backend_pid()
    eq(wait_for(3), [("jobs", "one", pid), ("jobs", "two", pid), ("jobs", "three", pid)])

    # a listener inside a transaction hears of it when the transaction ends
    lc.execute("BEGIN")
    sc.execute("NOTIFY jobs, 'later'")
    time.sleep(0.2)
    listener.poll()
    eq(listener.notifies, [])
    lc.execute("COMMIT")
    eq([(n.channel, n.payload) for n in listener.notifies], [("jobs", "later")])
    listener.notifies.clear()

    lc.execute("UNLISTEN *")
    sc.execute("NOTIFY jobs, 'nobody'")
    eq(wait_for(1, 0.5), [])
    listener.close()
    sender.close()


@check("LISTEN / NOTIFY under load: every listener gets every notification, one leaves midway")
def _():
    import select
    import threading
    import time

    listeners = [connect() for _ in range(4)]
    for c in listeners:
        c.autocommit = True
        c.cursor().execute("LISTEN load")
    counts, stop = [0] * 4, threading.Event()

    def listen(i):
        c = listeners[i]
        while not stop.is_set():
            if select.select([c], [], [], 0.1)[0]:
                c.poll()
                counts[i] += len(c.notifies)
                c.notifies.clear()
            if i == 3 and counts[i] >= 50:  # disconnects with notifications on their way
                c.close()
                return

    def send(j):
        c = connect()
        c.autocommit = True
        cur = c.cursor()
        for k in range(150):
            if k % 3 == 0:
                cur.execute("BEGIN")
                cur.execute("NOTIFY load, %s", (f"{j}-{k}",))
                cur.execute("SELECT pg_notify('load', %s)", (f"{j}-{k}b",))
                cur.execute("COMMIT")
            else:
                cur.execute("NOTIFY load, %s", (f"{j}-{k}",))
        c.close()

    threads = [threading.Thread(target=listen, args=(i,)) for i in range(4)]
    senders = [threading.Thread(target=send, args=(j,)) for j in range(2)]
    for t in threads + senders:
        t.start()
    for t in senders:
        t.join()
    deadline = time.time() + 10
    while time.time() < deadline and min(counts[:3]) < 400:
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join()
    eq(counts[:3], [400, 400, 400])
    for c in listeners[:3]:
        c.close()


conn.close()
print(f"psycopg2: {results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
