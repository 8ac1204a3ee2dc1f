"""The engine end to end: real worker threads, real child processes, the embedded broker."""

from __future__ import annotations

from runs import services
from tests.runs.conftest import python_task, task_states, wait_for


def test_a_chain_of_python_tasks_runs_in_order_and_succeeds(engine, make_job, script, owner):
    ok = script("ok.py", "print('hello')\n")
    job = make_job([python_task("a", ok), python_task("b", ok, "a"), python_task("c", ok, "b")])
    run = wait_for(services.run_now(job=job, user=owner))
    assert run.state == "SUCCESS"
    assert task_states(run) == {"a": "SUCCESS", "b": "SUCCESS", "c": "SUCCESS"}
    a, b, c = (run.task_runs.get(task_key=k) for k in "abc")
    assert a.end_time <= b.start_time and b.end_time <= c.start_time
    assert "hello" in a.read_log()[0]
