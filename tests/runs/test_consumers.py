"""Websocket consumers through the full ASGI stack (origin check, session/Bearer auth, routing):
who may connect, what the first message holds, and that events of committed changes arrive."""

from __future__ import annotations

import asyncio
import json
from contextlib import ExitStack
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from jobs.choices import PermissionLevel
from jobs.models import JobPermission
from lakeflow.asgi import application
from lakeflow.consumers import CLOSE_DENIED, CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED
from runs import services
from runs.api import wire
from runs.choices import TaskRunState
from runs.models import TaskRun
from tests.conftest import token_for
from tests.runs.conftest import python_task
from tests.servers import use_redis_layer, web_processes

ORIGIN = (b"origin", b"http://testserver")


def bearer(user) -> list[tuple[bytes, bytes]]:
    return [ORIGIN, (b"authorization", f"Bearer {token_for(user)}".encode())]


def session(user) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(user)
    return [ORIGIN, (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())]


def run_async(coroutine_function):
    return async_to_sync(coroutine_function)()


@pytest.fixture
def job(make_job, script):
    return make_job([python_task("a", script("a.py", "print('a')"))])


@pytest.fixture
def run(job, owner):
    return services.run_now(job=job, user=owner)


async def connect(path: str, headers) -> tuple[WebsocketCommunicator, bool, int | None]:
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, None if connected else code


async def next_of_type(communicator: WebsocketCommunicator, kind: str, timeout: float = 5.0) -> dict:
    """The next message of type ``kind`` (others are skipped)."""
    async with asyncio.timeout(timeout):
        while True:
            message = await communicator.receive_json_from(timeout)
            if message["type"] == kind:
                return message


def paths(run) -> list[str]:
    return [f"/ws/runs/{run.pk}/", f"/ws/jobs/{run.job_id}/"]


@pytest.mark.parametrize("which", [0, 1], ids=["run", "job"])
@pytest.mark.parametrize("headers", [bearer, session], ids=["bearer", "session"])
def test_the_owner_connects_with_a_token_or_the_session_cookie(transactional_db, run, owner, which, headers):
    sent = headers(owner)

    async def scenario():
        communicator, connected, code = await connect(paths(run)[which], sent)
        assert connected, code
        await communicator.disconnect()

    run_async(scenario)


@pytest.mark.parametrize("which", [0, 1], ids=["run", "job"])
def test_an_anonymous_socket_is_refused_with_4401(transactional_db, run, which):
    async def scenario():
        _, connected, code = await connect(paths(run)[which], [ORIGIN])
        assert (connected, code) == (False, CLOSE_UNAUTHENTICATED)

    run_async(scenario)


def test_a_bad_bearer_token_is_refused_like_anonymous(transactional_db, run):
    async def scenario():
        headers = [ORIGIN, (b"authorization", b"Bearer dapi-not-a-token")]
        _, connected, code = await connect(f"/ws/runs/{run.pk}/", headers)
        assert (connected, code) == (False, CLOSE_UNAUTHENTICATED)

    run_async(scenario)


@pytest.mark.parametrize("which", [0, 1], ids=["run", "job"])
def test_a_user_without_view_permission_is_refused_with_4403(transactional_db, run, outsider, which):
    sent = bearer(outsider)

    async def scenario():
        _, connected, code = await connect(paths(run)[which], sent)
        assert (connected, code) == (False, CLOSE_DENIED)

    run_async(scenario)


def test_a_can_view_grant_is_enough_to_watch_a_run(transactional_db, run, member):
    JobPermission.objects.create(job=run.job, user=member, level=PermissionLevel.CAN_VIEW)

    sent = bearer(member)

    async def scenario():
        communicator, connected, code = await connect(f"/ws/runs/{run.pk}/", sent)
        assert connected, code
        await communicator.disconnect()

    run_async(scenario)


@pytest.mark.parametrize(
    "path", ["/ws/runs/999999/", "/ws/jobs/999999/", f"/ws/task-runs/{wire.task_run_wire_id(999999)}/logs/"]
)
def test_an_unknown_object_is_refused_with_4404(transactional_db, owner, path):
    sent = bearer(owner)

    async def scenario():
        _, connected, code = await connect(path, sent)
        assert (connected, code) == (False, CLOSE_NOT_FOUND)

    run_async(scenario)


@pytest.mark.parametrize("origin", [b"http://evil.example", b"https://testserver.evil.example", None])
def test_a_foreign_or_missing_origin_is_refused_even_with_a_valid_token(transactional_db, run, owner, origin):
    headers = [(b"authorization", f"Bearer {token_for(owner)}".encode())]
    if origin is not None:
        headers.append((b"origin", origin))

    async def scenario():
        _, connected, _code = await connect(f"/ws/runs/{run.pk}/", headers)
        assert not connected

    run_async(scenario)


def test_the_run_socket_opens_with_the_runs_get_shape(transactional_db, run, owner, api):
    rest = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk, "include_history": "true"}).json()

    sent = bearer(owner)

    async def scenario():
        communicator, connected, code = await connect(f"/ws/runs/{run.pk}/", sent)
        assert connected, code
        snapshot = await communicator.receive_json_from(5)
        await communicator.disconnect()
        return snapshot

    snapshot = run_async(scenario)
    assert snapshot["type"] == "run.snapshot"
    ignore = {"run_duration"}  # a running run's elapsed time moves between the two reads
    assert {k: v for k, v in snapshot["run"].items() if k not in ignore} == {
        k: v for k, v in rest.items() if k not in ignore
    }


