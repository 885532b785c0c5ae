from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .accounts import password_reset_allowed, password_reset_request
from .client_ip import client_address
from .middleware import last_council_slug
from .models import Council
from .permissions import council_role_required
from .selectors import CouncilAccess, council_access_for, councils_for_user, current_policy


def home(request):
    """Public landing page: the councils served here; for a signed-in user, their councils first."""
    mine = councils_for_user(user=request.user)
    return render(
        request,
        "council/home.html",
        {
            "councils": Council.objects.order_by("name"),
            "my_access": [council_access_for(user=request.user, council=c) for c in mine],
        },
    )


def council_home_for(access: CouncilAccess) -> str:
    """Where this person starts in this council: the Clerk's Today, a councillor's portal (item 13)."""
    slug = access.council.slug
    if access.is_officer:
        return reverse("comms:today", kwargs={"council_slug": slug})
    if access.is_member:
        return reverse("comms:portal", kwargs={"council_slug": slug})
    return reverse("council_overview", kwargs={"council_slug": slug})


@login_required
def landing(request):
    """After logging in: the council last worked in (or the first), at the page the role starts on."""
    councils = list(request.my_councils)
    if not councils:
        return redirect("admin:index" if request.user.is_superuser else "home")
    wanted = request.session.get("current_council") or last_council_slug(request)
    council = next((c for c in councils if c.slug == wanted), councils[0])
    request.session["current_council"] = council.slug
    return redirect(council_home_for(council_access_for(user=request.user, council=council)))


def _same_page_in(*, target: str, access: CouncilAccess) -> str | None:
    """The page of the same kind in another council (inbox -> its inbox), or None if there is none for this user.

    Only pages named by the council alone qualify: a case or a record belongs to one council.
    """
    try:
        match = resolve(urlsplit(target).path)
    except Resolver404:
        return None
    if set(match.kwargs) != {"council_slug"}:
        return None
    roles = getattr(match.func, "council_roles", None)
    if roles is None:
        if match.namespace != "public":  # a staff page we cannot check; do not guess
            return None
    elif not access.roles or (roles and not access.has_any(roles)):
        return None
    return reverse(match.view_name, kwargs={"council_slug": access.council.slug})


@require_POST
@login_required
def council_switch(request):
    slug = request.POST.get("council", "")
    council = councils_for_user(user=request.user).filter(slug=slug).first()
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    if council is None:
        return redirect(target or "home")
    request.session["current_council"] = council.slug
    access = council_access_for(user=request.user, council=council)
    return redirect((target and _same_page_in(target=target, access=access)) or council_home_for(access))


@council_role_required()
def council_overview(request, council):
    """What a member of this council needs at a glance: their roles, the policy and its review, hours."""
    return render(
        request,
        "council/overview.html",
        {
            "council": council,
            "access": request.access,
            "policy": current_policy(council=council),
            "memberships": council.memberships.filter(is_active=True)
            .select_related("user")
            .order_by("role", "user__last_name"),
            "periods": council.monitoring_periods.all(),
            "absences": council.absences.all()[:5],
            "agencies": council.agencies.all(),
            "bodies": council.bodies.all(),
        },
    )


class QueuedPasswordResetView(PasswordResetView):
    """Django's reset page, but the mail goes from the worker and one address may ask only a few times."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not password_reset_allowed(address=client_address(self.request), email=email):
            response = self.render_to_response(self.get_context_data(form=form, too_many=True))
            response.status_code = 429
            return response
        password_reset_request(email=email, domain=self.request.get_host(), use_https=self.request.is_secure())
        return HttpResponseRedirect(self.get_success_url())
