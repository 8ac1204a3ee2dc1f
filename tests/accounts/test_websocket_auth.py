"""Websocket connections authenticate by session cookie or Bearer token."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from lakeflow.accounts.models import Token
from lakeflow.ws_auth import WebsocketAuthMiddleware

pytestmark = pytest.mark.django_db(transaction=True)


async def echo_user(scope, receive, send):
    """A tiny websocket app that reports who the middleware says is connected."""
    await receive()
    await send({"type": "websocket.accept"})
    user = scope["user"]
    await send(
        {"type": "websocket.send", "text": user.get_username() if user.is_authenticated else "anonymous"}
    )


@async_to_sync
async def who(headers: list[tuple[bytes, bytes]]) -> str:
    communicator = WebsocketCommunicator(WebsocketAuthMiddleware(echo_user), "/ws/test/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    text = await communicator.receive_from()
    await communicator.disconnect()
    return text


def test_a_bearer_token_authenticates_the_socket(owner):
    _, raw = Token.issue(owner)
    assert who([(b"authorization", f"Bearer {raw}".encode())]) == "owner"


def test_a_bad_or_missing_token_leaves_the_socket_anonymous(owner):
    assert who([(b"authorization", b"Bearer dapi-wrong")]) == "anonymous"
    assert who([]) == "anonymous"


def test_the_session_cookie_authenticates_the_socket(client, owner):
    client.force_login(owner)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    assert who([(b"cookie", cookie)]) == "owner"


def test_bad_tokens_on_sockets_count_against_the_limit(settings, owner):
    settings.LAKEFLOW_AUTH_FAILURE_LIMIT = 2
    _, raw = Token.issue(owner)
    for _ in range(2):
        who([(b"authorization", b"Bearer dapi-wrong")])
    assert who([(b"authorization", f"Bearer {raw}".encode())]) == "anonymous"