def test_a_cancel_committed_by_a_service_reaches_the_run_and_job_sockets(transactional_db, run, owner, api):
    sent = bearer(owner)

    async def until_canceled(socket: WebsocketCommunicator) -> list[dict]:
        seen: list[dict] = []
        async with asyncio.timeout(10):
            while not seen or (seen[-1]["type"], seen[-1].get("state")) != ("run.state", "CANCELED"):
                seen.append(await socket.receive_json_from(10))
        return seen

    async def scenario():
        run_socket, ok1, _ = await connect(f"/ws/runs/{run.pk}/", sent)
        job_socket, ok2, _ = await connect(f"/ws/jobs/{run.job_id}/", sent)
        assert ok1 and ok2
        await next_of_type(run_socket, "run.snapshot")
        await database_sync_to_async(services.cancel_run)(run=run, user=owner)
        seen = [await until_canceled(socket) for socket in (run_socket, job_socket)]
        await run_socket.disconnect()
        await job_socket.disconnect()
        return seen

    on_run, on_job = run_async(scenario)
    task = run.task_runs.get()
    # The run and the task as runs/get shows them, so the page needs no REST read to show a change.
    rest_run = api.get("/api/2.2/jobs/runs/get", {"run_id": run.pk}).json()
    [rest] = rest_run["tasks"]
    assert rest["state"]["result_state"] == rest_run["state"]["result_state"] == "CANCELED"
    task_event = {
        "type": "task_run.state",
        "run_id": run.pk,
        "task_run_id": wire.task_run_wire_id(task.pk),
        "task_key": "a",
        "state": "CANCELED",
        "wire_state": rest["state"],
        "status": rest["status"],
        **{field: rest[field] for field in ("attempt_number", "start_time", "end_time")},
    }
    assert task_event in on_run and task_event in on_job  # the job page's matrix fills in live
    ended = {
        "type": "run.state",
        "run_id": run.pk,
        "job_id": run.job_id,
        "state": "CANCELED",
        "wire_state": rest_run["state"],
        "status": rest_run["status"],
        "end_time": rest_run["end_time"],
    }
    assert on_run[-1] == on_job[-1] == ended


def test_the_log_socket_sends_the_log_so_far_then_new_text_then_the_end(
    transactional_db, run, owner, tmp_path
):
    task = run.task_runs.get()
    log = Path(tmp_path) / "attempt.log"
    log.write_text("line 1\n")
    TaskRun.objects.filter(pk=task.pk).update(log_path=str(log), state=TaskRunState.RUNNING)
    path = f"/ws/task-runs/{wire.task_run_wire_id(task.pk)}/logs/"

    sent = bearer(owner)

    async def scenario():
        communicator, connected, code = await connect(path, sent)
        assert connected, code
        first = await next_of_type(communicator, "log.append")
        with log.open("a") as f:
            f.write("line 2\n")
        second = await next_of_type(communicator, "log.append")
        await database_sync_to_async(TaskRun.objects.filter(pk=task.pk).update)(state=TaskRunState.SUCCESS)
        end = await next_of_type(communicator, "log.end")
        await communicator.disconnect()
        return first, second, end

    first, second, end = run_async(scenario)
    assert (first["text"], second["text"]) == ("line 1\n", "line 2\n")
    assert end["task_run_id"] == wire.task_run_wire_id(task.pk)


@pytest.mark.parametrize("level", [None, "job-run-id"])
def test_the_log_socket_refuses_outsiders_and_job_run_ids(transactional_db, run, owner, outsider, level):
    task = run.task_runs.get()
    user, path = (
        (outsider, f"/ws/task-runs/{wire.task_run_wire_id(task.pk)}/logs/")
        if level is None
        else (owner, f"/ws/task-runs/{run.pk}/logs/")
    )

    sent = bearer(user)

    async def scenario():
        _, connected, code = await connect(path, sent)
        assert (connected, code) == (False, CLOSE_DENIED if level is None else CLOSE_NOT_FOUND)

    run_async(scenario)


@pytest.mark.slow
def test_an_engine_event_reaches_sockets_on_either_of_two_asgi_servers_over_redis(
    engine, settings, redis_url, make_job, script, owner, lakeflow_home
):
    """Production shape: two `lakeflow web` processes share the Redis channel layer; the run
    executes on the worker (this process) and both servers' clients see it end."""
    from websockets.sync.client import connect as ws_connect

    layer_env = use_redis_layer(settings, redis_url)
    release = Path(lakeflow_home) / "release"
    wait = f"import pathlib, time\nwhile not pathlib.Path({str(release)!r}).exists():\n    time.sleep(0.05)\n"
    job = make_job([python_task("a", script("wait.py", wait))])
    token = token_for(owner)
    with web_processes(2, **layer_env) as urls, ExitStack() as stack:
        run = services.run_now(job=job, user=owner)
        sockets = []
        for url in urls:
            host = url.removeprefix("http://")
            headers = {"Authorization": f"Bearer {token}", "Origin": f"http://{host}"}
            url = f"ws://{host}/ws/runs/{run.pk}/"
            sockets.append(stack.enter_context(ws_connect(url, additional_headers=headers)))
        for socket in sockets:
            assert json.loads(socket.recv(timeout=10))["type"] == "run.snapshot"
        release.write_text("go")
        for socket in sockets:
            seen = []
            while not seen or (seen[-1]["type"], seen[-1].get("state")) != ("run.state", "SUCCESS"):
                seen.append(json.loads(socket.recv(timeout=30)))
            assert any(e["type"] == "task_run.state" and e["state"] == "SUCCESS" for e in seen)
