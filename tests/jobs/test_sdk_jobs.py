"""The official databricks-sdk drives the Jobs and job Permissions APIs, parsing our responses."""

from __future__ import annotations

import pytest
from databricks.sdk.errors import InvalidParameterValue, NotFound, PermissionDenied, ResourceDoesNotExist
from databricks.sdk.service import iam, jobs

pytestmark = pytest.mark.django_db(transaction=True)


def notebook_task(key: str, *upstream: str) -> jobs.Task:
    return jobs.Task(
        task_key=key,
        notebook_task=jobs.NotebookTask(notebook_path=f"/Workspace/{key}", base_parameters={"day": "mon"}),
        depends_on=[jobs.TaskDependency(task_key=u) for u in upstream] or None,
        max_retries=1,
    )


def test_the_sdk_creates_gets_lists_updates_resets_and_deletes_jobs(sdk):
    created = sdk.jobs.create(
        name="sdk etl",
        tasks=[notebook_task("extract"), notebook_task("load", "extract")],
        parameters=[jobs.JobParameterDefinition(name="day", default="mon")],
        schedule=jobs.CronSchedule(quartz_cron_expression="0 0 3 * * ?", timezone_id="Europe/Paris"),
        tags={"team": "data"},
    )
    job = sdk.jobs.get(created.job_id)
    assert job.creator_user_name == "owner"
    assert job.settings.name == "sdk etl"
    assert job.settings.tasks[0].task_key == "extract"
    assert job.settings.tasks[1].depends_on[0].task_key == "extract"
    assert job.settings.tasks[1].run_if == jobs.RunIf.ALL_SUCCESS
    assert job.settings.tasks[0].notebook_task.base_parameters == {"day": "mon"}
    assert job.settings.schedule.pause_status == jobs.PauseStatus.UNPAUSED
    assert job.settings.parameters[0].default == "mon"

    assert [j.job_id for j in sdk.jobs.list(name="SDK ETL")] == [created.job_id]

    sdk.jobs.update(
        created.job_id,
        new_settings=jobs.JobSettings(name="renamed", tasks=[notebook_task("report", "load")]),
        fields_to_remove=["schedule"],
    )
    job = sdk.jobs.get(created.job_id)
    assert job.settings.name == "renamed"
    assert job.settings.schedule is None
    assert [t.task_key for t in job.settings.tasks] == ["extract", "load", "report"]

    sdk.jobs.reset(created.job_id, new_settings=jobs.JobSettings(name="reset", tasks=[notebook_task("only")]))
    assert [t.task_key for t in sdk.jobs.get(created.job_id).settings.tasks] == ["only"]

    sdk.jobs.delete(created.job_id)
    with pytest.raises(ResourceDoesNotExist):
        sdk.jobs.get(created.job_id)


def test_the_sdk_lists_every_page(sdk):
    ids = {sdk.jobs.create(name=f"job {i}", tasks=[notebook_task("a")]).job_id for i in range(7)}
    assert {j.job_id for j in sdk.jobs.list(limit=3)} == ids
    expanded = list(sdk.jobs.list(limit=3, expand_tasks=True))
    assert {j.settings.tasks[0].task_key for j in expanded} == {"a"}


def test_the_sdk_reads_a_job_with_more_than_one_hundred_tasks(sdk):
    tasks = [notebook_task(f"t{i:03}") for i in range(230)]
    job_id = sdk.jobs.create(name="wide", tasks=tasks).job_id
    assert [t.task_key for t in sdk.jobs.get(job_id).settings.tasks] == [f"t{i:03}" for i in range(230)]


def test_validation_errors_reach_the_sdk_as_typed_exceptions(sdk):
    with pytest.raises(InvalidParameterValue, match="cycle"):
        sdk.jobs.create(name="bad", tasks=[notebook_task("a", "b"), notebook_task("b", "a")])


def test_the_sdk_gets_sets_and_updates_job_permissions(sdk, member, outsider):
    job_id = sdk.jobs.create(name="shared", tasks=[notebook_task("a")]).job_id
    levels = sdk.jobs.get_permission_levels(str(job_id)).permission_levels
    assert [lvl.permission_level for lvl in levels][-1] == jobs.JobPermissionLevel.IS_OWNER

    sdk.jobs.set_permissions(
        str(job_id),
        access_control_list=[
            jobs.JobAccessControlRequest(
                user_name="member", permission_level=jobs.JobPermissionLevel.CAN_MANAGE_RUN
            )
        ],
    )
    updated = sdk.jobs.update_permissions(
        str(job_id),
        access_control_list=[
            jobs.JobAccessControlRequest(
                user_name="outsider", permission_level=jobs.JobPermissionLevel.CAN_VIEW
            )
        ],
    )
    assert updated.object_id == f"/jobs/{job_id}"
    perms = sdk.jobs.get_permissions(str(job_id))
    held = {e.user_name: e.all_permissions[0].permission_level for e in perms.access_control_list}
    assert held == {
        "owner": jobs.JobPermissionLevel.IS_OWNER,
        "member": jobs.JobPermissionLevel.CAN_MANAGE_RUN,
        "outsider": jobs.JobPermissionLevel.CAN_VIEW,
    }
    # The generic Permissions API client reads the same object.
    generic = sdk.permissions.get("jobs", str(job_id))
    assert generic.object_type == "job"
    assert any(e.user_name == "member" for e in generic.access_control_list)
    assert isinstance(generic.access_control_list[0], iam.AccessControlResponse)


def test_the_sdk_sees_permission_denied_and_not_found(sdk, sdk_for, outsider):
    job_id = sdk.jobs.create(name="private", tasks=[notebook_task("a")]).job_id
    stranger = sdk_for(outsider)
    with pytest.raises(PermissionDenied):
        stranger.jobs.get(job_id)
    assert list(stranger.jobs.list()) == []
    with pytest.raises(NotFound):
        sdk.jobs.get_permissions("987654")
