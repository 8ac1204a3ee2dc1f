"""Signals other parts of Lakeflow listen to, so the job model need not know them.

``job_changed`` is sent inside the transaction after every create/update/reset/restore with
``job``, ``version`` (the new JobVersion) and ``change``: the schedule engine re-derives the
job's beat entries from it. Deletion is Django's own ``post_delete`` on Job.
"""

from __future__ import annotations

from django.dispatch import Signal

job_changed = Signal()
