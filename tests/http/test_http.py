#!/usr/bin/env python3
"""End-to-end tests of the HTTP API (docs/http.md) against a running omendb.

    test_http.py HTTP_PORT PG_PORT              the endpoint tests
    test_http.py HTTP_PORT PG_PORT shutdown PID  a long statement in flight while
                                                 PID gets SIGTERM: the request must
                                                 end with 503 57P01 (or a closed
                                                 connection), not hang
    test_http.py HTTP_PORT PG_PORT read_only     against a server whose WAL fsync
                                                 fails (OMENDB_FAULT): 58030, then
                                                 /health 503 read_only

Run by tests/http/run_http.sh, which starts the server. Standard library only.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HTTP_PORT = int(sys.argv[1])
PG_PORT = int(sys.argv[2])
failures = []


def check(cond, what):
    if cond:
        print("ok   " + what)
    else:
        print("FAIL " + what)
        failures.append(what)


def request(method, path, body=None, headers=None, timeout=30):
    """Returns (status, headers dict (lower-case names), body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=timeout)
    hdrs = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
        hdrs.setdefault("Content-Type", "application/json")
    conn.request(method, path, body=body, headers=hdrs)
    resp = conn.getresponse()
    data = resp.read()
    out = (resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
    conn.close()
    return out


def query(sql, params=None, path="/query", **extra):
    body = {"sql": sql}
    if params is not None:
        body["params"] = params
    body.update(extra)
    status, hdrs, data = request("POST", path, body)
    return status, hdrs, json.loads(data)


def psql(sql):
    out = subprocess.run(
        ["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "omendb", "-d", "omendb",
         "-v", "ON_ERROR_STOP=1", "-Atc", sql],
        capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError("psql failed: " + out.stderr)
    return out.stdout.strip()


SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"'
                    r'(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*)?\})? (\S+)$')


def parse_metrics(text):
    """Parses Prometheus text format 0.0.4; returns {name or name{labels}: value}."""
    helps, types, samples = set(), {}, {}
    ok = text.endswith("\n")
    for line in text.splitlines():
        if line.startswith("# HELP "):
            helps.add(line.split(" ")[2])
        elif line.startswith("# TYPE "):
            parts = line.split(" ")
            ok &= len(parts) == 4 and parts[3] in ("counter", "gauge", "untyped")
            types[parts[2]] = parts[3]
        elif line.startswith("#") or not line:
            continue
        else:
            m = SAMPLE.match(line)
            if not m:
                print("bad sample line: " + line)
                ok = False
                continue
            name = m.group(1)
            ok &= name in helps and name in types  # HELP and TYPE before the samples
            float(m.group(7))
            key = name + (m.group(2) or "")
            ok &= key not in samples
            samples[key] = float(m.group(7))
    return ok, types, samples


def test_health():
    status, hdrs, data = request("GET", "/health")
    h = json.loads(data)
    check(status == 200, "GET /health is 200")
    check(hdrs.get("content-type") == "application/json; charset=utf-8", "health content type")
    check(h.get("status") == "ok", "health status ok")
    check(isinstance(h.get("version"), str) and h["version"], "health version")
    check(isinstance(h.get("uptime_s"), (int, float)) and h["uptime_s"] >= 0, "health uptime_s")
    check(isinstance(h.get("connections"), int), "health connections")
    status, hdrs, _ = request("HEAD", "/health")
    check(status == 200, "HEAD /health is 200")


def test_metrics():
    status, hdrs, data = request("GET", "/metrics")
    check(status == 200, "GET /metrics is 200")
    check(hdrs.get("content-type", "").startswith("text/plain; version=0.0.4"),
          "metrics content type is Prometheus 0.0.4")
    ok, types, samples = parse_metrics(data.decode())
    check(ok, "metrics parse as Prometheus text (HELP/TYPE before samples, one value each)")
    for name in ("omendb_commits_total", "omendb_rollbacks_total", "omendb_connections",
                 "omendb_max_connections", "omendb_wal_written_bytes_total",
                 "omendb_wal_flushes_total", "omendb_checkpoints_total",
                 "omendb_checkpoint_last_duration_seconds", "omendb_plan_cache_hits_total",
                 "omendb_plan_cache_misses_total", "omendb_memory_rss_bytes",
                 "omendb_uptime_seconds"):
        check(name in samples, "metric " + name)
    check(types.get("omendb_commits_total") == "counter", "commits is a counter")
    check(samples.get("omendb_memory_rss_bytes", 0) > 0, "rss is positive")

    psql("CREATE TABLE IF NOT EXISTS metrics_t (a int)")
    before = samples["omendb_commits_total"]
    flushes = samples["omendb_wal_flushes_total"]
    psql("INSERT INTO metrics_t VALUES (1), (2), (3)")
    _, _, data = request("GET", "/metrics")
    _, _, after = parse_metrics(data.decode())
    check(after["omendb_commits_total"] > before, "commits counter grows after an INSERT via psql")
    check(after["omendb_wal_flushes_total"] > flushes, "WAL flushes grow after a commit")
    check(after.get('omendb_table_rows{schema="public",table="metrics_t"}') == 3,
          "omendb_table_rows of the table")
    psql("CHECKPOINT")
    _, _, data = request("GET", "/metrics")
    _, _, after = parse_metrics(data.decode())
    check(after["omendb_checkpoints_total"] >= 1, "checkpoints counter after CHECKPOINT")


def test_query_types():
    status, _, r = query("CREATE TABLE typed (id int PRIMARY KEY, t text, b bool, n numeric(12,3),"
                         " big numeric, j jsonb, ts timestamp, f float8, i8 bigint)")
    check(status == 200 and r["command"] == "CREATE TABLE", "CREATE TABLE over HTTP")
    ins = "INSERT INTO typed VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    status, _, r = query(ins, [1, 'he said "hi"\n', True, "12.5", "12345678901234567890.5",
                               {"k": [1, 2, {"x": None}]}, "2024-01-02 03:04:05", 1.25,
                               9007199254740993])
    check(status == 200 and r["command"] == "INSERT 0 1" and r["row_count"] == 1,
          "INSERT with params: " + json.dumps(r))
    status, _, r = query(ins, [2, None, False, None, None, None, None, None, None])
    check(status == 200, "INSERT with null params")
    status, _, r = query("SELECT * FROM typed ORDER BY id")
    check(status == 200, "SELECT typed")
    cols = [(c["name"], c["type"]) for c in r["columns"]]
    check(cols == [("id", "int4"), ("t", "text"), ("b", "bool"), ("n", "numeric"),
                   ("big", "numeric"), ("j", "jsonb"), ("ts", "timestamp"), ("f", "float8"),
                   ("i8", "int8")], "column names and types: " + repr(cols))
    check(r["rows"][0] == [1, 'he said "hi"\n', True, 12.5, "12345678901234567890.5",
                           {"k": [1, 2, {"x": None}]}, "2024-01-02 03:04:05", 1.25,
                           9007199254740993],
          "typed row: " + json.dumps(r["rows"][0]))
    check(r["rows"][1] == [2, None, False, None, None, None, None, None, None], "null row")
    check(r["command"] == "SELECT 2" and r["row_count"] == 2 and r["truncated"] is False,
          "command tag, row_count, truncated")
    status, _, r = query("SELECT 'NaN'::float8 AS nan, 1e300::float8 AS big, "
                         "'{\"a\": 1}'::json AS js, ARRAY[1,2] AS arr, NULL AS nul")
    check(r["rows"] == [["NaN", 1e300, {"a": 1}, "{1,2}", None]],
          "NaN as string, floats as numbers, json embedded, arrays as text: "
          + json.dumps(r["rows"]))
    status, _, r = query("SELECT $1::int + 1 AS x, $2::text AS y", [41, "z"])
    check(r["rows"] == [[42, "z"]], "params with casts")


