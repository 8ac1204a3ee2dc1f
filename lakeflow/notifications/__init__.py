"""Run notifications: email and webhook alerts on run/task events, notification destinations,
and a recorded, retried delivery per recipient. Sending happens in Celery tasks after commit."""
