from django.conf import settings
from django.utils.functional import SimpleLazyObject

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


LAST_COUNCIL_COOKIE = "last_council"


def last_council_slug(request) -> str:
    """The council this user last worked in on this browser, kept across logging out (for the landing page)."""
    user_id, _, slug = request.COOKIES.get(LAST_COUNCIL_COOKIE, "").partition(":")
    return slug if request.user.is_authenticated and user_id == str(request.user.pk) else ""


def _remember_last_council(request, response) -> None:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or session is None or not user.is_authenticated:
        return
    chosen = session.get("current_council")
    if chosen and last_council_slug(request) != chosen:
        response.set_cookie(LAST_COUNCIL_COOKIE, f"{user.pk}:{chosen}", max_age=365 * 24 * 3600, httponly=True,
                            samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
