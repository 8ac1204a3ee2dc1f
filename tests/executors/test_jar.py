"""spark_jar_task run directly: a JAR compiled in the test with javac + jar."""

from __future__ import annotations

import subprocess

import pytest

from runs.executors.base import ExecutorError
from runs.executors.jar import executor
from tests.executors.conftest import log_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("javac")]

SOURCE = """
package demo;

public class Main {
    public static void main(String[] args) {
        System.out.println("hello from java: " + String.join(",", args));
        if (args.length > 0 && args[0].equals("fail")) {
            throw new IllegalStateException("asked to fail");
        }
    }
}
"""


@pytest.fixture(scope="module")
def jar_bytes(tmp_path_factory):
    build = tmp_path_factory.mktemp("java")
    (build / "demo").mkdir()
    (build / "demo" / "Main.java").write_text(SOURCE)
    subprocess.run(["javac", "-d", str(build / "classes"), str(build / "demo" / "Main.java")], check=True)
    subprocess.run(["jar", "cf", str(build / "demo.jar"), "-C", str(build / "classes"), "."], check=True)
    return (build / "demo.jar").read_bytes()


@pytest.fixture
def jar_path(jar_bytes, put_file):
    put_file("/Users/owner/jars/demo.jar", jar_bytes)
    return "/Workspace/Users/owner/jars/demo.jar"


def jar_task(jar: str, *parameters: str, main: str = "demo.Main") -> dict:
    return {
        "task_key": "j",
        "libraries": [{"jar": jar}],
        "spark_jar_task": {"main_class_name": main, "parameters": list(parameters)},
    }


def test_it_runs_the_main_class_with_parameters(make_ctx, jar_path):
    ctx = make_ctx(jar_task(jar_path, "a", "b"))
    result = executor.run(ctx)
    assert result.state == "SUCCESS", result.error
    assert "hello from java: a,b" in log_text(ctx)


def test_a_java_exception_fails_the_task(make_ctx, jar_path):
    result = executor.run(make_ctx(jar_task(jar_path, "fail")))
    assert result.state == "FAILED"
    assert result.exit_code == 1
    assert "IllegalStateException: asked to fail" in result.error_trace


def test_an_unknown_main_class_fails_with_javas_message(make_ctx, jar_path):
    result = executor.run(make_ctx(jar_task(jar_path, main="demo.Nope")))
    assert result.state == "FAILED" and "demo.Nope" in result.error


def test_a_missing_jar_fails_the_task(make_ctx):
    result = executor.run(make_ctx(jar_task("/Workspace/Users/owner/none.jar")))
    assert result.state == "FAILED" and "does not exist" in result.error


def test_missing_java_is_a_clear_error(make_ctx, jar_path):
    with pytest.raises(ExecutorError, match="Java is not installed"):
        executor.run(make_ctx(jar_task(jar_path), env={"PATH": "/nonexistent", "JAVA_HOME": ""}))
