#!/usr/bin/env python3
"""Looks for ORDER BY ties in the compat corpus (a maintenance aid, not part of `make test`).

difftest compares the rows of a statement with a top-level ORDER BY in order, so the ORDER BY
must fix the order completely; otherwise two correct engines may disagree. This script runs
each file twice on a PostgreSQL server through psql: once as written, once with every
multi-row INSERT ... VALUES list reversed and hash aggregation, hash join and merge join
turned off. The ordered statements must print the same both times; a difference points at a
tie. It is a heuristic: it finds most ties, not all.

    tests/compat/check_ties.py --port 5432 [--host H] [--user U] [--difftest PATH] file.sql...

Needs psql and a built difftest (for its --split-only statement splitter).
"""
import argparse
import difflib
import os
import re
import subprocess
import sys


def split(difftest, path):
    out = subprocess.run([difftest, "--split-only", path], capture_output=True, text=True,
                         check=True).stdout
    stmts, cur = [], None
    for line in out.split("\n"):
        m = re.match(r"^-- (\S+):(\d+)(?: skip: .*)? ordered=(\d)$", line)
        if m:
            if cur:
                stmts.append(cur)
            cur = [int(m.group(2)), m.group(3) == "1", []]
        elif cur is not None:
            cur[2].append(line)
    if cur:
        stmts.append(cur)
    return [(line, ordered, "\n".join(text).rstrip()) for line, ordered, text in stmts]


def top_level_groups(s):
    """The top-level parenthesized groups of s, skipping quoted text."""
    groups, depth, start, quote, i = [], 0, None, None, 0
    while i < len(s):
        c = s[i]
        if quote:
            if c == quote:
                if i + 1 < len(s) and s[i + 1] == quote:
                    i += 2
                    continue
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "(":
            if depth == 0:
                start = i
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                groups.append(s[start:i + 1])
        i += 1
    return groups


def reverse_insert(sql):
    m = re.match(r"(?is)^(INSERT\s+INTO\s+[^;]*?\bVALUES\s*)(.*)$", sql)
    if not m:
        return sql
    rows = top_level_groups(m.group(2))
    if len(rows) < 2:
        return sql
    return m.group(1) + ", ".join(reversed(rows))


def script(difftest, path, variant):
    out = []
    if variant:
        out.append("\\o /dev/null\nSET enable_hashagg = off;\nSET enable_hashjoin = off;\n"
                   "SET enable_mergejoin = off;\n\\o")
    for line, ordered, sql in split(difftest, path):
        s = sql[:-1] if sql.endswith(";") else sql
        if variant:
            s = reverse_insert(s)
        is_query = s.lstrip().upper().startswith(("SELECT", "WITH", "("))
        if ordered or not is_query:
            out.append(f"\\echo == line {line}\n{s};")
        else:
            out.append(f"\\o /dev/null\n{s};\n\\o")
    return "\n".join(out) + "\n"


def run(args, text, db):
    base = ["psql", "-X", "-h", args.host, "-p", str(args.port), "-U", args.user]
    subprocess.run(base + ["-d", "postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {db}",
                           "-c", f"CREATE DATABASE {db}"], capture_output=True, check=True)
    out = subprocess.run(base + ["-d", db], input=text, capture_output=True, text=True).stdout
    subprocess.run(base + ["-d", "postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {db}"],
                   capture_output=True)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", required=True)
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--difftest", default=os.environ.get("DIFFTEST", "build/tests/tools/difftest"))
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    bad = 0
    for path in args.files:
        a = run(args, script(args.difftest, path, False), f"ties_a_{os.getpid()}")
        b = run(args, script(args.difftest, path, True), f"ties_b_{os.getpid()}")
        if a == b:
            print(f"ok   {path}")
            continue
        bad += 1
        print(f"TIE? {path}")
        diff = difflib.unified_diff(a.split("\n"), b.split("\n"), "as written", "variant",
                                    lineterm="", n=6)
        for line in list(diff)[:80]:
            print("    " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
