from .selectors import councils_for_user


def current_council(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    council = getattr(request, "current_council", None)
    return {
        "current_council": council if council else None,
        "my_councils": councils_for_user(user=user),
    }
