"""Event triggers observe what they watch (directory walks, table hashes) before taking the
trigger state's lock, so slow I/O never holds a database transaction open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from jobs.schedules.models import TriggerState
from jobs.schedules.services import check_triggers
from jobs.schedules.triggers import file_arrival, table_update
from tests.jobs.trigger_helpers import create
from tests.jobs.trigger_helpers import warehouse_sql as sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def watched(tmp_path):
    """kind -> (trigger settings, the function doing the slow I/O, a change it notices)."""
    sql("CREATE TABLE sales (id INT)")
    return {
        "file_arrival": (
            {"file_arrival": {"url": str(tmp_path)}},
            (file_arrival, "snapshot"),
            lambda: (tmp_path / "a.csv").write_text("a"),
        ),
        "table_update": (
            {"table_update": {"table_names": ["sales"]}},
            (table_update, "signatures"),
            lambda: sql("INSERT INTO sales VALUES (1)"),
        ),
    }


@pytest.mark.parametrize("kind", ["file_arrival", "table_update"])
def test_the_slow_observation_runs_outside_any_transaction(owner, watched, monkeypatch, kind):
    trigger, (module, name), change = watched[kind]
    job = create(owner, "/Workspace/x.py", trigger=trigger)
    outer = len(connection.atomic_blocks)  # the test's own transaction
    depths = []
    real = getattr(module, name)

    def observing(*args):
        depths.append(len(connection.atomic_blocks) - outer)
        return real(*args)

    monkeypatch.setattr(module, name, observing)
    check_triggers(job_id=job.pk)
    change()
    assert len(check_triggers(job_id=job.pk)) == 1
    assert depths == [0, 0]


@pytest.mark.parametrize("kind", ["file_arrival", "table_update"])
def test_an_observation_older_than_the_saved_one_is_dropped(owner, watched, kind):
    trigger, _, change = watched[kind]
    job = create(owner, "/Workspace/x.py", trigger=trigger)
    check_triggers(job_id=job.pk)
    TriggerState.objects.filter(job=job).update(observed_at=timezone.now() + timedelta(minutes=1))
    change()
    assert check_triggers(job_id=job.pk) == []
    TriggerState.objects.filter(job=job).update(observed_at=timezone.now() - timedelta(minutes=1))
    assert len(check_triggers(job_id=job.pk)) == 1
