"""Running a pipeline update: read the sources, build each dataset in order, log what happened.

``run_update(update_id, cancel=..., deadline=...)`` runs in the calling thread (an API-started
update's thread, or the pipeline_task executor's). It runs only SQL on the warehouse's engine —
no user Python — so it needs no child process; a stop or a deadline interrupts the running
statement through the engine (a watchdog thread).

Per dataset (``_build``):
1. Stage the rows of this update in a temporary table. A streaming table reads only source rows
   it has not seen: every ``STREAM(source)`` read is filtered against the row hashes recorded in
   ``<schema>.__lakeflow_seen`` (per dataset and source), so appended rows are processed once;
   ``full_refresh`` (or the first update) forgets them and rebuilds the table.
2. Count each expectation's passed/failed rows (a NULL condition fails, as a false one does);
   a violated FAIL UPDATE expectation stops the update naming it; DROP ROW ones filter the rows.
3. Write: materialized view -> replaced table; streaming table -> rows appended; temporary view ->
   a temporary table visible to later datasets of the same update only. Each write and its seen
   hashes commit together.
"""

# The SQL composed here is the pipeline author's own (definitions, conditions) plus quoted
# identifiers; values (dataset names, hashes) are bound. Hence no S608 per line.
# ruff: noqa: S608

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from compute import warehouse_engines as engines
from lakeflow import liveness
from lakeflow.pipelines.definitions import (
    DROP,
    FAIL,
    STREAM_PLACEHOLDER,
    STREAMING_TABLE,
    TEMPORARY_VIEW,
    Dataset,
    DefinitionError,
    parse_sources,
)
from lakeflow.pipelines.models import (
    UPDATE_ACTIVE,
    Pipeline,
    PipelineEvent,
    PipelineState,
    PipelineUpdate,
    UpdateState,
)

SEEN_TABLE = "__lakeflow_seen"
STAGE_TABLE = "__lakeflow_stage"
WAREHOUSE_SETTING = "lakeflow.warehouse_id"  # in the pipeline's configuration
_ROW_HASH = {"duckdb": "md5(CAST(__s AS VARCHAR))", "postgres": "md5(CAST(__s AS TEXT))"}
q = engines.quote_ident


class UpdateFailed(Exception):
    """The update cannot go on; the message is what the user sees."""


class Stopped(Exception):
    pass


@dataclass
class Built:
    rows: int  # rows written by this update
    dropped: int
    expectations: list[dict[str, Any]]


def log_event(
    pipeline: Pipeline,
    update: PipelineUpdate | None,
    event_type: str,
    message: str,
    *,
    level: str = "INFO",
    dataset: str = "",
    details: dict | None = None,
) -> None:
    PipelineEvent.objects.create(
        pipeline=pipeline,
        update=update,
        event_type=event_type,
        level=level,
        message=message,
        dataset_name=dataset,
        details=details or {},
    )


def read_sources(pipeline: Pipeline) -> list[tuple[str, str]]:
    """(workspace path, SQL text) for each library: SQL files and SQL source notebooks."""
    from lakeflow.workspace import paths

    sources = []
    for index, library in enumerate(pipeline.spec.get("libraries") or []):
        if "file" in library:
            path = library["file"].get("path", "")
            file = paths.resolve(path)
        elif "notebook" in library:
            path = library["notebook"].get("path", "")
            file = paths.notebook_file(path)
        elif "glob" in library:
            sources.extend(_globbed(str(library["glob"].get("include", ""))))
            continue
        else:
            raise UpdateFailed(
                f"libraries[{index}]: only file, notebook and glob libraries hold pipeline SQL."
            )
        if not file.is_file():
            raise UpdateFailed(f"libraries[{index}]: {path} does not exist.")
        if file.suffix.lower() not in (".sql", ""):
            raise UpdateFailed(
                f"libraries[{index}]: {path} is not SQL; Lakeflow pipelines are defined in SQL."
            )
        sources.append((path, file.read_text(encoding="utf-8")))
    if not sources:
        raise UpdateFailed("The pipeline has no source: add libraries [{file: {path: '/.../x.sql'}}].")
    return sources


