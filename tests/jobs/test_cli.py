from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection

from jobs import services
from jobs.models import Job
from tests.jobs.test_services import FULL_SETTINGS

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("jobs", *args, stdout=out)
    return out.getvalue()


def test_export_then_deploy_recreates_the_same_job(owner, admin_user, tmp_path):
    job = services.create_job(user=owner, settings=FULL_SETTINGS)
    exported = run("export", str(job.pk))
    original = services.job_settings(job)
    assert yaml.safe_load(exported) == original
    path = tmp_path / "etl.yaml"
    path.write_text(exported)
    job.delete()

    output = run("deploy", str(path))
    assert "created job" in output
    deployed = Job.objects.get()
    assert deployed.owner == admin_user  # the first superuser by default
    assert services.job_settings(deployed) == original


def test_deploy_updates_a_job_of_the_same_name(owner, tmp_path):
    job = services.create_job(user=owner, settings={"name": "nightly", "tags": {"a": "1"}})
    path = tmp_path / "nightly.json"
    path.write_text(json.dumps({"name": "nightly", "max_concurrent_runs": 4}))
    assert f"updated job {job.pk}" in run("deploy", str(path), "--user", "owner")
    settings = services.job_settings(Job.objects.get())
    assert settings["max_concurrent_runs"] == 4 and "tags" not in settings
    assert job.versions.first().change == "reset"


def test_deploy_reads_several_jobs_from_one_yaml_file(owner, tmp_path):
    path = tmp_path / "jobs.yaml"
    path.write_text("name: one\n---\nname: two\n")
    run("deploy", str(path), "--user", "owner")
    assert sorted(Job.objects.values_list("name", flat=True)) == ["one", "two"]


def test_a_bad_file_deploys_nothing(owner, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("name: good\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.safe_dump(
            {
                "name": "bad",
                "tasks": [
                    {
                        "task_key": "a",
                        "notebook_task": {"notebook_path": "/x"},
                        "depends_on": [{"task_key": "zz"}],
                    }
                ],
            }
        )
    )
    with pytest.raises(
        CommandError,
        match=r'bad\.yaml: INVALID_PARAMETER_VALUE: Task "a": depends_on names unknown task "zz"',
    ):
        run("deploy", str(good), str(bad), "--user", "owner")
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("name: [unclosed", "not valid YAML"),
        ("- 1\n- 2\n", "must be a mapping with a name"),
        ("tags: {}\n", "with a name"),
    ],
)
def test_deploy_refuses_unreadable_files(owner, tmp_path, content, fragment):
    path = tmp_path / "x.yaml"
    path.write_text(content)
    with pytest.raises(CommandError, match=fragment):
        run("deploy", str(path), "--user", "owner")


def test_deploy_needs_a_known_user(tmp_path, db):
    path = tmp_path / "x.yaml"
    path.write_text("name: x\n")
    with pytest.raises(CommandError, match="No superuser exists"):
        run("deploy", str(path))
    with pytest.raises(CommandError, match="No user 'ghost'"):
        run("deploy", str(path), "--user", "ghost")


def test_export_of_an_unknown_job_fails(db):
    with pytest.raises(CommandError, match="Job 5 does not exist"):
        run("export", "5")


def test_export_as_json(owner):
    job = services.create_job(user=owner, settings={"name": "j"})
    assert json.loads(run("export", str(job.pk), "--format", "json"))["name"] == "j"


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_lakeflow_console_script_runs_jobs_export(owner, settings):
    job = services.create_job(user=owner, settings={"name": "via cli"})
    # The child process opens the same test database (SQLite file or PostgreSQL database).
    env = {**os.environ, "DATABASE_URL": database_url(), "LAKEFLOW_HOME": str(settings.LAKEFLOW_HOME)}
    result = subprocess.run(
        [sys.executable, "-m", "lakeflow.cli", "jobs", "export", str(job.pk)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout)["name"] == "via cli"


def test_export_puts_the_name_first_and_the_tasks_last(owner):
    job = services.create_job(user=owner, settings=FULL_SETTINGS)
    keys = list(yaml.safe_load(run("export", str(job.pk))))
    assert keys[0] == "name" and keys[-1] == "tasks"
