#!/usr/bin/python3
"""Per-statement comparison of `psql -X -a -q` output against PostgreSQL's expected output.

    compare.py SQL ACTUAL EXPECTED [EXPECTED_ALT...] [--verbose] [--diffs K] [--json OUT]
               [--name NAME] [--note TEXT]
    compare.py --self-check CORPUS_DIR
    compare.py --summary RESULTS_DIR [--thresholds FILE] [--write-thresholds FILE] [--top N]
               [--subset]

psql -a echoes every input line as it reads it (blank lines excepted, and the data lines of
COPY ... FROM STDIN), then prints what the statement produced. So the outputs are split by
walking the .sql file: a small splitter finds the statements (and psql meta-commands), every
echoed line is located in the output in order, and the chunk of a statement is its echoed
first line plus everything printed up to the echo of the next statement's first line.
Statements that begin on the same line share one chunk. Chunks are compared exactly after
stripping trailing whitespace (of each line and of the chunk). With several expected files
(alternates such as select_having_1.out) a chunk matches when it equals the chunk of any
alternate that aligns with the .sql.

Standard library only.
"""

import bisect
import collections
import difflib
import json
import os
import re
import sys

DOLLAR_TAG = re.compile(r"\$([A-Za-z_\x80-\uffff][A-Za-z_0-9\x80-\uffff]*)?\$")
COPY_FROM_CLIENT = re.compile(r"^\s*copy\b.*\bfrom\s+std(in|out)\b", re.I | re.S)
# Meta-commands that send the query buffer (and so end a statement).
SENDING_META = {"g", "gx", "gset", "gexec", "gdesc", "crosstabview", "watch"}
# psql's lexer follows standard_conforming_strings: when off, '...' takes backslash escapes.
SET_SCS = re.compile(r"^\s*(set|reset)\s+(?:session\s+|local\s+)?standard_conforming_strings"
                     r"\b(?:\s*(?:=|to)\s*'?(\w+))?", re.I)


class Statement:
    def __init__(self, first, last, kind, text):
        self.first = first  # 0-based line index of the first line holding the statement
        self.last = last  # line index where it ends (where psql prints its result)
        self.kind = kind  # "sql" or "meta"
        self.text = text


def is_ident_char(c):
    return c.isalnum() or c == "_" or ord(c) >= 0x80


