"""View guard built on the selectors: resolves the council in the URL and the user's roles in it.

A user with no role in the council gets 404 (we do not confirm another council's records exist);
a member whose roles do not allow the view gets 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Council
from .selectors import council_access_for


def council_role_required(*roles):
    """Decorate a view taking `council_slug`; sets `request.access` (a CouncilAccess).

    With no roles given, any active role in the council will do.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, council_slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            council = get_object_or_404(Council, slug=council_slug)
            access = council_access_for(user=request.user, council=council)
            if not access.roles:
                raise Http404("No such council for this account.")
            if roles and not access.has_any(roles):
                raise PermissionDenied("Your role in this council does not allow this.")
            request.access = access
            if request.session.get("current_council") != council.slug:
                request.session["current_council"] = council.slug  # written only on change: no session save per page
            return view(request, *args, council=council, **kwargs)

        # Read by the council switcher: may this user see the same page in another council?
        wrapped.council_roles = frozenset(roles)
        return wrapped

    return decorator
