from __future__ import annotations

import pytest

from jobs import services
from jobs.models import Job, JobVersion, Task
from jobs.validation import validate_job_settings
from lakeflow.api.errors import ApiError

pytestmark = pytest.mark.django_db


def nb(key: str, *upstream: str, **extra) -> dict:
    task = {"task_key": key, "notebook_task": {"notebook_path": f"/Workspace/{key}"}, **extra}
    if upstream:
        task["depends_on"] = [{"task_key": u} for u in upstream]
    return task


FULL_SETTINGS = {
    "name": "nightly etl",
    "description": "loads and transforms",
    "tags": {"team": "data", "tier": "gold"},
    "max_concurrent_runs": 3,
    "timeout_seconds": 3600,
    "queue": {"enabled": False},
    "schedule": {
        "quartz_cron_expression": "0 30 2 * * ?",
        "timezone_id": "Europe/Berlin",
        "pause_status": "PAUSED",
    },
    "health": {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 600}]},
    "email_notifications": {"on_failure": ["ops@example.com"], "no_alert_for_skipped_runs": True},
    "webhook_notifications": {"on_success": [{"id": "hook-1"}]},
    "notification_settings": {"no_alert_for_canceled_runs": True},
    "git_source": {"git_url": "https://github.com/x/y", "git_provider": "gitHub", "git_branch": "main"},
    "parameters": [{"name": "day", "default": "2024-01-01"}, {"name": "env", "default": "prod"}],
    "job_clusters": [{"job_cluster_key": "small", "new_cluster": {"num_workers": 1, "spark_version": "x"}}],
    "environments": [{"environment_key": "py", "spec": {"client": "1", "dependencies": ["pandas"]}}],
    "format": "MULTI_TASK",
    "tasks": [
        {
            "task_key": "check",
            "condition_task": {"op": "GREATER_THAN", "left": "{{job.parameters.day}}", "right": "2020"},
        },
        nb(
            "load",
            job_cluster_key="small",
            max_retries=2,
            min_retry_interval_millis=1000,
            retry_on_timeout=True,
            timeout_seconds=60,
            libraries=[{"pypi": {"package": "requests"}}],
            description="load it",
            depends_on=[{"task_key": "check", "outcome": "true"}],
            run_if="ALL_SUCCESS",
        ),
        {
            "task_key": "transform",
            "depends_on": [{"task_key": "load"}, {"task_key": "check", "outcome": "false"}],
            "run_if": "AT_LEAST_ONE_SUCCESS",
            "spark_python_task": {
                "python_file": "/Workspace/t.py",
                "parameters": ["--day", "{{job.parameters.day}}"],
            },
            "environment_key": "py",
            "disabled": True,
            "email_notifications": {"on_start": ["a@example.com"]},
        },
        {
            "task_key": "fan_out",
            "depends_on": [{"task_key": "transform"}],
            "for_each_task": {"inputs": "[1, 2, 3]", "concurrency": 2, "task": nb("each")},
        },
    ],
}


def test_settings_round_trip_through_the_rows(owner):
    job = services.create_job(user=owner, settings=FULL_SETTINGS)
    job = services.with_rows(Job.objects.filter(pk=job.pk)).get()
    assert services.job_settings(job) == validate_job_settings(FULL_SETTINGS)
    assert [t.task_key for t in job.tasks.all()] == ["check", "load", "transform", "fan_out"]
    assert Task.objects.get(job=job, task_key="fan_out").task_type == "for_each_task"


def test_each_version_snapshot_equals_the_settings_rebuilt_from_rows(owner, admin_user):
    job = services.create_job(user=owner, settings={**FULL_SETTINGS, "run_as": {"user_name": "owner"}})
    services.update_job(user=admin_user, job=job, new_settings={"tasks": [nb("extra", "load")]})
    services.update_job(user=owner, job=job, fields_to_remove=["tasks/fan_out", "schedule"])
    for version in job.versions.all():
        assert version.settings == validate_job_settings(version.settings)
    rebuilt = services.job_settings(services.with_rows(Job.objects.filter(pk=job.pk)).get())
    assert job.versions.first().settings == rebuilt