def _globbed(include: str) -> list[tuple[str, str]]:
    """The .sql files a glob names: ``/dir/**``, ``/dir/*.sql``, ``/dir/`` (everything below)."""
    from fnmatch import fnmatch

    from lakeflow.workspace import paths

    head = include.split("*", 1)[0]
    folder = paths.resolve(head.rsplit("/", 1)[0] or "/")
    pattern = include if "*" in include else include.rstrip("/") + "/*"
    found = []
    for file in sorted(folder.rglob("*.sql")):
        workspace_path = "/" + str(file.relative_to(paths.root()))
        if file.is_file() and (
            fnmatch(workspace_path, pattern) or fnmatch("/Workspace" + workspace_path, pattern)
        ):
            found.append((workspace_path, file.read_text(encoding="utf-8")))
    return found


def _schema(pipeline: Pipeline) -> str:
    return str(pipeline.spec.get("schema") or pipeline.spec.get("target") or "")


def _name(schema: str, name: str) -> str:
    return f"{q(schema)}.{q(name)}" if schema else q(name)


def _count(engine: engines.Engine, sql: str) -> int:
    return int(engine.execute(sql, []).rows[0][0])


def _exists(engine: engines.Engine, schema: str, name: str) -> bool:
    sql = "SELECT count(*) FROM information_schema.tables WHERE lower(table_name) = lower(?)"
    values: list[Any] = [name]
    if schema:
        sql += " AND lower(table_schema) = lower(?)"
        values.append(schema)
    if engine.dialect == "postgres":
        sql = sql.replace("?", "%s")
    return int(engine.execute(sql, values).rows[0][0]) > 0


def _param(engine: engines.Engine) -> str:
    return "?" if engine.dialect == "duckdb" else "%s"


def _stage_streams(engine: engines.Engine, dataset: Dataset, schema: str, incremental: bool) -> str:
    """Stage each streaming source's unseen rows; return the query reading them."""
    query = dataset.query
    seen = _name(schema, SEEN_TABLE)
    row_hash = _ROW_HASH[engine.dialect]
    for index, inner in enumerate(dataset.streams):
        table, rows = f"__lakeflow_new_{index}", f"__lakeflow_rows_{index}"
        engine.execute(f"DROP VIEW IF EXISTS {rows}", [])
        engine.execute(f"DROP TABLE IF EXISTS {table}", [])
        unseen = ""
        values: list[Any] = []
        if incremental:
            p = _param(engine)
            unseen = f" WHERE {row_hash} NOT IN (SELECT h FROM {seen} WHERE dataset = {p} AND source = {p})"
            values = [dataset.name.lower(), index]
        engine.execute(
            f"CREATE TEMPORARY TABLE {table} AS "
            f"SELECT __s.*, {row_hash} AS __lakeflow_h FROM {inner} AS __s{unseen}",
            values,
        )
        columns = [c.name for c in engine.execute(f"SELECT * FROM {table} LIMIT 0", []).columns]
        listed = ", ".join(q(c) for c in columns if c != "__lakeflow_h")
        # A view without the hash column, named so the query can alias it as it aliased the source.
        engine.execute(f"CREATE TEMPORARY VIEW {rows} AS SELECT {listed} FROM {table}", [])
        query = query.replace(STREAM_PLACEHOLDER.format(index), rows)
    return query


def _build(engine: engines.Engine, dataset: Dataset, schema: str, full_refresh: bool) -> Built:
    target = _name(schema, dataset.name)
    streaming = dataset.kind == STREAMING_TABLE
    incremental = streaming and not full_refresh and _exists(engine, schema, dataset.name)
    # 1. This update's rows.
    query = _stage_streams(engine, dataset, schema, incremental) if streaming else dataset.plain_query()
    engine.execute(f"DROP TABLE IF EXISTS {STAGE_TABLE}", [])
    # Newlines before closing parentheses: the author's SQL may end in a -- comment.
    engine.execute(f"CREATE TEMPORARY TABLE {STAGE_TABLE} AS SELECT * FROM ({query}\n) AS __q", [])
    total = _count(engine, f"SELECT count(*) FROM {STAGE_TABLE}")
    # 2. Expectations.
    results = []
    for expectation in dataset.expectations:
        failed = _count(
            engine,
            f"SELECT count(*) FROM {STAGE_TABLE} WHERE NOT COALESCE(({expectation.condition}\n), FALSE)",
        )
        results.append(
            {
                "name": expectation.name,
                "dataset": dataset.name,
                "action": expectation.action,
                "passed_records": total - failed,
                "failed_records": failed,
            }
        )
        if expectation.action == FAIL and failed:
            raise UpdateFailed(
                f"Expectation {expectation.name} failed on dataset {dataset.name} "
                f"(ON VIOLATION FAIL UPDATE): {failed} of {total} rows violate ({expectation.condition})."
            )
    keep = " AND ".join(
        f"COALESCE(({e.condition}\n), FALSE)" for e in dataset.expectations if e.action == DROP
    )
    rows = f"SELECT * FROM {STAGE_TABLE}" + (f" WHERE {keep}" if keep else "")
    written = _count(engine, f"SELECT count(*) FROM ({rows}) AS __k")
    # 3. Write (one transaction with the seen hashes).
    engine.execute("BEGIN", [])
    try:
        if dataset.kind == TEMPORARY_VIEW:
            engine.execute(f"DROP TABLE IF EXISTS {q(dataset.name)}", [])
            engine.execute(f"CREATE TEMPORARY TABLE {q(dataset.name)} AS {rows}", [])
        elif incremental:
            engine.execute(f"INSERT INTO {target} {rows}", [])
        else:
            engine.execute(f"DROP TABLE IF EXISTS {target}", [])
            engine.execute(f"CREATE TABLE {target} AS {rows}", [])
        if streaming:
            _remember(engine, dataset, schema, reset=not incremental)
        engine.execute("COMMIT", [])
    except BaseException:
        engine.execute("ROLLBACK", [])
        raise
    return Built(rows=written, dropped=total - written, expectations=results)


