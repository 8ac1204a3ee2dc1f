"""Redaction and environment resolution, piece by piece: the redactor, the log sink (stored and
streamed lines), results, and {{secrets/...}} in a cluster's spark_env_vars."""

from __future__ import annotations

import base64
from types import SimpleNamespace

import pytest

from compute.models import Cluster
from lakeflow.secrets import runtime
from lakeflow.secrets import services as secrets
from runs.executors.base import ExecutionResult, LogSink
from runs.references import UnknownReference


@pytest.fixture
def submitted_by_owner(owner):
    """A run as the redactor sees one: a submitted run acts as its submitter."""
    return SimpleNamespace(job_id=None, triggered_by=owner)


@pytest.fixture
def values(owner):
    secrets.create_scope(user=owner, name="s")
    for key, value in (("long", "abcdef-long-secret"), ("inner", "abcdef"), ("tiny", "xy")):
        secrets.put_secret(user=owner, scope="s", key=key, value=value.encode())


def test_the_redactor_hides_every_readable_value_longest_first(values, submitted_by_owner):
    redact = runtime.redactor(submitted_by_owner)
    assert redact("a abcdef-long-secret b abcdef c") == "a [REDACTED] b [REDACTED] c"
    assert redact("xy stays: too short to redact") == "xy stays: too short to redact"
    encoded = base64.b64encode(b"abcdef-long-secret").decode()
    assert redact(f"b64 {encoded}") == "b64 [REDACTED]"


def test_values_other_users_own_are_not_in_the_redactor_of_a_run_that_cannot_read_them(values, member):
    redact = runtime.redactor(SimpleNamespace(job_id=None, triggered_by=member))
    assert redact("abcdef-long-secret") == "abcdef-long-secret"  # cannot print what it cannot read


def test_the_log_sink_stores_and_streams_redacted_lines(tmp_path, values, submitted_by_owner):
    streamed: list[str] = []
    sink = LogSink(tmp_path / "t.log", on_line=streamed.append, redact=runtime.redactor(submitted_by_owner))
    sink.write("token=abcdef-long-secret\n")
    sink.close()
    assert (tmp_path / "t.log").read_text() == "token=[REDACTED]\n"
    assert streamed == ["token=[REDACTED]"]


def test_results_are_redacted_in_error_trace_and_output(values, submitted_by_owner):
    redact = runtime.redactor(submitted_by_owner)
    result = ExecutionResult(
        "FAILED",
        error="bad abcdef",
        error_trace="line abcdef-long-secret",
        output={"sql_output": {"rows": [["abcdef"]]}},
    )
    runtime.redact_result(result, redact)
    assert (result.error, result.error_trace) == ("bad [REDACTED]", "line [REDACTED]")
    assert result.output == {"sql_output": {"rows": [["[REDACTED]"]]}}


def test_a_clusters_spark_env_vars_get_their_secrets_resolved(values, submitted_by_owner):
    from compute.placement import task_env

    cluster = Cluster.objects.create(spark_env_vars={"DB_PASSWORD": "{{secrets/s/long}}", "PLAIN": "1"})
    env = {"PATH": "/bin", **task_env(cluster.cluster_id)}
    env = runtime.resolve_env(env, SimpleNamespace(cluster_id=cluster.cluster_id), submitted_by_owner)
    assert env == {"PATH": "/bin", "DB_PASSWORD": "abcdef-long-secret", "PLAIN": "1"}


def test_an_unreadable_secret_in_the_environment_names_the_variable(values, member):
    run = SimpleNamespace(job_id=None, triggered_by=member)
    with pytest.raises(UnknownReference, match=r"cannot be read as member.*environment variable X"):
        runtime.resolve_env({"X": "pre-{{secrets/s/long}}"}, SimpleNamespace(cluster_id=""), run)
