"""Held work (SQL statements, pipeline updates on threads of the process that started them) is
interrupted and waited for when the process exits, instead of being cut off inside DuckDB."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import duckdb

from lakeflow import liveness


class _Row:
    """liveness.held only keys on the model; beat_once is not reached in these tests."""


def _long_query(con, started: threading.Event, ended: list[str]) -> None:
    with liveness.held(_Row, "q1", interrupt=con.interrupt):
        started.set()
        try:
            con.execute("SELECT count(*) FROM range(100000000000) a").fetchall()
        except duckdb.InterruptException:
            ended.append("interrupted")


def test_drain_interrupts_held_work_and_waits_for_its_thread():
    con, started, ended = duckdb.connect(), threading.Event(), []
    thread = threading.Thread(target=_long_query, args=(con, started, ended), daemon=True)
    thread.start()
    assert started.wait(10)
    time.sleep(0.5)  # inside the query (an interrupt before it starts would be lost)

    assert liveness.drain(timeout=30) == 0
    assert not thread.is_alive() and ended == ["interrupted"]
    assert liveness.drain() == 0  # nothing held any more


# Three statements running, all cancelled just before the process exits (as the cancel tests at
# the end of a test session leave them): without the drain, their threads are still unwinding
# inside DuckDB when Python finalizes, and the process aborts.
EXITS_MID_QUERY = """
import threading, time, duckdb, django
django.setup()
from lakeflow import liveness

class Row: pass

def work(con, pk):
    with liveness.held(Row, pk, interrupt=con.interrupt):
        try:
            con.execute("SELECT count(*) FROM range(100000000000) a").fetchall()
        except duckdb.InterruptException:
            print("interrupted", flush=True)

cons = [duckdb.connect() for _ in range(3)]
for pk, con in enumerate(cons):
    threading.Thread(target=work, args=(con, pk), daemon=True).start()
time.sleep(1.0)  # all three inside their queries
for con in cons:
    con.interrupt()
"""


def test_a_process_exiting_mid_statement_stops_it_and_exits_cleanly():
    done = subprocess.run(
        [sys.executable, "-c", EXITS_MID_QUERY],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lakeflow.settings"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("interrupted") == 3  # three threads print: their lines may interleave