def test_the_creator_owns_the_job_and_version_one_is_written(owner):
    job = services.create_job(user=owner, settings={"name": "a", "tasks": [nb("x")]})
    assert job.owner == owner
    version = job.versions.get()
    assert (version.version, version.change, version.author) == (1, "create", owner)
    assert version.settings["tasks"][0]["task_key"] == "x"


def test_every_change_writes_a_version(owner):
    job = services.create_job(user=owner, settings={"name": "a", "tasks": [nb("x")]})
    services.update_job(user=owner, job=job, new_settings={"name": "b"})
    services.reset_job(user=owner, job=job, new_settings={"name": "c", "tasks": [nb("y")]})
    services.restore_version(user=owner, job=job, version=1)
    versions = list(job.versions.order_by("version").values_list("version", "change", "settings__name"))
    assert versions == [(1, "create", "a"), (2, "update", "b"), (3, "reset", "c"), (4, "restore", "a")]
    job.refresh_from_db()
    assert job.name == "a"
    assert [t.task_key for t in job.tasks.all()] == ["x"]


def test_nothing_is_written_when_validation_fails(owner):
    job = services.create_job(user=owner, settings={"name": "a", "tasks": [nb("x")]})
    with pytest.raises(ApiError):
        services.update_job(user=owner, job=job, new_settings={"name": "b", "tasks": [nb("y", "nope")]})
    job.refresh_from_db()
    assert job.name == "a"
    assert JobVersion.objects.filter(job=job).count() == 1
    with pytest.raises(ApiError):
        services.create_job(user=owner, settings={"tasks": [nb("x", "x")]})
    assert Job.objects.count() == 1


def test_update_replaces_top_level_fields_and_merges_tasks_by_key(owner):
    job = services.create_job(
        user=owner,
        settings={
            "name": "a",
            "tags": {"x": "1"},
            "tasks": [nb("one"), nb("two", "one")],
            "parameters": [{"name": "p", "default": "1"}],
        },
    )
    services.update_job(
        user=owner,
        job=job,
        new_settings={
            "tags": {"y": "2"},
            "tasks": [nb("two", max_retries=5), nb("three", "two")],
            "parameters": [{"name": "q", "default": "2"}],
        },
    )
    settings = job.versions.first().settings
    assert settings["tags"] == {"y": "2"}
    assert [t["task_key"] for t in settings["tasks"]] == ["one", "two", "three"]
    two = settings["tasks"][1]
    assert two["max_retries"] == 5 and "depends_on" not in two  # replaced whole
    assert [p["name"] for p in settings["parameters"]] == ["p", "q"]


def test_fields_to_remove_removes_top_level_fields_and_single_entries(owner):
    job = services.create_job(
        user=owner,
        settings={
            "name": "a",
            "schedule": {"quartz_cron_expression": "0 0 1 * * ?", "timezone_id": "UTC"},
            "job_clusters": [
                {"job_cluster_key": "c1", "new_cluster": {}},
                {"job_cluster_key": "c2", "new_cluster": {}},
            ],
            "tasks": [nb("one"), nb("two", "one")],
        },
    )
    services.update_job(user=owner, job=job, fields_to_remove=["schedule", "tasks/two", "job_clusters/c1"])
    settings = job.versions.first().settings
    assert "schedule" not in settings
    assert [t["task_key"] for t in settings["tasks"]] == ["one"]
    assert [c["job_cluster_key"] for c in settings["job_clusters"]] == ["c2"]


@pytest.mark.parametrize(
    ("fields", "new_settings", "fragment"),
    [
        (["bogus"], {}, "unknown field 'bogus'"),
        (["tasks/missing"], {}, "no such entry"),
        (["tags/x"], {}, "only of tasks and job_clusters"),
        (["name"], {"name": "x"}, "both in new_settings and in fields_to_remove"),
        (["tasks/one"], {}, 'Task "two": depends_on names unknown task "one"'),
    ],
)
def test_bad_fields_to_remove_are_refused(owner, fields, new_settings, fragment):
    job = services.create_job(user=owner, settings={"name": "a", "tasks": [nb("one"), nb("two", "one")]})
    with pytest.raises(ApiError) as caught:
        services.update_job(user=owner, job=job, new_settings=new_settings, fields_to_remove=fields)
    assert fragment in caught.value.message


