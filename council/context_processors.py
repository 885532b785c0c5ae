from django.utils.functional import SimpleLazyObject

from .selectors import council_access_for, councils_for_user


def current_council(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    council = getattr(request, "current_council", None)
    return {
        "current_council": council if council else None,
        "my_councils": councils_for_user(user=user),
        # Roles in the current council, for role-guarded navigation links; worked out only if used.
        "current_access": SimpleLazyObject(lambda: council_access_for(user=user, council=council) if council else None),
    }
