"""jobs/update merge semantics, as properties of the pure merge_settings()."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.services import merge_settings

keys = st.lists(st.sampled_from([f"k{i}" for i in range(12)]), unique=True, max_size=8)


def tasks(names: list[str], tag: str) -> list[dict]:
    return [{"task_key": name, "notebook_task": {"notebook_path": f"/{tag}/{name}"}} for name in names]


@given(keys, keys)
@settings(max_examples=200, deadline=None)
def test_tasks_merge_by_key_keeping_order_and_replacing_whole_entries(old, new):
    merged = merge_settings({"name": "x", "tasks": tasks(old, "old")}, {"tasks": tasks(new, "new")}, [])
    expected_keys = old + [k for k in new if k not in old]
    assert [t["task_key"] for t in merged["tasks"]] == expected_keys
    for task in merged["tasks"]:
        source = "new" if task["task_key"] in new else "old"
        assert task["notebook_task"]["notebook_path"] == f"/{source}/{task['task_key']}"


@given(keys, st.data())
@settings(max_examples=200, deadline=None)
def test_removing_task_entries_leaves_the_others_in_order(old, data):
    removed = data.draw(st.lists(st.sampled_from(old), unique=True) if old else st.just([]))
    merged = merge_settings({"tasks": tasks(old, "old")}, {}, [f"tasks/{k}" for k in removed])
    assert [t["task_key"] for t in merged["tasks"]] == [k for k in old if k not in removed]


def test_top_level_fields_are_replaced_not_merged():
    merged = merge_settings({"tags": {"a": "1"}, "name": "x"}, {"tags": {"b": "2"}}, [])
    assert merged == {"tags": {"b": "2"}, "name": "x"}


def test_merging_does_not_change_the_current_settings():
    current = {"tasks": tasks(["a"], "old")}
    merge_settings(current, {"tasks": tasks(["a"], "new")}, [])
    assert current["tasks"][0]["notebook_task"]["notebook_path"] == "/old/a"