def test_only_admins_may_run_a_job_as_another_user(owner, member, admin_user):
    with pytest.raises(ApiError) as caught:
        services.create_job(user=owner, settings={"name": "a", "run_as": {"user_name": "member"}})
    assert caught.value.error_code == "PERMISSION_DENIED"
    job = services.create_job(user=owner, settings={"name": "a", "run_as": {"user_name": "owner"}})
    assert job.run_as == owner
    job = services.create_job(user=admin_user, settings={"name": "b", "run_as": {"user_name": "member"}})
    assert services.job_settings(job)["run_as"] == {"user_name": "member"}


def test_run_as_must_name_a_known_user(owner):
    with pytest.raises(ApiError, match="unknown user 'ghost'"):
        services.create_job(user=owner, settings={"name": "a", "run_as": {"user_name": "ghost"}})


def test_run_job_tasks_must_name_an_existing_job(owner):
    with pytest.raises(ApiError, match=r'Task "r": run_job_task\.job_id names unknown job 999'):
        services.create_job(
            user=owner, settings={"tasks": [{"task_key": "r", "run_job_task": {"job_id": 999}}]}
        )
    target = services.create_job(user=owner, settings={"name": "child"})
    services.create_job(
        user=owner, settings={"tasks": [{"task_key": "r", "run_job_task": {"job_id": target.pk}}]}
    )


def rj(key: str, job_id: int) -> dict:
    return {"task_key": key, "run_job_task": {"job_id": job_id}}


@pytest.mark.parametrize("through_for_each", [False, True])
def test_a_job_that_would_run_itself_is_refused_directly_or_through_other_jobs(owner, through_for_each):
    a = services.create_job(user=owner, settings={"name": "a", "tasks": [nb("x")]})
    b = services.create_job(user=owner, settings={"name": "b", "tasks": [rj("to_a", a.pk)]})
    c = services.create_job(user=owner, settings={"name": "c", "tasks": [rj("to_b", b.pk)]})
    with pytest.raises(ApiError, match=r'Task "self": run_job_task\.job_id .* would run job'):
        services.reset_job(user=owner, job=a, new_settings={"name": "a", "tasks": [rj("self", a.pk)]})
    task = rj("loop", c.pk)
    if through_for_each:
        task = {"task_key": "loop", "for_each_task": {"inputs": "[1]", "task": rj("loop_iteration", c.pk)}}
    with pytest.raises(ApiError, match=r'Task "loop": run_job_task\.job_id .* would run job'):
        services.reset_job(user=owner, job=a, new_settings={"name": "a", "tasks": [task]})
    assert services.job_settings(a)["tasks"][0]["task_key"] == "x"  # nothing written


def test_delete_removes_the_job_and_its_rows(owner):
    job = services.create_job(user=owner, settings={"name": "a", "tasks": [nb("x")]})
    services.delete_job(user=owner, job=job)
    assert not Job.objects.exists()
    assert not Task.objects.exists()
    assert not JobVersion.objects.exists()


def test_changes_need_can_manage(owner, member):
    job = services.create_job(user=owner, settings={"name": "a"})
    services.set_permissions(
        user=owner,
        job=job,
        acl=[{"user_name": "member", "permission_level": "CAN_MANAGE_RUN"}],
        replace=False,
    )
    for change in (
        lambda: services.update_job(user=member, job=job, new_settings={"name": "b"}),
        lambda: services.reset_job(user=member, job=job, new_settings={"name": "b"}),
        lambda: services.delete_job(user=member, job=job),
    ):
        with pytest.raises(ApiError) as caught:
            change()
        assert caught.value.error_code == "PERMISSION_DENIED"
