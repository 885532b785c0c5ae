"""Public pages under a rush: each is rendered once per version of the council's public pages and kept
in the cache, and a browser that has the current copy is answered 304 Not Modified.

The version moves in the transaction of every change the pages show (a comment published or removed,
an announcement published or withdrawn, a settings or policy change: `public_pages_version_move`), and
the cache key is made from it as the inbox's counts are (council/cache.py): a copy made before a
change is never served after it.

What differs from one visitor to the next is never shared. A page with a form is kept with a random
slot where the form's token goes, and each visitor's own token is put in on the way out; its ETag
names the visitor's token secret too, its responses are private and vary on Cookie. A visitor with
something of their own on the page (the words of a refused comment, kept for them: the views decide)
and a signed-in member of staff are not served from the cache at all.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from council.cache import versioned_cache_key
from council.models import Council

from . import selectors
from .ratelimit import public_form_address_limit, public_form_limit

PAGE_TTL = 600  # only returns the memory: a changed page is a new key, not an expired one
APP_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def _release() -> str:
    """What else a page is made from: the templates and code of the public site, the static files'
    names and the form limits in settings. A deployment that changes any of them starts afresh."""
    digest = hashlib.sha256()
    roots = [APP_DIR, *(Path(d) / "public" for d in settings.TEMPLATES[0].get("DIRS", []))]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".html", ".txt") and path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    digest.update(repr((public_form_limit(), public_form_address_limit())).encode())
    return digest.hexdigest()[:16]


def _signed_in(request: HttpRequest) -> bool:
    # Staff looking at the public pages get their own copy, rendered for them and never stored (by us, or
    # by their browser: council.middleware.SignedInPrivacyMiddleware), whatever a template may show them.
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated


def _headers(response: HttpResponse, *, etag: str, last_modified: float, form: bool) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Asked again every time (and answered 304 when nothing changed): a page is never shown stale.
    patch_cache_control(response, no_cache=True, **({"private": True} if form else {}))
    if form:
        patch_vary_headers(response, ["Cookie"])
    return response


def public_page(
    request: HttpRequest,
    council_slug: str,
    render: Callable[[Council, str | None], HttpResponse],
    *,
    parts: tuple = (),
    form: bool = False,
    shared: Callable[[int], bool] | None = None,
) -> HttpResponse:
    """The council's page at request.path (and `parts`, the query values it depends on), from the cache if
    it is there: then one small query (the version) is all it costs the database.

    `render(council, token_slot)` renders it; for a page with a form (`form=True`), with `token_slot` as
    the form's token. `shared(council_id)` says whether this visitor may have the copy kept for everyone.
    A response that is not a 200, or that says `response.shared = False`, is not kept.
    """

    def rendered(slot: str | None) -> HttpResponse:
        return render(council_for_request(request, council_slug), slot)

    if (
        not getattr(settings, "PUBLIC_PAGES_CACHE", True)
        or request.method not in ("GET", "HEAD")
        or _signed_in(request)
    ):
        return rendered(None)
    found = selectors.pages_version_for(slug=council_slug)
    if shared is not None and not shared(found.council_id):
        return rendered(None)
    changed_at = (found.changed_at or found.council_created_at).timestamp()
    key = versioned_cache_key(
        "public-page",
        _release(),
        found.council_id,
        found.council_created_at.isoformat(),
        found.version,
        get_language(),
        request.path,
        *parts,
    )
    token = get_token(request) if form else ""
    tag = hashlib.sha256(f"{key}|{request.META.get('CSRF_COOKIE', '') if form else ''}".encode()).hexdigest()[:32]
    etag = f'W/"{tag}"' if form else f'"{tag}"'
    # If-Modified-Since alone cannot tell one visitor's copy (and its token) from another's: only the ETag can.
    not_modified = get_conditional_response(request, etag=etag, last_modified=None if form else int(changed_at))
    if not_modified is not None:
        return _headers(not_modified, etag=etag, last_modified=changed_at, form=form)
    entry = cache.get(key)
    if entry is None:
        slot = secrets.token_urlsafe(24) if form else ""
        response = rendered(slot or None)
        if response.status_code != 200 or not getattr(response, "shared", True):
            if slot:
                response.content = response.content.replace(slot.encode(), token.encode())
            return response
        entry = {"content": response.content, "content_type": response["Content-Type"], "slot": slot}
        cache.set(key, entry, PAGE_TTL)
    content = entry["content"].replace(entry["slot"].encode(), token.encode()) if entry["slot"] else entry["content"]
    response = HttpResponse(content, content_type=entry["content_type"])
    return _headers(response, etag=etag, last_modified=changed_at, form=form)


def council_for_request(request: HttpRequest, council_slug: str) -> Council:
    """The council, loaded once per request (and left on it for the framing rules and the feed)."""
    council = getattr(request, "public_council", None)
    if council is None or council.slug != council_slug:
        council = request.public_council = selectors.council_for_public(slug=council_slug)
    return council
