from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .accounts import password_reset_allowed, password_reset_request
from .client_ip import client_address
from .models import Council
from .permissions import council_role_required
from .selectors import council_access_for, councils_for_user, current_policy


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


@require_POST
@login_required
def council_switch(request):
    slug = request.POST.get("council", "")
    council = councils_for_user(user=request.user).filter(slug=slug).first()
    if council is not None:
        request.session["current_council"] = council.slug
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = ""
    if council is not None and not target:
        return redirect("council_overview", council_slug=council.slug)
    return redirect(target or "home")


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
            "memberships": council.memberships.filter(is_active=True).select_related("user").order_by("role", "user__last_name"),
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
