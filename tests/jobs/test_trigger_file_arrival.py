"""trigger.file_arrival: a dropped file starts a real run that sees which files arrived."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.schedules.services import check_triggers
from runs.models import JobRun
from tests.jobs import trigger_helpers
from tests.jobs.trigger_helpers import ECHO, create, log_of, wait_for

engine, script = trigger_helpers.engine, trigger_helpers.script  # the real-worker fixtures


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "already-there.csv").write_text("old")
    return folder


def arrival(inbox, **timing) -> dict:
    return {"file_arrival": {"url": str(inbox), **timing}}


def test_a_new_file_starts_a_run_that_reads_the_location_and_the_files(engine, script, owner, inbox):
    path = script("echo.py", ECHO)
    job = create(
        owner,
        path,
        "{{job.trigger.file_arrival.location}}",
        "{{job.trigger.file_arrival.files}}",
        trigger=arrival(inbox),
    )
    assert check_triggers(job_id=job.pk) == []  # the baseline: files already there start nothing

    (inbox / "sub").mkdir()
    (inbox / "sub" / "b.csv").write_text("b")
    (inbox / "a.csv").write_text("a")
    (inbox / ".a.csv.tmp").write_text("still being written")
    [run] = check_triggers(job_id=job.pk)

    run = wait_for(run)
    assert run.trigger == "FILE_ARRIVAL"
    assert run.state == "SUCCESS"
    assert f"ARGS ['{inbox}', '[\"a.csv\", \"sub/b.csv\"]']" in log_of(run)
    assert check_triggers(job_id=job.pk) == []  # each file starts one run


@pytest.mark.django_db
def test_it_waits_for_quiet_after_the_last_change(owner, inbox):
    job = create(owner, "/Workspace/x.py", trigger=arrival(inbox, wait_after_last_change_seconds=60))
    start = timezone.now()
    check_triggers(job_id=job.pk, now=start)
    (inbox / "a.csv").write_text("a")
    assert check_triggers(job_id=job.pk, now=start + timedelta(seconds=1)) == []
    (inbox / "b.csv").write_text("b")  # another change restarts the wait
    assert check_triggers(job_id=job.pk, now=start + timedelta(seconds=50)) == []
    assert check_triggers(job_id=job.pk, now=start + timedelta(seconds=100)) == []
    [run] = check_triggers(job_id=job.pk, now=start + timedelta(seconds=111))
    assert run.trigger_info["file_arrival"]["files"] == ["a.csv", "b.csv"]


@pytest.mark.django_db
def test_it_keeps_the_minimum_time_between_runs(owner, inbox):
    job = create(owner, "/Workspace/x.py", trigger=arrival(inbox, min_time_between_triggers_seconds=300))
    start = timezone.now()
    check_triggers(job_id=job.pk, now=start)
    (inbox / "a.csv").write_text("a")
    assert len(check_triggers(job_id=job.pk, now=start + timedelta(seconds=1))) == 1
    (inbox / "b.csv").write_text("b")
    assert check_triggers(job_id=job.pk, now=start + timedelta(seconds=60)) == []
    [run] = check_triggers(job_id=job.pk, now=start + timedelta(seconds=302))
    assert run.trigger_info["file_arrival"]["files"] == ["b.csv"]


@pytest.mark.django_db
def test_a_paused_trigger_starts_nothing(owner, inbox):
    job = create(owner, "/Workspace/x.py", trigger={**arrival(inbox), "pause_status": "PAUSED"})
    check_triggers(job_id=job.pk)
    (inbox / "a.csv").write_text("a")
    assert check_triggers(job_id=job.pk) == []
    assert not JobRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("s3://bucket/in", "is a cloud or remote URL (s3:); cloud URLs are not supported yet"),
        ("abfss://c@acct.dfs.core.windows.net/in", "cloud URLs are not supported yet"),
        ("dbfs:/mnt/in", "cloud URLs are not supported yet"),
        ("in/landing", "must be an absolute path or a file:// URL; got the relative path 'in/landing'"),
        ("/", "must name a directory below the file system root"),
        ("file://", "must be file:///absolute/path"),
        ("file://host/in", "must be file:///absolute/path (a file URL without a host)"),
        ("/Workspace/../etc", "must not contain '.' or '..' components"),
    ],
)
def test_the_api_refuses_a_url_that_is_no_local_directory(api, url, message):
    body = {"name": "t", "tasks": [trigger_helpers.task("/x.py")], "trigger": arrival(url)}
    response = api.post("/api/2.2/jobs/create", body, format="json")
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert response.json()["message"].startswith("trigger.file_arrival.url ")
    assert message in response.json()["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/data/in", "file:///data/in", "file:///data/my%20in", "/Workspace/landing"])
def test_the_api_accepts_local_directories_and_returns_them_as_given(api, url):
    body = {"name": "t", "tasks": [trigger_helpers.task("/x.py")], "trigger": arrival(url)}
    response = api.post("/api/2.2/jobs/create", body, format="json")
    assert response.status_code == 200, response.json()
    got = api.get("/api/2.2/jobs/get", {"job_id": response.json()["job_id"]}).json()["settings"]
    assert got["trigger"]["file_arrival"]["url"] == url


@pytest.mark.django_db
def test_a_workspace_folder_is_watched_under_the_workspace_root(owner):
    from lakeflow.workspace import paths

    job = create(owner, "/Workspace/x.py", trigger=arrival("/Workspace/landing"))
    check_triggers(job_id=job.pk)
    folder = paths.resolve("/Workspace/landing")
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text("a")
    [run] = check_triggers(job_id=job.pk)
    assert run.trigger_info["file_arrival"] == {"location": "/Workspace/landing", "files": ["a.csv"]}
