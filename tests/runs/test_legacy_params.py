"""python_params, jar_params, spark_submit_params, dbt_commands replace their tasks' argv lists."""

from __future__ import annotations

import pytest

from runs import legacy_params

SETTINGS = {
    "tasks": [
        {"task_key": "py", "spark_python_task": {"python_file": "a.py", "parameters": ["job"]}},
        {"task_key": "whl", "python_wheel_task": {"package_name": "p", "entry_point": "e"}},
        {"task_key": "jar", "spark_jar_task": {"main_class_name": "M", "parameters": ["job"]}},
        {"task_key": "dbt", "dbt_task": {"commands": ["dbt run"]}},
        {"task_key": "nb", "notebook_task": {"notebook_path": "/n"}},
        {
            "task_key": "loop",
            "for_each_task": {
                "inputs": "[1]",
                "task": {"task_key": "i", "spark_python_task": {"python_file": "b.py"}},
            },
        },
    ]
}


def lists(settings: dict) -> dict[str, list | None]:
    out = {}
    for task in settings["tasks"]:
        task = task.get("for_each_task", {}).get("task", task)
        block = next(v for k, v in task.items() if k.endswith("_task"))
        out[task["task_key"]] = block.get("parameters", block.get("commands"))
    return out


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, {"py": ["job"], "whl": None, "jar": ["job"], "dbt": ["dbt run"], "nb": None, "i": None}),
        (
            {"python_params": ["x"]},
            {"py": ["x"], "whl": ["x"], "jar": ["job"], "dbt": ["dbt run"], "nb": None, "i": ["x"]},
        ),
        (
            {"jar_params": ["1", "2"]},
            {"py": ["job"], "whl": None, "jar": ["1", "2"], "dbt": ["dbt run"], "nb": None, "i": None},
        ),
        (
            {"dbt_commands": ["dbt deps", "dbt build"]},
            {
                "py": ["job"],
                "whl": None,
                "jar": ["job"],
                "dbt": ["dbt deps", "dbt build"],
                "nb": None,
                "i": None,
            },
        ),
    ],
    ids=["none", "python_params", "jar_params", "dbt_commands"],
)
def test_each_list_replaces_the_lists_of_its_task_types(overrides, expected):
    before = lists(SETTINGS)
    assert lists(legacy_params.apply(SETTINGS, overrides)) == expected
    assert lists(SETTINGS) == before  # the job's own settings are untouched
