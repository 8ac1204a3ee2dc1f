"""python_wheel_task run directly: a wheel built in the test, installed into a cached venv."""

from __future__ import annotations

import pytest

from runs.executors.python_wheel import executor
from tests.executors.conftest import log_text
from tests.executors.wheels import build_wheel

pytestmark = pytest.mark.django_db

MAIN = """
import sys

def main():
    print("argv:", sys.argv[1:])
    return 0

def fail():
    raise ValueError("bad input from the wheel")

def plain():
    print("called plain() directly")
"""


@pytest.fixture
def wheel_path(tmp_path, put_file):
    wheel = build_wheel(
        tmp_path / "dist",
        "tiny-tool",
        "1.0",
        {"tiny_tool/__init__.py": MAIN},
        console_scripts={"run": "tiny_tool:main", "explode": "tiny_tool:fail"},
    )
    put_file(f"/Users/owner/libs/{wheel.name}", wheel.read_bytes())
    return f"/Workspace/Users/owner/libs/{wheel.name}"


def wheel_task(wheel: str, entry_point: str = "run", **block) -> dict:
    return {
        "task_key": "w",
        "libraries": [{"whl": wheel}],
        "python_wheel_task": {"package_name": "tiny_tool", "entry_point": entry_point, **block},
    }


def test_it_calls_the_entry_point_from_the_metadata_with_parameters(make_ctx, wheel_path):
    ctx = make_ctx(wheel_task(wheel_path, parameters=["a", "b c"]))
    result = executor.run(ctx)
    assert result.state == "SUCCESS", (result.error, log_text(ctx))
    assert "argv: ['a', 'b c']" in log_text(ctx)


def test_named_parameters_become_key_value_flags(make_ctx, wheel_path):
    ctx = make_ctx(wheel_task(wheel_path, named_parameters={"date": "2024-01-01", "mode": "full"}))
    assert executor.run(ctx).state == "SUCCESS"
    assert "argv: ['--date=2024-01-01', '--mode=full']" in log_text(ctx)


def test_it_falls_back_to_calling_the_function(make_ctx, wheel_path):
    ctx = make_ctx(wheel_task(wheel_path, entry_point="plain"))
    assert executor.run(ctx).state == "SUCCESS"
    assert "called plain() directly" in log_text(ctx)


def test_an_exception_fails_the_task_with_its_last_line(make_ctx, wheel_path):
    result = executor.run(make_ctx(wheel_task(wheel_path, entry_point="explode")))
    assert result.state == "FAILED"
    assert result.error == "ValueError: bad input from the wheel"


def test_an_unknown_entry_point_fails_clearly(make_ctx, wheel_path):
    result = executor.run(make_ctx(wheel_task(wheel_path, entry_point="nothing_here")))
    assert result.state == "FAILED" and "no entry point 'nothing_here'" in result.error


def test_the_second_run_reuses_the_environment(make_ctx, wheel_path, lakeflow_home):
    first = make_ctx(wheel_task(wheel_path))
    executor.run(first)
    second = make_ctx(wheel_task(wheel_path))
    executor.run(second)
    assert "[env] built" in log_text(first)
    assert "[env] reusing" in log_text(second)
    assert len([p for p in (lakeflow_home / "envs").iterdir() if p.is_dir()]) == 1


def test_the_environment_is_isolated_but_has_the_runtime(make_ctx, tmp_path, put_file):
    code = """
def main():
    from lakeflow.runtime import dbutils
    print("widget", dbutils.widgets.get("x"))
    try:
        import django
    except ImportError:
        print("no django here")
"""
    wheel = build_wheel(tmp_path / "d2", "probe", "0.1", {"probe/__init__.py": code})
    put_file(f"/Users/owner/{wheel.name}", wheel.read_bytes())
    ctx = make_ctx(
        {
            "libraries": [{"whl": f"/Users/owner/{wheel.name}"}],
            "python_wheel_task": {"package_name": "probe", "entry_point": "main"},
        },
        env={"LAKEFLOW_PARAMETERS": '{"x": "7"}'},
    )
    result = executor.run(ctx)
    assert result.state == "SUCCESS", (result.error, log_text(ctx))
    assert "widget 7" in log_text(ctx) and "no django here" in log_text(ctx)


def test_a_library_that_will_not_install_fails_with_pips_reason(make_ctx, tmp_path, put_file, monkeypatch):
    wheel = build_wheel(
        tmp_path / "d3",
        "needy",
        "0.1",
        {"needy/__init__.py": "def main(): pass"},
        requires=["lakeflow-no-such-dependency-xyz==9.9"],
    )
    put_file(f"/Users/owner/{wheel.name}", wheel.read_bytes())
    ctx = make_ctx(
        {
            "libraries": [{"whl": f"/Users/owner/{wheel.name}"}],
            "python_wheel_task": {"package_name": "needy", "entry_point": "main"},
        }
    )
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # pip runs in the worker's environment; no network needed
    result = executor.run(ctx)
    assert result.state == "FAILED"
    assert result.error.startswith("Library installation failed:")
    assert "lakeflow-no-such-dependency-xyz" in result.error


def test_a_missing_wheel_fails_the_task(make_ctx):
    result = executor.run(make_ctx(wheel_task("/Workspace/Users/owner/none.whl")))
    assert result.state == "FAILED" and "does not exist" in result.error


@pytest.fixture
def silent_index():
    """A package index that accepts connections and never answers."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield f"http://127.0.0.1:{server.getsockname()[1]}/simple"
    server.close()


def test_a_timeout_stops_a_hanging_install(make_ctx, monkeypatch, lakeflow_home, silent_index):
    monkeypatch.setenv("PIP_INDEX_URL", silent_index)
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", silent_index)
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    ctx = make_ctx(
        {
            "libraries": [{"pypi": {"package": "lakeflow-hangs==1.0"}}],
            "python_wheel_task": {"package_name": "x", "entry_point": "main"},
        },
        timeout=3,
    )
    result = executor.run(ctx)
    assert result.state == "TIMEDOUT", (result.error, log_text(ctx))
    assert not [p for p in (lakeflow_home / "envs").iterdir() if p.is_dir()]  # the half-built env is gone