def test_multi():
    status, _, r = query("SELECT 1 AS a; SELECT 2 AS b, 3 AS c")
    check(status == 200 and r["statements"] == 2 and r["rows"] == [[2, 3]]
          and [c["name"] for c in r["columns"]] == ["b", "c"],
          "multi-statement: the last statement's result")
    status, _, r = query("CREATE TABLE multi_t (a int); INSERT INTO multi_t VALUES (1), (2)")
    check(status == 200 and r["command"] == "INSERT 0 2" and r["columns"] == [],
          "multi-statement ending in INSERT")
    status, _, r = query("INSERT INTO multi_t VALUES (3); SELECT * FROM nope")
    check(status == 400 and r["error"]["sqlstate"] == "42P01",
          "error in the second statement")
    check(psql("SELECT count(*) FROM multi_t") == "2",
          "a failed multi-statement text commits nothing (one implicit transaction)")
    status, _, r = query("")
    check(status == 200 and r["command"] is None, "empty query")
    status, _, r = query("SELECT * FROM generate_series(1, 50) g", max_rows=10)
    check(status == 200 and len(r["rows"]) == 10 and r["truncated"] is True
          and r["row_count"] == 50, "max_rows in the body truncates")
    status, _, r = query("SELECT * FROM generate_series(1, 20) g", path="/query?max_rows=5")
    check(status == 200 and len(r["rows"]) == 5 and r["truncated"] is True,
          "?max_rows in the URL truncates")
    status, _, r = query("SELECT * FROM generate_series(1, 200000) g")
    check(status == 200 and len(r["rows"]) == 100000 and r["truncated"] is True
          and r["row_count"] == 200000, "default cap of 100000 rows")
    status, _, r = query("SELECT count(*) FROM generate_series(1, 30000000) a, "
                         "generate_series(1, 10) b", statement_timeout=100)
    check(status == 400 and r.get("error", {}).get("sqlstate") == "57014",
          "statement_timeout in the body cancels")


