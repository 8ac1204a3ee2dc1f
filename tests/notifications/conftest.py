"""The engine fixtures (a real embedded worker, jobs from wire settings, script files)."""

import time

import pytest

from tests.notifications.receivers import SilentServer, SmtpReceiver, WebhookReceiver
from tests.runs.conftest import engine, make_job, script  # noqa: F401


def _send_mail_to(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False


@pytest.fixture
def smtp(settings):
    """A real SMTP server; Django's SMTP backend sends to it."""
    server = SmtpReceiver().start()
    _send_mail_to(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def hung_smtp(settings):
    """An SMTP server that accepts connections and never answers; Django's SMTP backend sends to it."""
    server = SilentServer()
    _send_mail_to(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def webhook(settings):
    """A real HTTP receiver on 127.0.0.1; retries back off from 0.2 s."""
    settings.LAKEFLOW_NOTIFICATION_BACKOFF_SECONDS = 0.2
    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()


def eventually(check, timeout: float = 30.0):
    """Poll ``check()`` until it returns something truthy; returns it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.05)
    raise AssertionError(f"condition not met within {timeout}s")
