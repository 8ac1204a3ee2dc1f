"""Websocket consumers: a run, a job's runs, a task run's log. One base class decides who may
connect (the same check as the REST read) and relays the events ``lakeflow.realtime`` publishes
to the groups the socket joined. Message shapes are documented in docs/websockets.md.

Close codes before accept: 4401 not authenticated, 4403 no permission, 4404 no such object.
"""

from __future__ import annotations

import asyncio
import codecs
import os
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from jobs import permissions
from lakeflow.api.errors import ApiError

CLOSE_UNAUTHENTICATED = 4401
CLOSE_DENIED = 4403
CLOSE_NOT_FOUND = 4404

# How often a log socket looks at the file for new bytes, and after how many idle looks it asks
# the database whether the attempt has ended (or got its log file).
LOG_POLL_SECONDS = 0.25
LOG_STATE_EVERY = 4


class Refused(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def refused_for(error: ApiError) -> Refused:
    """The close code for the ApiError the REST read would have answered with."""
    return Refused(CLOSE_DENIED if error.status_code == 403 else CLOSE_NOT_FOUND)


class LakeflowConsumer(AsyncJsonWebsocketConsumer):
    """Subclasses implement ``authorize`` (return the groups to join, or raise Refused) and may
    send a first message in ``opened``."""

    groups_joined: list[str]

    async def connect(self) -> None:
        self.groups_joined = []
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        try:
            groups = await self.authorize(user, self.scope["url_route"]["kwargs"])
        except Refused as refused:
            await self.close(code=refused.code)
            return
        await self.accept()
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.opened()

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs) -> None:
        """Clients only listen; anything they send is ignored."""

    async def lakeflow_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])

    async def authorize(self, user, kwargs: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    async def opened(self) -> None:
        pass


class RunConsumer(LakeflowConsumer):
    """/ws/runs/<run_id>/: a ``run.snapshot`` (runs/get) on connect, then the run's events."""

    async def authorize(self, user, kwargs: dict[str, Any]) -> list[str]:
        self.user = user
        self.run_id = int(kwargs["run_id"])
        await database_sync_to_async(self._check)(user, self.run_id)
        return [f"run-{self.run_id}"]

    @staticmethod
    def _check(user, run_id: int) -> None:
        from runs.api import access

        try:
            access.get_job_run(user, run_id)
        except ApiError as error:
            raise refused_for(error) from error

    async def opened(self) -> None:
        # Joined the group first, so no event between the snapshot and the join is lost.
        await self.send_json({"type": "run.snapshot", "run": await database_sync_to_async(self._snapshot)()})

    def _snapshot(self) -> dict[str, Any]:
        from django.db.models import Prefetch

        from runs.api import wire
        from runs.models import JobRun, TaskRun

        run = (
            JobRun.objects.select_related("job", "triggered_by")
            .prefetch_related(
                Prefetch("task_runs", queryset=TaskRun.objects.order_by("id")), "repairs", "events"
            )
            .get(pk=self.run_id)
        )
        return wire.job_run(run, include_history=True, page_size=None)


class JobConsumer(LakeflowConsumer):
    """/ws/jobs/<job_id>/: the job's runs as they start and change, and job.updated on save."""

    async def authorize(self, user, kwargs: dict[str, Any]) -> list[str]:
        job_id = int(kwargs["job_id"])
        await database_sync_to_async(self._check)(user, job_id)
        return [f"job-{job_id}"]

    @staticmethod
    def _check(user, job_id: int) -> None:
        from jobs.models import Job

        job = Job.objects.filter(pk=job_id).first()
        if job is None:
            raise Refused(CLOSE_NOT_FOUND)
        if not permissions.can(user, job, permissions.VIEW):
            raise Refused(CLOSE_DENIED)


class TaskRunLogConsumer(LakeflowConsumer):
    """/ws/task-runs/<task_run_id>/logs/ (the task run's wire id): the log so far (its last 5 MB,
    as runs/get-output), then new text as it is written, then ``log.end`` once the attempt ended
    and everything was sent."""

    async def authorize(self, user, kwargs: dict[str, Any]) -> list[str]:
        self.wire_id = int(kwargs["task_run_id"])
        self.pk = await database_sync_to_async(self._check)(user, self.wire_id)
        return []

    @staticmethod
    def _check(user, wire_id: int) -> int:
        from runs.api import access
        from runs.models import TaskRun

        try:
            found = access.get_any_run(user, wire_id)
        except ApiError as error:
            raise refused_for(error) from error
        if not isinstance(found, TaskRun):
            raise Refused(CLOSE_NOT_FOUND)
        return found.pk

    async def opened(self) -> None:
        self.tail = asyncio.ensure_future(self._follow())

    async def disconnect(self, code: int) -> None:
        tail = getattr(self, "tail", None)
        if tail is not None:
            tail.cancel()
        await super().disconnect(code)

    def _state(self) -> tuple[str, bool]:
        """(log path, whether the attempt has ended)."""
        from runs.choices import TASK_ACTIVE
        from runs.models import TaskRun

        path, state = TaskRun.objects.values_list("log_path", "state").get(pk=self.pk)
        return path, state not in TASK_ACTIVE

    async def _follow(self) -> None:
        from runs.api.wire import MAX_LOG_BYTES

        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        offset: int | None = None  # None: nothing read yet (start at the last 5 MB)
        path, ended = await database_sync_to_async(self._state)()
        idle = 0
        while True:
            chunk = b""
            truncated = False
            if path:
                try:
                    with open(path, "rb") as f:
                        size = os.fstat(f.fileno()).st_size
                        if offset is None:
                            offset = max(0, size - MAX_LOG_BYTES)
                            truncated = offset > 0
                        f.seek(offset)
                        chunk = f.read()
                        offset += len(chunk)
                except FileNotFoundError:
                    pass
            if chunk or truncated:
                idle = 0
                message = {"type": "log.append", "task_run_id": self.wire_id, "text": decoder.decode(chunk)}
                if truncated:
                    message["truncated"] = True
                await self.send_json(message)
                continue
            if ended:
                tail = decoder.decode(b"", final=True)
                if tail:
                    await self.send_json({"type": "log.append", "task_run_id": self.wire_id, "text": tail})
                await self.send_json({"type": "log.end", "task_run_id": self.wire_id})
                return
            idle += 1
            if idle % LOG_STATE_EVERY == 0 or not path:
                # Read the file once more after seeing the end: the last lines may have landed since.
                path, ended = await database_sync_to_async(self._state)()
            await asyncio.sleep(LOG_POLL_SECONDS)
