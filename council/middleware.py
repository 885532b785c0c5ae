from django.utils.functional import SimpleLazyObject

from .selectors import councils_for_user


def _current_council(request):
    if not request.user.is_authenticated:
        return None
    councils = list(councils_for_user(user=request.user))
    chosen = request.session.get("current_council")
    for council in councils:
        if council.slug == chosen:
            return council
    return councils[0] if councils else None


class CurrentCouncilMiddleware:
    """Makes `request.current_council` the council the user last switched to (or their first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_council = SimpleLazyObject(lambda: _current_council(request))
        return self.get_response(request)
