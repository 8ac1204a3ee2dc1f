"""runs/list pagination: opaque page tokens over (created_at, id), newest first.

A token remembers the edge row of the page it came from, so runs created meanwhile do not shift
the pages (an offset would show a run twice). ``next_page_token`` continues after the last row,
``prev_page_token`` goes back before the first one.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lakeflow.api.errors import invalid
from runs.models import JobRun


@dataclass(frozen=True)
class Cursor:
    created_at: dt.datetime
    pk: int
    forward: bool  # True: rows after this one (older); False: rows before it (newer)

    def encode(self) -> str:
        raw = json.dumps({"t": self.created_at.isoformat(), "i": self.pk, "f": self.forward})
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            return cls(dt.datetime.fromisoformat(raw["t"]), int(raw["i"]), bool(raw["f"]))
        except (ValueError, KeyError, TypeError):
            raise invalid(f"Invalid page_token: {token!r}.") from None


def page(
    runs: QuerySet[JobRun], *, limit: int, offset: int = 0, token: str | None = None
) -> tuple[list[JobRun], str | None, str | None]:
    """(rows, next_page_token, prev_page_token) of one page, newest first."""
    newest_first = ("-created_at", "-id")
    if token:
        cursor = Cursor.decode(token)
        if cursor.forward:
            older = Q(created_at__lt=cursor.created_at) | Q(created_at=cursor.created_at, id__lt=cursor.pk)
            rows = list(runs.filter(older).order_by(*newest_first)[: limit + 1])
            more_after, more_before = len(rows) > limit, True
            rows = rows[:limit]
        else:
            newer = Q(created_at__gt=cursor.created_at) | Q(created_at=cursor.created_at, id__gt=cursor.pk)
            rows = list(runs.filter(newer).order_by("created_at", "id")[: limit + 1])
            more_before, more_after = len(rows) > limit, True
            rows = list(reversed(rows[:limit]))
    else:
        rows = list(runs.order_by(*newest_first)[offset : offset + limit + 1])
        more_after, more_before = len(rows) > limit, offset > 0
        rows = rows[:limit]
    if not rows:
        return [], None, None
    next_token = Cursor(rows[-1].created_at, rows[-1].pk, True).encode() if more_after else None
    prev_token = Cursor(rows[0].created_at, rows[0].pk, False).encode() if more_before else None
    return rows, next_token, prev_token
