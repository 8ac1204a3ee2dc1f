"""Password authentication with the failed-attempt limit, for the admin login and the browser app."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from lakeflow.accounts import ratelimit


class RateLimitedModelBackend(ModelBackend):
    """Django's username/password check, refusing callers that failed too often.

    PermissionDenied stops django.contrib.auth.authenticate() from trying further backends, so a
    locked-out caller cannot get in even with the right password until the window ends.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        keys = ratelimit.keys_for(request, username)
        if ratelimit.is_locked(keys):
            raise PermissionDenied("Too many failed login attempts.")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            if username is not None and password is not None:
                ratelimit.record_failure(keys)
            return None
        # Success clears the user's counter (not the IP's: one valid account must not let a
        # client reset its guessing budget for others).
        ratelimit.reset(ratelimit.keys_for(None, username))
        return user
