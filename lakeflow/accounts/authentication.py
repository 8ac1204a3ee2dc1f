"""`Authorization: Bearer <personal access token>` for scripts and the Databricks SDK."""

from __future__ import annotations

import hmac

from django.utils import timezone
from rest_framework import authentication, exceptions

from lakeflow.accounts import ratelimit
from lakeflow.accounts.models import Token, hash_token


def user_for_token(raw: str):
    """The active token's user, or None. The lookup is by hash; the final compare is constant-time."""
    digest = hash_token(raw)
    token = Token.objects.active().select_related("user").filter(token_hash=digest).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest) or not token.user.is_active:
        return None, None
    # Touch last_used_at at most once a minute: a busy script must not turn reads into writes.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        Token.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if not header:
            return None
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        raw = raw.strip()
        if not raw:
            raise exceptions.AuthenticationFailed("Invalid Authorization header: no token.")
        # A client that sent too many bad tokens is refused before the lookup, so guessing stops.
        keys = ratelimit.keys_for(request, kind="token")
        ratelimit.check(keys)
        user, token = user_for_token(raw)
        if user is None:
            ratelimit.record_failure(keys)
            raise exceptions.AuthenticationFailed("Invalid access token.")
        return user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="lakeflow"'
