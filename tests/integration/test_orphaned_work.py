"""SQL statements and pipeline updates run on threads of whichever process started them; the row
heartbeats while that process works on it. The reconciler fails an active row whose heartbeat
stopped (its process died) and leaves alone one a live process still holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from compute.models.warehouses import Statement
from compute.warehouses import ensure_default_warehouse
from lakeflow import liveness
from lakeflow.pipelines.models import Pipeline, PipelineUpdate
from runs.reconciler import reconcile_once

pytestmark = pytest.mark.django_db(transaction=True)


def statement(owner) -> Statement:
    return Statement.objects.create(warehouse=ensure_default_warehouse(), user=owner, statement="SELECT 1")


def update(owner) -> PipelineUpdate:
    return PipelineUpdate.objects.create(pipeline=Pipeline.objects.create(name="p", creator=owner))


@pytest.mark.parametrize("make", [statement, update], ids=["statement", "pipeline-update"])
def test_the_reconciler_fails_rows_whose_process_died_and_keeps_held_ones(owner, settings, make):
    settings.LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS = 30
    long_ago = timezone.now() - timedelta(minutes=5)
    orphan, alive = make(owner), make(owner)
    type(orphan).objects.filter(pk__in=[orphan.pk, alive.pk]).update(state="RUNNING", heartbeat_at=long_ago)
    with liveness.held(type(alive), alive.pk):
        assert liveness.beat_once() == 1  # what this process's heartbeat thread does every few seconds
        assert reconcile_once()["orphans_failed"] == 1
    orphan.refresh_from_db()
    alive.refresh_from_db()
    assert orphan.state == "FAILED" and "ended before it finished" in (
        getattr(orphan, "error_message", "") or getattr(orphan, "error", "")
    )
    assert orphan.finished_at is not None
    assert alive.state == "RUNNING"
