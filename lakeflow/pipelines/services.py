"""Pipeline operations: create, edit, delete, start an update, stop. Called by the API and the
pipeline_task executor; the spec arrives checked by lakeflow/pipelines/api/spec.py.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction

from lakeflow.api.errors import already_exists, conflict, denied, not_found
from lakeflow.pipelines.models import UPDATE_ACTIVE, Pipeline, PipelineState, PipelineUpdate, UpdateState

# Updates this process runs, by id: the event that stops them (stop_pipeline).
_running: dict[str, threading.Event] = {}
_running_lock = threading.Lock()


def get_pipeline(pipeline_id: str) -> Pipeline:
    pipeline = Pipeline.objects.filter(id=pipeline_id).exclude(state=PipelineState.DELETED).first()
    if pipeline is None:
        raise not_found(f"Pipeline {pipeline_id} does not exist.")
    return pipeline


def can_manage(user, pipeline: Pipeline) -> bool:
    return bool(user.is_staff or user.is_superuser or pipeline.creator_id == user.pk)


def _require_manage(user, pipeline: Pipeline) -> None:
    if not can_manage(user, pipeline):
        raise denied(f"Only an admin or its creator can change pipeline {pipeline.id}.")


@transaction.atomic
def create_pipeline(*, user, spec: dict[str, Any], allow_duplicate_names: bool = False) -> Pipeline:
    name = spec.get("name") or "Untitled pipeline"
    if (
        not allow_duplicate_names
        and Pipeline.objects.filter(name=name).exclude(state=PipelineState.DELETED).exists()
    ):
        raise already_exists(f"A pipeline named {name!r} already exists.")
    return Pipeline.objects.create(name=name, spec={**spec, "name": name}, creator=user)


@transaction.atomic
def edit_pipeline(
    *, user, pipeline_id: str, spec: dict[str, Any], allow_duplicate_names: bool = False
) -> Pipeline:
    pipeline = get_pipeline(pipeline_id)
    _require_manage(user, pipeline)
    name = spec.get("name") or pipeline.name
    duplicate = (
        Pipeline.objects.filter(name=name).exclude(id=pipeline.id).exclude(state=PipelineState.DELETED)
    )
    if not allow_duplicate_names and duplicate.exists():
        raise already_exists(f"A pipeline named {name!r} already exists.")
    pipeline.name = name
    pipeline.spec = {**spec, "name": name}
    pipeline.save()
    return pipeline


@transaction.atomic
def delete_pipeline(*, user, pipeline_id: str) -> None:
    """Delete the pipeline and its history; the datasets stay in the warehouse."""
    pipeline = get_pipeline(pipeline_id)
    _require_manage(user, pipeline)
    if pipeline.updates.filter(state__in=UPDATE_ACTIVE).exists():
        raise conflict(f"Pipeline {pipeline_id} has an update running; stop it first.")
    pipeline.delete()


def start_update(
    *, user, pipeline_id: str, full_refresh: bool = False, cause: str = "API_CALL", run_in_thread: bool = True
) -> PipelineUpdate:
    """Create a QUEUED update; with run_in_thread, run it on a thread after commit (the API), else
    the caller runs it (lakeflow.pipelines.engine.run_update — the pipeline_task executor)."""
    with transaction.atomic():
        pipeline = Pipeline.objects.select_for_update().filter(id=pipeline_id).first()
        if pipeline is None or pipeline.state == PipelineState.DELETED:
            raise not_found(f"Pipeline {pipeline_id} does not exist.")
        if user is not None and not can_manage(user, pipeline):
            raise denied(f"Only an admin or its creator can start pipeline {pipeline_id}.")
        if pipeline.updates.filter(state__in=UPDATE_ACTIVE).exists():
            raise conflict(f"Pipeline {pipeline_id} already has an active update.")
        update = PipelineUpdate.objects.create(pipeline=pipeline, full_refresh=full_refresh, cause=cause)
        stop = register(update.id)
        if run_in_thread:
            thread = threading.Thread(
                target=_run, args=(update.id, stop), name=f"pipeline-{update.id}", daemon=True
            )
            transaction.on_commit(thread.start)
    return update


def register(update_id: str) -> threading.Event:
    with _running_lock:
        return _running.setdefault(update_id, threading.Event())


def _run(update_id: str, stop: threading.Event) -> None:
    from django.db import close_old_connections, connection

    from lakeflow.pipelines.engine import run_update

    close_old_connections()
    try:
        run_update(update_id, cancel=stop)
    finally:
        forget(update_id)
        connection.close()


def forget(update_id: str) -> None:
    with _running_lock:
        _running.pop(update_id, None)


def stop_pipeline(*, user, pipeline_id: str) -> None:
    """Stop the active update: interrupt it when this process runs it; mark it CANCELED if it has
    not started (or runs elsewhere: its runner sees the state and stops between datasets)."""
    pipeline = get_pipeline(pipeline_id)
    _require_manage(user, pipeline)
    for update in pipeline.updates.filter(state__in=UPDATE_ACTIVE):
        with _running_lock:
            stop = _running.get(update.id)
        if stop is not None:
            stop.set()
        PipelineUpdate.objects.filter(id=update.id, state=UpdateState.QUEUED).update(
            state=UpdateState.CANCELED
        )
