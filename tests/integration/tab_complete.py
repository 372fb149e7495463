#!/usr/bin/python3
"""TAB completion of table names in the real psql, run on a pseudo-terminal.

Usage: tab_complete.py PSQL HOST PORT PREFIX EXPECTED
Types "SELECT * FROM PREFIX<TAB>" into an interactive psql and checks that the
line psql shows afterwards ends with EXPECTED (the completed name). Exit 0 on
success, 1 with the terminal's output otherwise.
"""
import os
import pty
import select
import signal
import sys
import time

psql, host, port, prefix, expected = sys.argv[1:6]


def read_until(fd, want, timeout):
    """Reads the terminal until `want` appears (or the timeout); returns all."""
    buf = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end and want not in buf:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    return buf


pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ, TERM="dumb", PAGER="cat", PSQL_HISTORY="/dev/null")
    os.execvpe(psql, [psql, "-X", "-h", host, "-p", port, "-U", "omendb", "omendb"], env)

out = read_until(fd, b"omendb=#", 10)
os.write(fd, f"SELECT * FROM {prefix}\t".encode())
out += read_until(fd, expected.encode(), 5)
os.kill(pid, signal.SIGKILL)  # our own child: psql would wait for the rest of the line
os.waitpid(pid, 0)
line = out.decode(errors="replace").split("omendb=#")[-1]
if expected in line:
    print(f"ok   tab completion: {prefix!r} -> {expected!r}")
    sys.exit(0)
print(f"FAIL tab completion: {prefix!r} did not complete to {expected!r}; terminal showed {line!r}")
sys.exit(1)
