from django.utils.functional import SimpleLazyObject

from .selectors import council_access_for, councils_for_user


def _access_for(request, user, council):
    # A council view has already worked out the user's roles for its council: reuse them.
    access = getattr(request, "access", None)
    if access is not None and access.council.pk == council.pk:
        return access
    return council_access_for(user=user, council=council)


def current_council(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    council = getattr(request, "current_council", None)
    my_councils = getattr(request, "my_councils", None)
    return {
        "current_council": council if council else None,
        "my_councils": my_councils if my_councils is not None else councils_for_user(user=user),
        # Roles in the current council, for role-guarded navigation links; worked out only if used.
        "current_access": SimpleLazyObject(lambda: _access_for(request, user, council) if council else None),
    }
