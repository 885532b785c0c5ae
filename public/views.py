from django.shortcuts import get_object_or_404, render

from council.models import Council
from council.selectors import current_policy


def council_home(request, council_slug):
    council = get_object_or_404(Council, slug=council_slug)
    return render(request, "public/council_home.html", {"council": council, "policy": current_policy(council=council)})


def council_policy(request, council_slug):
    council = get_object_or_404(Council, slug=council_slug)
    return render(request, "public/policy.html", {"council": council, "policy": current_policy(council=council)})
