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
