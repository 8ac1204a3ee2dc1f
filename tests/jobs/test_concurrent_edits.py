"""Concurrent edits of one job serialize on the job row: consecutive versions, none lost.

Runs on the configured database (SQLite IMMEDIATE transactions, or PostgreSQL's
select_for_update when DATABASE_URL points at it).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from jobs import services
from jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_updates_write_consecutive_versions_and_keep_every_task(owner):
    job = services.create_job(user=owner, settings={"name": "shared"})
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def edit(i: int) -> None:
        try:
            start.wait()
            task = {"task_key": f"t{i}", "notebook_task": {"notebook_path": f"/Workspace/{i}"}}
            services.update_job(user=owner, job=Job.objects.get(pk=job.pk), new_settings={"tasks": [task]})
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert list(job.versions.order_by("version").values_list("version", flat=True)) == [1, 2, 3, 4, 5]
    # Each update merged into the settings the previous one wrote: no task was lost.
    latest = job.versions.order_by("-version").first().settings
    assert sorted(t["task_key"] for t in latest["tasks"]) == ["t0", "t1", "t2", "t3"]
