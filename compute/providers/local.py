"""The local provider: a cluster's workers on this machine.

Production (a real broker): each worker is a ``lakeflow worker --cluster <id>`` process in its
own session (so stopping it also stops its task's child processes), started with this
installation's DATABASE_URL / CELERY_BROKER_URL / LAKEFLOW_HOME and the cluster's
``spark_env_vars``. Its PID and log file are on its ClusterWorker row; it is alive while the PID
is (a zombie counts as dead).

Embedded (``lakeflow dev``, in-process broker): each worker is a Celery worker (thread pool, one
slot) running in a thread of this process, on its own Celery app instance so that its queue
selection does not touch the engine's worker (the in-memory broker is shared by every app of
the process).
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, urlencode

import psutil
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from compute.choices import WorkerState
from compute.models import Cluster, ClusterWorker
from compute.providers.base import Provider, WorkerStatus, count, live_workers, mark_gone, refresh_heartbeats

log = logging.getLogger(__name__)
WORKER_ENV = "LAKEFLOW_CLUSTER_WORKER"
SQLITE_OPTIONS = ("timeout", "transaction_mode", "init_command")

# Popen objects of the processes this process started (to reap them: no zombies).
_PROCESSES: dict[int, subprocess.Popen] = {}
_EXIT_CODES: dict[int, int] = {}  # exit codes of reaped processes, until reported
# Embedded workers: ClusterWorker.name -> its thread (compute.workers.EmbeddedWorker).
_EMBEDDED: dict[str, threading.Thread] = {}
_EMBEDDED_APPS: dict[str, object] = {}
_LOCK = threading.Lock()


def database_url() -> str:
    """The database this process uses, as a URL a child process's settings understand (in tests
    that is the test database)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        # The same connection options (WAL, IMMEDIATE transactions, lock timeout) as this process.
        options = {k: v for k, v in (db.get("OPTIONS") or {}).items() if k in SQLITE_OPTIONS}
        return f"sqlite:///{db['NAME']}" + (f"?{urlencode(options)}" if options else "")
    auth = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


def worker_log_dir(cluster: Cluster) -> Path:
    path = Path(settings.LAKEFLOW_HOME) / "clusters" / cluster.cluster_id / "workers"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _tail(path: str, lines: int = 5) -> str:
    try:
        text = Path(path).read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    popen = _PROCESSES.get(pid)
    if popen is not None and popen.poll() is not None:
        _EXIT_CODES[pid] = popen.returncode
        _PROCESSES.pop(pid, None)
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _exit_code(pid: int) -> int | None:
    popen = _PROCESSES.get(pid)
    if popen is not None:
        return popen.poll()
    return _EXIT_CODES.pop(pid, None)


