import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject

from .models import User
from .selectors import councils_for_user


def _my_councils(request) -> list:
    return list(councils_for_user(user=request.user)) if request.user.is_authenticated else []


def _current_council(request):
    councils = request.my_councils
    chosen = request.session.get("current_council")
    for council in councils:
        if council.slug == chosen:
            return council
    return councils[0] if councils else None


class CurrentCouncilMiddleware:
    """Makes `request.my_councils` (the user's councils, read once) and `request.current_council`
    (the one they last switched to, or their first) available to views and templates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.my_councils = SimpleLazyObject(lambda: _my_councils(request))
        request.current_council = SimpleLazyObject(lambda: _current_council(request))
        response = self.get_response(request)
        _remember_last_council(request, response)
        return response


def last_council_slug(request) -> str:
    """The council this user last worked in (for the landing page after signing in again)."""
    return request.user.last_council_slug if request.user.is_authenticated else ""


def _remember_last_council(request, response) -> None:
    # On the account, not in a cookie: signing out sends Clear-Site-Data, which drops the site's cookies.
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or session is None or not user.is_authenticated:
        return
    chosen = session.get("current_council")
    if chosen and user.last_council_slug != chosen:
        User.objects.filter(pk=user.pk).update(last_council_slug=chosen)
        user.last_council_slug = chosen


CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


class SignedInPrivacyMiddleware:
    """A signed-in page is never stored by the browser or a proxy: Back on a shared parish-office PC
    after signing out must not show it. Signing out (the site's or the admin's) tells the browser to
    drop everything it kept for this site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a request carrying a session cookie can be signed in; the check leaves public pages'
        # headers (no Vary: Cookie) alone.
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated
        response = self.get_response(request)
        if signed_in:
            add_never_cache_headers(response)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "logout" and request.method == "POST" and response.status_code < 400:
            response["Clear-Site-Data"] = CLEAR_SITE_DATA
            add_never_cache_headers(response)
        return response


SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen_at"
LAST_SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute for this


def session_clock_start(sender, request, user, **kwargs):
    """On sign-in (auth's user_logged_in): start the idle and absolute clocks in the new session."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


def idle_limit_seconds(request) -> int:
    """The shortest idle timeout of the user's councils (staff of several councils get the strictest)."""
    limits = [c.staff_idle_timeout_minutes for c in request.my_councils]
    minutes = min(limits) if limits else getattr(settings, "SESSION_IDLE_TIMEOUT_MINUTES", 240)
    return int(minutes) * 60


class SessionTimeoutMiddleware:
    """Signs a person out after the council's idle timeout, and after SESSION_COOKIE_AGE in all
    (an absolute lifetime that activity does not extend). Must follow CurrentCouncilMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            last_seen = session.get(LAST_SEEN, now)
            signed_in = session.get(SIGNED_IN_AT, now)
            if now - last_seen > idle_limit_seconds(request) or now - signed_in > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, "You were signed out after a period without activity. Please sign in again.")
                return redirect_to_login(request.get_full_path())
            if LAST_SEEN not in session or now - last_seen >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN] = now
                session.setdefault(SIGNED_IN_AT, now)
        return self.get_response(request)