def test_errors():
    status, hdrs, r = query("SELEC 1")
    e = r.get("error", {})
    check(status == 400 and e.get("sqlstate") == "42601" and e.get("position") == 1,
          "syntax error: 400 42601 with position")
    check(hdrs.get("content-type") == "application/json; charset=utf-8", "error content type")
    status, _, r = query("SELECT * FROM no_such_table")
    check(status == 400 and r["error"]["sqlstate"] == "42P01" and "no_such_table"
          in r["error"]["message"], "undefined table: 400 42P01")
    check(set(r["error"]) >= {"sqlstate", "message", "detail", "hint", "position"},
          "error fields")
    status, _, r = query("SELECT 1/0")
    check(status == 400 and r["error"]["sqlstate"] == "22012", "division by zero 22012")
    status, _, data = request("POST", "/query", "{not json",
                              {"Content-Type": "application/json"})
    check(status == 400 and json.loads(data)["error"]["sqlstate"] == "22P02",
          "invalid JSON body: 400 22P02")
    status, _, data = request("POST", "/query", {"sql": "SELECT 1", "bogus": 1})
    check(status == 400, "unknown field: 400")
    status, _, data = request("POST", "/query", {"params": [1]})
    check(status == 400, "missing sql: 400")
    status, _, data = request("POST", "/query", {"sql": "SELECT $1", "params": [1, 2]})
    check(status == 400 and json.loads(data)["error"]["sqlstate"] == "08P01",
          "wrong parameter count: 400 08P01")
    status, _, data = request("POST", "/query", '{"sql":"SELECT 1"}',
                              {"Content-Type": "text/plain"})
    check(status == 415, "non-JSON content type: 415")
    status, hdrs, data = request("GET", "/query")
    check(status == 405 and hdrs.get("allow") == "POST"
          and "error" in json.loads(data), "GET /query: 405 with Allow: POST")
    status, hdrs, _ = request("POST", "/health", {"x": 1})
    check(status == 405 and hdrs.get("allow") == "GET, HEAD", "POST /health: 405")
    status, hdrs, data = request("GET", "/no/such/path")
    check(status == 404 and "error" in json.loads(data), "unknown path: 404 JSON")
    # a declared Content-Length over the limit is refused before the body is read
    sock = socket.create_connection(("127.0.0.1", HTTP_PORT), timeout=30)
    sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n{\"sql\": \"" % (2 << 20))
    head = sock.recv(65536).decode(errors="replace")
    sock.close()
    check(head.startswith("HTTP/1.1 413") and "54000" in head, "declared oversize body: 413")
    # a chunked body is counted as it arrives; past the limit it is discarded
    chunks = [b'{"sql": "SELECT \'']
    chunks += [b"x" * 65536] * 32
    chunks.append(b"'\"}")
    conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
    conn.request("POST", "/query", body=iter(chunks), encode_chunked=True,
                 headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    check(resp.status == 413 and json.loads(data)["error"]["sqlstate"] == "54000",
          "chunked oversize body: 413")
    status, _, r = query("COPY typed TO STDOUT")
    check(status == 400 and r["error"]["sqlstate"] == "0A000", "COPY over HTTP: 0A000")
    status, _, r = query("SELECT 1 AS still_fine")
    check(status == 200 and r["rows"] == [[1]], "server fine after the errors")


def test_console():
    for path in ("/", "/console"):
        status, hdrs, data = request("GET", path)
        check(status == 200 and hdrs.get("content-type", "").startswith("text/html")
              and b"<textarea" in data,
              "console page at " + path)
    check(b"http://" not in data and b"https://" not in data, "console loads nothing external")


def test_visibility():
    psql("CREATE TABLE vis (k int PRIMARY KEY, v text)")
    psql("INSERT INTO vis VALUES (1, 'from psql')")
    status, _, r = query("SELECT v FROM vis WHERE k = $1", [1])
    check(r["rows"] == [["from psql"]], "psql insert visible over HTTP")
    query("INSERT INTO vis VALUES ($1, $2)", [2, "from http"])
    check(psql("SELECT v FROM vis WHERE k = 2") == "from http", "HTTP insert visible over psql")
    status, _, r = query("INSERT INTO vis VALUES ($1, $2)", [2, "dup"])
    check(status == 400 and r["error"]["sqlstate"] == "23505", "unique violation 23505")
    status, _, r = query("BEGIN; INSERT INTO vis VALUES (3, 'open block')")
    check(status == 200, "BEGIN without COMMIT runs")
    check(psql("SELECT count(*) FROM vis WHERE k = 3") == "0",
          "an open block is rolled back at the end of the request")


def test_concurrency():
    query("CREATE TABLE conc (worker int, i int)")
    errors = []

    def worker(w):
        try:
            for i in range(20):
                s, _, r = query("INSERT INTO conc VALUES ($1, $2)", [w, i])
                if s != 200:
                    errors.append(r)
                s, _, r = query("SELECT count(*) FROM conc WHERE worker = $1", [w])
                if s != 200 or r["rows"][0][0] != i + 1:
                    errors.append(r)
                request("GET", "/metrics")
        except Exception as ex:  # noqa: BLE001 - any failure is the test's
            errors.append(repr(ex))

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(not errors, "8 parallel clients: " + repr(errors[:3]))
    check(psql("SELECT count(*) FROM conc") == "160", "all 160 concurrent inserts landed")


def test_shutdown(pid):
    result = {}

    def long_query():
        try:
            status, _, data = request(
                "POST", "/query",
                {"sql": "SELECT count(*) FROM generate_series(1, 300000000) a, "
                        "generate_series(1, 100) b"}, timeout=60)
            result["status"] = status
            result["body"] = json.loads(data)
        except Exception as ex:  # noqa: BLE001 - a closed connection is acceptable
            result["exc"] = repr(ex)

    t = threading.Thread(target=long_query)
    t.start()
    time.sleep(1.0)
    _, _, data = request("GET", "/health")
    check(json.loads(data)["http_requests_active"] >= 2, "the long query is in flight")
    t0 = time.time()
    os.kill(pid, signal.SIGTERM)
    t.join(30)
    check(not t.is_alive(), "the in-flight request ended after SIGTERM")
    check(time.time() - t0 < 15, "promptly")
    if "status" in result:
        check(result["status"] == 503 and result["body"]["error"]["sqlstate"] == "57P01",
              "in-flight request answered 503 57P01: " + json.dumps(result.get("body")))
    else:
        print("note: in-flight request saw " + result.get("exc", "?"))


def test_read_only():
    """The server runs with an injected fsync failure in the WAL: once a commit
    meets it, writes fail with 58030 and /health says read_only (503)."""
    status, _, r = query("CREATE TABLE ro (a int)")
    failed = None
    for i in range(40):
        status, _, r = query("INSERT INTO ro VALUES ($1)", [i])
        if status != 200:
            failed = (status, r)
            break
    check(failed is not None and failed[0] == 500 and failed[1]["error"]["sqlstate"] == "58030",
          "a commit meeting the fsync failure: 500 58030: " + repr(failed))
    status, _, data = request("GET", "/health")
    h = json.loads(data)
    check(status == 503 and h["status"] == "read_only" and h.get("sqlstate") == "58030"
          and "fsync" in h.get("reason", ""), "health: 503 read_only with the reason: " + repr(h))
    _, _, data = request("GET", "/metrics")
    _, _, samples = parse_metrics(data.decode())
    check(samples.get("omendb_writable") == 0, "omendb_writable 0")
    status, _, r = query("SELECT count(*) FROM ro")
    check(status == 200, "reads still work")


def main():
    if len(sys.argv) > 3 and sys.argv[3] == "shutdown":
        test_shutdown(int(sys.argv[4]))
    elif len(sys.argv) > 3 and sys.argv[3] == "read_only":
        test_read_only()
    else:
        test_health()
        test_metrics()
        test_query_types()
        test_multi()
        test_errors()
        test_console()
        test_visibility()
        test_concurrency()
    if failures:
        print("%d check(s) failed:" % len(failures))
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