def _remember(engine: engines.Engine, dataset: Dataset, schema: str, *, reset: bool) -> None:
    seen = _name(schema, SEEN_TABLE)
    p = _param(engine)
    engine.execute(
        f"CREATE TABLE IF NOT EXISTS {seen} (dataset VARCHAR(255), source INTEGER, h VARCHAR(64))", []
    )
    if reset:
        engine.execute(f"DELETE FROM {seen} WHERE dataset = {p}", [dataset.name.lower()])
    for index in range(len(dataset.streams)):
        engine.execute(
            f"INSERT INTO {seen} SELECT DISTINCT {p}, {p}, __lakeflow_h FROM __lakeflow_new_{index}",
            [dataset.name.lower(), index],
        )


def _watchdog(
    engine_box: dict, cancel: threading.Event, deadline: float | None, done: threading.Event
) -> None:
    """Interrupt the running statement when the update is stopped or runs past its deadline."""
    while not done.is_set():
        if cancel.is_set() or (deadline is not None and time.monotonic() > deadline):
            engine_box["stopped"] = "timeout" if not cancel.is_set() else "cancel"
            if engine_box.get("engine") is not None:
                engine_box["engine"].interrupt()
            return
        done.wait(0.1)


def run_update(
    update_id: str, *, cancel: threading.Event | None = None, deadline: float | None = None
) -> PipelineUpdate:
    """Run a QUEUED update to its end; returns the row in its final state. The row heartbeats
    meanwhile, so should this process die, the reconciler fails it (``fail_orphans``)."""
    cancel = cancel or threading.Event()
    with liveness.held(PipelineUpdate, update_id, interrupt=cancel.set):
        return _run_update(update_id, cancel=cancel, deadline=deadline)


def fail_orphans() -> int:
    """Fail the active updates whose process stopped heartbeating (it died mid-update)."""
    orphans = liveness.stale(PipelineUpdate, UPDATE_ACTIVE).select_related("pipeline")
    for update in orphans:
        _finish(
            update,
            UpdateState.FAILED,
            update.datasets or {},
            "The process running this update ended before it finished (its heartbeat stopped).",
        )
    return len(orphans)


