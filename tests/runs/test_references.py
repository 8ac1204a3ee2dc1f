"""Dynamic value references and parameter precedence (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from runs import references
from runs.references import UnknownReference

START = datetime(2026, 3, 7, 8, 9, 10, tzinfo=UTC)


@pytest.fixture
def spaces():
    return references.namespaces_for(
        job={
            "id": 7,
            "name": "etl",
            "run_id": 42,
            "repair_count": 1,
            "start_time": references.time_values(START),
            "trigger": {"type": "PERIODIC"},
            "parameters": {"env": "prod"},
        },
        task={"name": "load", "run_id": 99, "execution_count": 2},
        tasks=lambda: {
            "ingest": {
                "values": {"rows": 12, "ok": True, "name": "x", "obj": references.Value({"a": 1})},
                "result_state": "SUCCESS",
            }
        },
        workspace={"url": "http://lakeflow", "id": 0},
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{job.id}}", "7"),
        ("{{job.name}}", "etl"),
        ("{{job.run_id}}", "42"),
        ("{{job.repair_count}}", "1"),
        ("{{job.start_time.iso_date}}", "2026-03-07"),
        ("{{job.start_time.iso_datetime}}", "2026-03-07T08:09:10+00:00"),
        ("{{job.start_time.timestamp_ms}}", str(int(START.timestamp() * 1000))),
        ("{{job.start_time.year}}", "2026"),
        ("{{job.start_time.month}}", "3"),
        ("{{job.start_time.day}}", "7"),
        ("{{job.start_time.hour}}", "8"),
        ("{{job.start_time.minute}}", "9"),
        ("{{job.start_time.second}}", "10"),
        ("{{job.trigger.type}}", "PERIODIC"),
        ("{{job.parameters.env}}", "prod"),
        ("{{task.name}}", "load"),
        ("{{task.run_id}}", "99"),
        ("{{task.execution_count}}", "2"),
        ("{{tasks.ingest.values.rows}}", "12"),
        ("{{tasks.ingest.values.ok}}", "true"),
        ("{{tasks.ingest.values.obj}}", '{"a": 1}'),
        ("{{tasks.ingest.result_state}}", "SUCCESS"),
        ("{{workspace.url}}", "http://lakeflow"),
        ("{{ job.id }}", "7"),
        ("run {{job.run_id}} of {{job.name}}", "run 42 of etl"),
        ("{{job_id}}-{{run_id}}-{{task_key}}", "7-99-load"),
        ("no refs", "no refs"),
    ],
)
def test_references_resolve(spaces, text, expected):
    assert references.resolve_text(text, spaces) == expected


@pytest.mark.parametrize(
    "text",
    [
        "{{job.nope}}",
        "{{tasks.missing.values.x}}",
        "{{tasks.ingest.values.nope}}",
        "{{job}}",
        "{{nope}}",
        "{{job.parameters.absent}}",
        "{{}}",
    ],
)
def test_an_unknown_reference_is_an_error_naming_it(spaces, text):
    with pytest.raises(UnknownReference) as error:
        references.resolve({"p": [text]}, spaces)
    assert text.replace(" ", "") in str(error.value).replace(" ", "")
    assert "in p" in str(error.value)


def test_resolve_walks_dicts_and_lists(spaces):
    value = {"a": ["{{job.id}}", {"b": "{{task.name}}"}], "n": 3}
    assert references.resolve(value, spaces) == {"a": ["7", {"b": "load"}], "n": 3}


def test_namespaces_are_extensible(spaces):
    spaces["input"] = "item-3"
    assert references.resolve_text("{{input}}", spaces) == "item-3"


def test_a_task_parameter_overrides_a_job_parameter_of_the_same_key():
    params = references.effective_parameters(
        {"env": "prod", "day": "mon"}, "notebook_task", {"base_parameters": {"env": "dev", "n": 3}}
    )
    assert params == {"env": "dev", "day": "mon", "n": "3"}


def test_a_task_type_without_named_parameters_sees_the_job_parameters():
    assert references.effective_parameters({"env": "prod"}, "spark_python_task", {"parameters": ["x"]}) == {
        "env": "prod"
    }
