"""What the Page services share: the connection's secrets opened for one call, and the call itself."""

from __future__ import annotations

from social.graph import graph_call, graph_pages
from social.models import PageConnection
from social.sealing import SecretUnreadable, secret_open


class PageNotConnected(Exception):
    """No usable Page connection for this council; the message says what to do."""


def connection_for(council) -> PageConnection:
    connection = PageConnection.objects.filter(council=council, is_active=True).first()
    if connection is None or not connection.has_token:
        raise PageNotConnected("No Facebook Page is connected for this council: add it under Settings, Facebook Page.")
    return connection


def _secrets(connection: PageConnection) -> tuple[str, str]:
    try:
        return secret_open(connection.token_sealed), secret_open(connection.app_secret_sealed)
    except SecretUnreadable:
        raise PageNotConnected(
            "The saved Page secrets cannot be read (the server's key changed): enter them again."
        ) from None


def page_call(connection: PageConnection, method: str, path: str, *, params=None, data=None) -> dict:
    token, app_secret = _secrets(connection)
    return graph_call(method, path, token=token, app_secret=app_secret, params=params, data=data)


def page_list(connection: PageConnection, path: str, *, params=None, limit: int = 20):
    token, app_secret = _secrets(connection)
    return graph_pages(path, token=token, app_secret=app_secret, params=params, limit=limit)


def app_secret_for(connection: PageConnection) -> str:
    return _secrets(connection)[1]


def token_debug(connection: PageConnection) -> dict:
    """Facebook's own account of the Page token: valid or not, its expiry and its permissions."""
    token, app_secret = _secrets(connection)
    answer = graph_call("GET", "debug_token", token=token, app_secret=app_secret, params={"input_token": token})
    return answer.get("data") or {}
