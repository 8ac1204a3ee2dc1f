"""`lakeflow worker [--queues Q,...] [--concurrency N]`: a production Celery worker process.

It consumes the given queues (default: the serverless pool and the control queue) from the
broker in CELERY_BROKER_URL (Redis or RabbitMQ), with a thread pool: each thread runs one task
attempt's child process at a time. Start any number, on any machine sharing the database.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from runs.choices import Queue


class Command(BaseCommand):
    help = "Run a Celery worker executing task runs (production topology)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queues",
            "-Q",
            default=",".join(q.value for q in Queue),
            help="Comma-separated Celery queues to consume.",
        )
        parser.add_argument("--cluster", default="", help="Consume the queue of this cluster (compute).")
        parser.add_argument(
            "--concurrency",
            "-c",
            type=int,
            default=settings.LAKEFLOW_EMBEDDED_WORKERS,
            help="Task attempts executed at once (threads).",
        )
        parser.add_argument("--hostname", "-n", default="", help="Celery node name (default: worker@host).")
        parser.add_argument("--loglevel", "-l", default="WARNING")

    def handle(
        self, *args, queues: str, cluster: str, concurrency: int, hostname: str, loglevel: str, **options
    ) -> None:
        from lakeflow.celery import app

        _survive_broker_restarts()
        names = [q.strip() for q in queues.split(",") if q.strip()]
        if cluster:
            names = [_cluster_queue(cluster)]
        argv = [
            "worker",
            f"--queues={','.join(names)}",
            f"--concurrency={concurrency}",
            "--pool=threads",
            f"--loglevel={loglevel}",
            "--without-gossip",
            "--without-mingle",
            "--prefetch-multiplier=1",
        ]
        if hostname:
            argv.append(f"--hostname={hostname}")
        app.start(argv=argv)


def _cluster_queue(name: str) -> str:
    """The queue of a cluster, from the compute feature when it provides one."""
    try:
        from compute.workers import queue_for_cluster
    except ImportError:
        return f"lakeflow.cluster.{name}"
    return queue_for_cluster(name)


def _survive_broker_restarts() -> None:
    """Work around a kombu bug that kills the worker when Redis restarts: after a connection loss,
    giving back unacknowledged messages (on close) and acknowledging the messages of tasks that
    were running (acks_late) go through a channel whose connection is gone, and fail with
    AttributeError — not a connection error, so Celery calls it unrecoverable and stops
    consuming. Neither can work on a dead connection anyway, and Lakeflow does not need them:
    claiming is idempotent (a redelivered message does nothing) and the reconciler
    re-dispatches every task run no worker holds."""
    from kombu.transport import redis as kombu_redis

    if getattr(kombu_redis.QoS, "lakeflow_patched", False):
        return
    ignored = (AttributeError, *kombu_redis.Transport.connection_errors)

    def tolerant(original, on_failure):
        def method(self, *args, **kwargs):
            try:
                return original(self, *args, **kwargs)
            except ignored:
                on_failure(self)
                return None

        return method

    def forget_delivered(qos) -> None:
        qos._delivered.clear()

    QoS = kombu_redis.QoS
    QoS.restore_unacked = tolerant(QoS.restore_unacked, forget_delivered)
    QoS.ack = tolerant(QoS.ack, lambda qos: None)
    QoS.reject = tolerant(QoS.reject, lambda qos: None)
    QoS.lakeflow_patched = True