def _run_update(update_id: str, *, cancel: threading.Event, deadline: float | None) -> PipelineUpdate:
    from compute.warehouses import get_warehouse

    if not PipelineUpdate.objects.filter(id=update_id, state=UpdateState.QUEUED).update(
        state=UpdateState.INITIALIZING, started_at=timezone.now()
    ):
        return PipelineUpdate.objects.get(id=update_id)  # stopped before it started, or already run
    update = PipelineUpdate.objects.select_related("pipeline").get(id=update_id)
    pipeline = update.pipeline
    Pipeline.objects.filter(id=pipeline.id).update(state=PipelineState.RUNNING)
    log_event(
        pipeline,
        update,
        "create_update",
        f"Update {update.id[:6]} started by {update.cause}.",
        details={"create_update": {"cause": update.cause, "full_refresh": update.full_refresh}},
    )
    box: dict[str, Any] = {}
    done = threading.Event()
    threading.Thread(target=_watchdog, args=(box, cancel, deadline, done), daemon=True).start()
    summary: dict[str, Any] = {}
    try:
        datasets = parse_sources(read_sources(pipeline))
        _set_state(update, UpdateState.SETTING_UP_TABLES)
        warehouse = get_warehouse(
            str((pipeline.spec.get("configuration") or {}).get(WAREHOUSE_SETTING, "default"))
        )
        engine = engines.open_engine(warehouse.target())
        box["engine"] = engine
        try:
            schema = _schema(pipeline)
            if schema:
                engines.use_schema(engine, schema, create=True)
            _set_state(update, UpdateState.RUNNING)
            for dataset in datasets:
                if box.get("stopped"):
                    raise Stopped
                built = _build_logged(engine, pipeline, update, dataset, schema, box)
                summary[dataset.name] = {
                    "kind": dataset.kind,
                    "rows": built.rows,
                    "dropped": built.dropped,
                    "expectations": built.expectations,
                }
        finally:
            box["engine"] = None
            engine.close()
        return _finish(update, UpdateState.COMPLETED, summary, "")
    except Stopped:
        return _finish(update, UpdateState.CANCELED, summary, _stop_reason(box))
    except (UpdateFailed, DefinitionError, engines.SqlError) as error:
        message = getattr(error, "message", None) or str(error)
        if box.get("stopped"):
            return _finish(update, UpdateState.CANCELED, summary, _stop_reason(box))
        return _finish(update, UpdateState.FAILED, summary, message)
    except Exception as error:  # an ApiError from the workspace (bad path) or our own bug
        return _finish(update, UpdateState.FAILED, summary, getattr(error, "message", None) or repr(error))
    finally:
        done.set()


def _stop_reason(box: dict) -> str:
    return "The update timed out." if box.get("stopped") == "timeout" else "The update was stopped."


def _build_logged(engine, pipeline, update, dataset: Dataset, schema: str, box: dict) -> Built:
    started = time.monotonic()
    try:
        built = _build(engine, dataset, schema, update.full_refresh)
    except (UpdateFailed, engines.SqlError) as error:
        if box.get("stopped"):
            raise Stopped from None
        message = getattr(error, "message", None) or str(error)
        if isinstance(error, engines.SqlError):
            message = f"Dataset {dataset.name} ({dataset.source}): {message}"
            error = UpdateFailed(message)
        log_event(
            pipeline,
            update,
            "flow_progress",
            message,
            level="ERROR",
            dataset=dataset.name,
            details={"flow_progress": {"status": "FAILED"}},
        )
        raise error from None
    details = {
        "flow_progress": {
            "status": "COMPLETED",
            "metrics": {"num_output_rows": built.rows},
            "data_quality": {"dropped_records": built.dropped, "expectations": built.expectations},
        }
    }
    warned = [
        e["name"] for e in built.expectations if e["failed_records"] and e["action"] not in (DROP, FAIL)
    ]
    took = time.monotonic() - started
    message = f"Dataset {dataset.name} ({dataset.kind}) wrote {built.rows} rows in {took:.2f}s"
    if built.dropped:
        message += f", dropped {built.dropped}"
    if warned:
        message += f"; expectations with failing rows (kept): {', '.join(warned)}"
    log_event(
        pipeline,
        update,
        "flow_progress",
        message + ".",
        level="WARN" if warned else "INFO",
        dataset=dataset.name,
        details=details,
    )
    return built


def _set_state(update: PipelineUpdate, state: str) -> None:
    PipelineUpdate.objects.filter(
        id=update.id, state__in=[s for s in UpdateState if s != UpdateState.CANCELED]
    ).update(state=state)


def _finish(update: PipelineUpdate, state: str, summary: dict, error: str) -> PipelineUpdate:
    PipelineUpdate.objects.filter(id=update.id).update(
        state=state, finished_at=timezone.now(), error=error, datasets=summary
    )
    Pipeline.objects.filter(id=update.pipeline_id).update(state=PipelineState.IDLE)
    level = "INFO" if state == UpdateState.COMPLETED else "ERROR"
    message = f"Update {update.id[:6]} is {state}." + (f" {error}" if error else "")
    log_event(
        update.pipeline,
        update,
        "update_progress",
        message,
        level=level,
        details={"update_progress": {"state": state}},
    )
    update.refresh_from_db()
    return update
