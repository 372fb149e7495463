"""Shared by the client tests: a @check decorator that runs one check, counts
it and prints "ok   NAME" / "FAIL NAME: why", with a table of known gaps.

A check whose name starts with a key of `xfail` fails because of that gap: it
prints "xfail" and does not fail the run; if it passes it prints "XPASS" and
fails the run, so that the table is kept to what is still missing.
"""


class Checks:
    def __init__(self, xfail, describe=None, on_fail=None, before=None):
        self.results = {"passed": 0, "failed": 0, "xfail": 0}
        self.xfail = xfail
        self.describe = describe or (lambda e: " ".join(f"{type(e).__name__}: {e}".split()))
        self.on_fail = on_fail  # called after a failure (reset a connection, ...)
        self.before = before    # called before each check

    def check(self, name):
        def wrap(fn):
            if self.before:
                self.before()
            gap = next((why for key, why in self.xfail.items() if name.startswith(key)), None)
            try:
                fn()
            except Exception as e:  # a failed check must not stop the others
                if gap:
                    self.results["xfail"] += 1
                    print(f"xfail {name}: {gap}: {self.describe(e)}"[:400])
                else:
                    self.results["failed"] += 1
                    print(f"FAIL {name}: {self.describe(e)}")
                if self.on_fail:
                    self.on_fail()
            else:
                if gap:
                    self.results["failed"] += 1
                    print(f"XPASS {name}: passes now; remove it from XFAIL ({gap})")
                else:
                    self.results["passed"] += 1
                    print(f"ok   {name}")
            return fn

        return wrap

    def summary(self, label):
        r = self.results
        print(f"{label}: {r['passed']} passed, {r['failed']} failed "
              f"({r['xfail']} expected failures: known gaps listed in XFAIL)")
        return 1 if r["failed"] else 0