def split_sql(text):
    """Returns (statements, echoed) where echoed lists the indexes of the lines psql echoes."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    stmts = []
    echoed = []
    quote = None  # None, "'", "E'", '"', or ("$", tag)
    comment_depth = 0
    paren = 0
    start = None  # line of the first significant character of the current statement
    buf = []  # text of the current statement
    in_copy_data = False
    std_strings = True
    for i, line in enumerate(lines):
        if in_copy_data:
            if line.rstrip("\r") == "\\.":
                in_copy_data = False
            continue
        if line == "" and quote is None and comment_depth == 0:
            continue
        echoed.append(i)
        copy_pending = False
        j = 0
        n = len(line)
        seg_start = 0
        while j < n:
            c = line[j]
            if comment_depth:
                if line.startswith("/*", j):
                    comment_depth += 1
                    j += 2
                elif line.startswith("*/", j):
                    comment_depth -= 1
                    j += 2
                else:
                    j += 1
                continue
            if quote is not None:
                if quote == "E'" and c == "\\":
                    j += 2
                elif quote in ("'", "E'") and c == "'":
                    if line.startswith("''", j):
                        j += 2
                    else:
                        quote = None
                        j += 1
                elif quote == '"' and c == '"':
                    if line.startswith('""', j):
                        j += 2
                    else:
                        quote = None
                        j += 1
                elif isinstance(quote, tuple) and line.startswith(quote[1], j):
                    j += len(quote[1])
                    quote = None
                else:
                    j += 1
                continue
            if line.startswith("--", j):
                break
            if line.startswith("/*", j):
                comment_depth = 1
                j += 2
                continue
            if c.isspace():
                j += 1
                continue
            if c == "\\":
                m = re.match(r"\\([A-Za-z]+|.)", line[j:])
                cmd = m.group(1) if m else ""
                if cmd == ";":  # \; only adds a semicolon to the buffer
                    j += 2
                    continue
                if start is not None:
                    buf.append(line[seg_start:])
                    if cmd in SENDING_META:
                        stmts.append(Statement(start, i, "sql", "\n".join(buf)))
                        start, buf, paren = None, [], 0
                    # another meta-command in the middle of a statement: part of it
                else:
                    stmts.append(Statement(i, i, "meta", line[j:]))
                seg_start = n
                break
            # a significant character
            if start is None:
                start = i
                seg_start = j
            if c == "'":
                prev = line[j - 1] if j > 0 else " "
                prev2 = line[j - 2] if j > 1 else " "
                e_string = prev in "eE" and not is_ident_char(prev2)
                u_string = prev == "&" and prev2 in "uU"  # U&'...' never takes escapes
                quote = "E'" if e_string or (not std_strings and not u_string) else "'"
                j += 1
            elif c == '"':
                quote = '"'
                j += 1
            elif c == "$":
                prev = line[j - 1] if j > 0 else " "
                m = DOLLAR_TAG.match(line, j)
                if m and not is_ident_char(prev):
                    quote = ("$", m.group(0))
                    j = m.end()
                else:
                    j += 1
            elif c == "(":
                paren += 1
                j += 1
            elif c == ")":
                paren = max(0, paren - 1)
                j += 1
            elif c == ";" and paren == 0:
                buf.append(line[seg_start : j + 1])
                stmt_text = "\n".join(buf)
                stmts.append(Statement(start, i, "sql", stmt_text))
                if COPY_FROM_CLIENT.match(stmt_text):
                    copy_pending = True
                m = SET_SCS.match(stmt_text)
                if m:
                    std_strings = m.group(1).lower() == "reset" or (m.group(2) or "on").lower() \
                        not in ("off", "false", "0", "no")
                start, buf, paren = None, [], 0
                j += 1
                seg_start = j
            else:
                j += 1
        if start is not None and seg_start < n:
            buf.append(line[seg_start:])
        elif start is not None:
            buf.append("")
        if copy_pending:
            in_copy_data = True
    if start is not None:  # unterminated last statement: psql sends it at end of input
        stmts.append(Statement(start, len(lines) - 1, "sql", "\n".join(buf)))
    return stmts, echoed, lines


class Alignment:
    """Where the echoed .sql lines, and so the statement chunks, sit in one output."""

    def __init__(self, sql_split, output_text):
        stmts, echoed, sql_lines = sql_split
        out = output_text.split("\n")
        if out and out[-1] == "":
            out.pop()
        self.out = [ln.rstrip() for ln in out]
        index = collections.defaultdict(list)
        for k, ln in enumerate(self.out):
            index[ln].append(k)
        self.pos = {}  # sql line index -> output line index
        # psql prints results only after a line where a statement ends, so the echoed lines
        # form blocks (each ending at such a line) that appear contiguously in the output.
        # Each block is searched as a whole; when it is not found contiguously (a broken
        # output), its lines are searched one by one.
        ends = {s.last for s in stmts}
        blocks, cur_block = [], []
        for li in echoed:
            cur_block.append(li)
            if li in ends:
                blocks.append(cur_block)
                cur_block = []
        if cur_block:
            blocks.append(cur_block)
        cur = 0
        missing = 0
        for block in blocks:
            texts = [sql_lines[li].rstrip() for li in block]
            cands = index.get(texts[0], [])
            p = bisect.bisect_left(cands, cur)
            found = None
            while p < len(cands):
                q = cands[p]
                if self.out[q:q + len(texts)] == texts:
                    found = q
                    break
                p += 1
            if found is not None:
                for k, li in enumerate(block):
                    self.pos[li] = found + k
                cur = found + len(block)
                continue
            for li, t in zip(block, texts):
                cands = index.get(t, [])
                p = bisect.bisect_left(cands, cur)
                if p < len(cands):
                    self.pos[li] = cands[p]
                    cur = cands[p] + 1
                else:
                    missing += 1
        self.missing_lines = missing
        # groups: statements sharing a first line share one chunk
        firsts = sorted({s.first for s in stmts})
        self.groups = firsts
        anchors = [self.pos.get(f) for f in firsts]
        self.chunks = []
        for g, a in enumerate(anchors):
            if a is None:
                self.chunks.append(None)
                continue
            end = len(self.out)
            for b in anchors[g + 1 :]:
                if b is not None:
                    end = b
                    break
            self.chunks.append(self.out[a:end])
        # strict check (used by --self-check): between two echoed lines where no statement
        # ends, psql prints nothing, so their echoes must be adjacent.
        self.strict_errors = []
        for a, b in zip(echoed, echoed[1:]):
            if a in ends or a not in self.pos or b not in self.pos:
                continue
            if self.pos[b] != self.pos[a] + 1:
                self.strict_errors.append((a + 1, b + 1))

    def aligned(self):
        return self.missing_lines == 0 and all(c is not None for c in self.chunks)


def norm(chunk):
    return "\n".join(chunk).rstrip() if chunk is not None else None


ABORTED = "ERROR:  current transaction is aborted, commands ignored until end of transaction block"


def error_lines(chunk):
    return [ln for ln in (chunk or []) if ln.startswith("ERROR:  ")]


def compare_file(sql_path, actual_path, expected_paths):
    with open(sql_path, encoding="utf-8", errors="replace") as f:
        split = split_sql(f.read())
    try:
        with open(actual_path, encoding="utf-8", errors="replace") as f:
            actual = Alignment(split, f.read())
    except FileNotFoundError:
        actual = Alignment(split, "")
    alts = []
    for p in expected_paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            al = Alignment(split, f.read())
        if al.aligned():
            alts.append((p, al))
    if not alts:
        raise SystemExit("compare.py: no expected file aligns with %s" % sql_path)
    n = len(actual.chunks)
    match = []
    for g in range(n):
        a = norm(actual.chunks[g])
        match.append(a is not None and any(a == norm(al.chunks[g]) for _, al in alts))
    # the alternate that matches most chunks is the one shown in diffs
    best = max(alts, key=lambda pa: sum(norm(actual.chunks[g]) == norm(pa[1].chunks[g])
                                         for g in range(n)))[1]
    errors = collections.Counter()
    sql_lines = split[2]
    for g in range(n):
        if match[g]:
            continue
        exp_err = collections.Counter(error_lines(best.chunks[g]))
        act_err = collections.Counter(error_lines(actual.chunks[g]))
        for msg, cnt in (act_err - exp_err).items():
            # a message that does not say what is unsupported gets the statement's first words
            if "this statement" in msg or "this object type" in msg:
                words = re.findall(r"[A-Za-z_]+", sql_lines[actual.groups[g]])
                words = words[:4] if words[1:2] and words[1].upper() == "OR" else words[:2]
                msg += " [%s]" % " ".join(words).upper()
            errors[msg] += cnt
    return {
        "split": split,
        "actual": actual,
        "best": best,
        "match": match,
        "statements": n,
        "matched": sum(match),
        "not_run": sum(1 for c in actual.chunks if c is None),
        "errors": errors,
    }


def pct(m, n):
    return 100.0 * m / n if n else 100.0


def floor1(m, n):
    """Percentage rounded down to one decimal, computed in integers."""
    return (m * 1000 // n) / 10 if n else 100.0


def cmd_compare(args):
    verbose = "--verbose" in args
    diffs = 10
    json_out = None
    name = None
    note = None
    pos = []
    it = iter(args)
    for a in it:
        if a == "--verbose":
            continue
        if a == "--diffs":
            diffs = int(next(it))
        elif a == "--json":
            json_out = next(it)
        elif a == "--name":
            name = next(it)
        elif a == "--note":
            note = next(it)
        else:
            pos.append(a)
    if len(pos) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    sql, actual, expected = pos[0], pos[1], pos[2:]
    name = name or os.path.splitext(os.path.basename(sql))[0]
    r = compare_file(sql, actual, expected)
    n, m = r["statements"], r["matched"]
    extra = " (%d not run)" % r["not_run"] if r["not_run"] else ""
    if note:
        extra += " [%s]" % note
    print("pg_regress/%s: %d of %d statements match (%.1f%%)%s" % (name, m, n, pct(m, n), extra))
    sys.stdout.flush()
    if verbose:
        shown = 0
        sql_lines = r["split"][2]
        for g, ok in enumerate(r["match"]):
            if ok:
                continue
            if shown >= diffs:
                print("  ... %d more mismatching chunks" % (n - m - shown))
                break
            shown += 1
            line_no = r["actual"].groups[g] + 1
            print("--- %s line %d: %s" % (name, line_no, sql_lines[line_no - 1][:100]))
            exp = r["best"].chunks[g] or []
            act = r["actual"].chunks[g] or ["(not run: psql output ends before this statement)"]
            for d in difflib.unified_diff(exp, act, "expected", "actual", lineterm="", n=2):
                print("  " + d)
    if json_out:
        with open(json_out, "w", encoding="utf-8") as f:
            json.dump({"file": name, "statements": n, "matched": m, "not_run": r["not_run"],
                       "errors": dict(r["errors"])}, f)
    return 0


def cmd_self_check(args):
    corpus = args[0]
    sql_dir = os.path.join(corpus, "sql")
    exp_dir = os.path.join(corpus, "expected")
    bad = 0
    names = sorted(f[:-4] for f in os.listdir(sql_dir) if f.endswith(".sql"))
    for name in names:
        with open(os.path.join(sql_dir, name + ".sql"), encoding="utf-8") as f:
            split = split_sql(f.read())
        stmts = split[0]
        exps = sorted(e for e in os.listdir(exp_dir)
                      if re.fullmatch(re.escape(name) + r"(_\d+)?\.out", e))
        for e in exps:
            with open(os.path.join(exp_dir, e), encoding="utf-8") as f:
                al = Alignment(split, f.read())
            ok = al.aligned() and not al.strict_errors
            bad += not ok
            print("%-22s %5d statements %5d chunks expected %5d found  %s%s" % (
                e, len(stmts), len(al.groups), sum(c is not None for c in al.chunks),
                "aligned" if ok else "NOT ALIGNED",
                "" if ok else " (%d echoed lines not found; echo not adjacent after lines %s)"
                % (al.missing_lines, al.strict_errors[:5])))
    print("self-check: %s" % ("every file aligned" if not bad else "%d files NOT aligned" % bad))
    return 1 if bad else 0


def read_thresholds(path):
    th = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                k, v = line.split()
                th[k] = float(v)
    return th


def cmd_summary(args):
    it = iter(args)
    results_dir = next(it)
    thresholds = write_th = None
    top = 15
    subset = False
    label = "OmenDB"
    for a in it:
        if a == "--subset":
            subset = True
        elif a == "--label":
            label = next(it)
        elif a == "--thresholds":
            thresholds = next(it)
        elif a == "--write-thresholds":
            write_th = next(it)
        elif a == "--top":
            top = int(next(it))
    order_path = os.path.join(results_dir, "order")
    with open(order_path, encoding="utf-8") as f:
        order = [ln.strip() for ln in f if ln.strip()]
    results = []
    for name in order:
        p = os.path.join(results_dir, name + ".json")
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                results.append(json.load(f))
        else:
            results.append({"file": name, "statements": 0, "matched": 0, "not_run": 0,
                            "errors": {}, "missing": True})
    th = read_thresholds(thresholds) if thresholds and os.path.exists(thresholds) else {}
    if subset:
        th.pop("total", None)
    failed = []
    total_n = sum(r["statements"] for r in results)
    total_m = sum(r["matched"] for r in results)
    all_errors = collections.Counter()
    print("")
    print("%-18s %6s %6s %7s %7s" % ("file", "stmts", "match", "rate", "min"))
    for r in results:
        n, m = r["statements"], r["matched"]
        floor_ = th.get(r["file"])
        low = r.get("missing") or (floor_ is not None and pct(m, n) + 1e-9 < floor_)
        if low:
            failed.append(r["file"])
        print("%-18s %6d %6d %6.1f%% %7s%s" % (
            r["file"], n, m, pct(m, n), "-" if floor_ is None else "%.1f" % floor_,
            "  BELOW THRESHOLD" if low and not r.get("missing") else
            ("  NO RESULT" if r.get("missing") else "")))
        errs = collections.Counter(r["errors"])
        all_errors.update(errs)
        for msg, cnt in errs.most_common(3):
            print("%26s %4dx %s" % ("", cnt, msg[:140]))
    if "total" in th and pct(total_m, total_n) + 1e-9 < th["total"]:
        failed.append("total")
        print("total %.1f%% is BELOW THRESHOLD %.1f" % (pct(total_m, total_n), th["total"]))
    print("")
    # "current transaction is aborted" only follows an earlier failure inside a transaction
    # block; it is counted apart so that the list shows causes.
    cascade = all_errors.pop(ABORTED, 0)
    print("most frequent %s errors (ERROR lines in actual output, not in expected):" % label)
    for msg, cnt in all_errors.most_common(top):
        print("  %5d  %s" % (cnt, msg[:160]))
    if cascade:
        print("  (and %d x \"%s\", which only follows an earlier error in a transaction)"
              % (cascade, ABORTED[8:]))
    if write_th:
        with open(write_th, "w", encoding="utf-8") as f:
            for r in results:
                f.write("%s %.1f\n" % (r["file"], floor1(r["matched"], r["statements"])))
            f.write("total %.1f\n" % floor1(total_m, total_n))
    if failed:
        print("pg_regress: below threshold: %s" % " ".join(failed))
    print("pg_regress: %d statements, %d match (%.1f%%)" % (total_n, total_m,
                                                           pct(total_m, total_n)))
    return 1 if failed else 0


def main(argv):
    if argv[:1] == ["--self-check"] and len(argv) == 2:
        return cmd_self_check(argv[1:])
    if argv[:1] == ["--summary"] and len(argv) >= 2:
        return cmd_summary(argv[1:])
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    return cmd_compare(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
