from django.conf import settings
from django.utils.cache import add_never_cache_headers
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
        return self.get_response(request)


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
