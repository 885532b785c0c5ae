"""Framing rules for the embeddable forms: only the council's own website may frame them.

Every other page keeps X-Frame-Options: DENY and `frame-ancestors 'none'` from settings.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.core import signing
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from council.models import Council

EMBED_TOKEN_SALT = "public.embed-form"
EMBED_TOKEN_MAX_AGE = 60 * 60 * 4


def frame_ancestors_for(council: Council) -> list[str]:
    """The origin of the council's website, or nothing (then no one may frame the form)."""
    parts = urlsplit(council.website or "")
    if parts.scheme in ("http", "https") and parts.hostname:
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        port = f":{parts.port}" if parts.port else ""
        return [f"{parts.scheme}://{host}{port}"]
    return []


def embeddable(view):
    """Let the council's website (and only it) frame this view, through CSP frame-ancestors (django-csp 4).

    The decorated view must take `council` as its second argument (after request) or set `request.council`.
    X-Frame-Options cannot name an origin, so it is left off these responses; every current browser
    obeys frame-ancestors instead.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        council = getattr(request, "public_council", None)
        ancestors = frame_ancestors_for(council) if council is not None else []
        # csp_replace, per response: the same mechanism as csp.decorators.csp_replace, with the council's origin.
        response._csp_replace = {"frame-ancestors": ancestors or ["'none'"]}
        return response

    return xframe_options_exempt(wrapped)


def embed_token_make(*, council: Council, form: str) -> str:
    return signing.dumps({"c": council.pk, "f": form}, salt=EMBED_TOKEN_SALT)


def embed_token_valid(*, council: Council, form: str, token: str) -> bool:
    try:
        data = signing.loads(token or "", salt=EMBED_TOKEN_SALT, max_age=EMBED_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return isinstance(data, dict) and data.get("c") == council.pk and data.get("f") == form


def same_origin_post(request) -> bool:
    """Cross-site request forgery check that needs no cookie (third-party iframes do not get ours).

    The form inside the frame is our own document, so its POST carries our origin; a forged POST from
    another site carries that site's origin (or Sec-Fetch-Site: cross-site).
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site not in ("same-origin",):
        return False
    ours = f"{request.scheme}://{request.get_host()}"
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin == ours
    referer = request.META.get("HTTP_REFERER", "")
    return referer == ours or referer.startswith(ours + "/")


def embed_csrf_exempt(view):
    """The embed views replace the cookie-based CSRF check by same_origin_post and a signed form token."""
    return csrf_exempt(view)