class LocalProvider(Provider):
    name = "local"

    @property
    def embedded(self) -> bool:
        return bool(settings.CELERY_EMBEDDED)

    # -- start ---------------------------------------------------------------------------------

    def start(self, cluster: Cluster, n: int) -> None:
        active = live_workers(cluster).exclude(state=WorkerState.STOPPING).count()
        for _ in range(n - active):
            self._launch(cluster)

    def _launch(self, cluster: Cluster) -> ClusterWorker:
        host = socket.gethostname()
        name = f"lakeflow-{cluster.cluster_id}-{secrets.token_hex(3)}@{host}"
        worker = ClusterWorker.objects.create(cluster=cluster, name=name, hostname=host, managed=True)
        # Launch once the row is committed: a fast worker must find it when it reports READY.
        launch = self._launch_thread if self.embedded else self._launch_process
        transaction.on_commit(lambda: launch(cluster, worker))
        return worker

    def _launch_process(self, cluster: Cluster, worker: ClusterWorker) -> None:
        log_path = worker_log_dir(cluster) / f"{worker.pk}.log"
        env = {
            **os.environ,
            **{str(k): str(v) for k, v in (cluster.spark_env_vars or {}).items()},
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "lakeflow.settings"),
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "LAKEFLOW_HOME": str(settings.LAKEFLOW_HOME),
            WORKER_ENV: worker.name,
        }
        # One process per worker, one task slot each (num_workers sets the task slots).
        argv = [
            sys.executable,
            "-m",
            "lakeflow.cli",
            "worker",
            "--cluster",
            cluster.cluster_id,
            "--hostname",
            worker.name,
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
        ]
        with open(log_path, "ab") as out:
            popen = subprocess.Popen(
                argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=str(settings.BASE_DIR),
                start_new_session=True,
            )
        _PROCESSES[popen.pid] = popen
        worker.pid = popen.pid
        worker.log_path = str(log_path)
        ClusterWorker.objects.filter(pk=worker.pk).update(pid=worker.pid, log_path=worker.log_path)
        log.info("cluster %s: started worker pid %s (%s)", cluster.cluster_id, popen.pid, worker.name)

    def _launch_thread(self, cluster: Cluster, worker: ClusterWorker) -> None:
        from compute.workers import start_embedded_worker

        thread = start_embedded_worker(cluster, worker.name)
        with _LOCK:
            _EMBEDDED[worker.name] = thread
        worker.pid = os.getpid()
        ClusterWorker.objects.filter(pk=worker.pk).update(pid=worker.pid)

    # -- stop ----------------------------------------------------------------------------------

    def stop(self, cluster: Cluster, workers: Iterable[ClusterWorker] | None = None) -> None:
        targets = list(workers) if workers is not None else list(live_workers(cluster))
        now = timezone.now()
        for worker in targets:
            if worker.state == WorkerState.STOPPING:
                continue
            self._signal(worker, signal.SIGTERM)
            worker.state = WorkerState.STOPPING
            worker.stopped_at = now  # when the stop was asked; status() escalates after the grace
            worker.save(update_fields=["state", "stopped_at"])

    def _signal(self, worker: ClusterWorker, signum: int) -> None:
        if worker.name in _EMBEDDED:
            threading.Thread(target=_EMBEDDED[worker.name].stop, daemon=True).start()
            return
        if not worker.managed or worker.hostname != socket.gethostname():
            # A worker that joined by itself, or one started by a supervisor on another machine:
            # ask it over the broker (its Celery node name is the row's name).
            from lakeflow.celery import app

            try:
                app.control.shutdown(destination=[worker.name])
            except Exception:
                log.warning("could not ask worker %s to shut down", worker.name, exc_info=True)
            return
        if not _pid_alive(worker.pid):
            return
        try:
            # The worker leads its own session: the signal reaches its task processes too on KILL.
            if signum == signal.SIGKILL:
                os.killpg(worker.pid, signum)
            else:
                os.kill(worker.pid, signum)
        except ProcessLookupError:
            pass

    # -- status --------------------------------------------------------------------------------

    def status(self, cluster: Cluster) -> WorkerStatus:
        failures: list[str] = []
        host = socket.gethostname()
        now = timezone.now()
        grace = timezone.timedelta(seconds=settings.LAKEFLOW_WORKER_STOP_GRACE_SECONDS)
        start_timeout = timezone.timedelta(seconds=settings.LAKEFLOW_CLUSTER_START_TIMEOUT_SECONDS)
        checked: list[int] = []
        for worker in live_workers(cluster):
            alive = self._alive(worker, host)
            if alive is None:
                continue  # not ours to check here: heartbeats decide
            checked.append(worker.pk)
            if not alive:
                message = self._exit_message(worker)
                if worker.ready_at is None and worker.state == WorkerState.STARTING:
                    failures.append(message)
                mark_gone(worker, message)
                self._forget(worker)
            elif (
                worker.state == WorkerState.STOPPING and worker.stopped_at and now - worker.stopped_at > grace
            ):
                self._signal(worker, signal.SIGKILL)
            elif worker.state == WorkerState.STARTING and now - worker.started_at > start_timeout:
                self._signal(worker, signal.SIGKILL)
                message = (
                    f"worker {worker.name} did not consume the cluster queue within "
                    f"{start_timeout.total_seconds():.0f} s. {_tail(worker.log_path)}"
                ).strip()
                failures.append(message)
                mark_gone(worker, message)
                self._forget(worker)
        refresh_heartbeats(cluster, managed_here=checked)
        return count(cluster, failures)

    def _alive(self, worker: ClusterWorker, host: str) -> bool | None:
        if worker.name in _EMBEDDED:
            return _EMBEDDED[worker.name].is_alive()
        if worker.managed and self.embedded and worker.pid == os.getpid():
            return False  # an embedded worker of a previous `lakeflow dev` process
        if not worker.managed or worker.hostname != host:
            return None
        if worker.pid and worker.pid != os.getpid():
            return _pid_alive(worker.pid)
        return None

    def _exit_message(self, worker: ClusterWorker) -> str:
        if worker.state == WorkerState.STOPPING:
            return "stopped"
        code = _exit_code(worker.pid) if worker.pid else None
        tail = _tail(worker.log_path) if worker.log_path else ""
        text = f"worker process {worker.pid} exited" + (f" with code {code}" if code is not None else "")
        return f"{text}. {tail}".strip() if tail else text

    def _forget(self, worker: ClusterWorker) -> None:
        with _LOCK:
            _EMBEDDED.pop(worker.name, None)
        if worker.pid:
            _PROCESSES.pop(worker.pid, None)


def embedded_app_for(cluster: Cluster):
    """One Celery app instance per cluster in embedded mode (see the module docstring)."""
    with _LOCK:
        app = _EMBEDDED_APPS.get(cluster.cluster_id)
        if app is None:
            from celery import Celery

            import compute.tasks  # noqa: F401 - shared tasks register on every app that finalizes
            import runs.tasks  # noqa: F401

            app = Celery(f"lakeflow-{cluster.cluster_id}", set_as_current=False)
            app.config_from_object("django.conf:settings", namespace="CELERY")
            app.finalize()
            _EMBEDDED_APPS[cluster.cluster_id] = app
        return app
