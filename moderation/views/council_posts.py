"""Council posts: write, check, approve by someone other than the author, publish, withdraw (P3, P16)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from council.models import MODERATOR_ROLES
from council.permissions import council_role_required
from council.selectors import roles_for_user
from moderation import services
from moderation.forms import CouncilPostForm
from moderation.highlight import highlight
from moderation.models import CouncilPost
from moderation.selectors import council_post_history_for, council_posts_for_moderator
from moderation.services.posts import approval_problem

from .common import MODERATORS


@council_role_required(*MODERATORS)
def posts(request, council):
    status = request.GET.get("status") or ""
    if status not in CouncilPost.Status.values:
        status = ""
    return render(
        request,
        "moderation/posts.html",
        {
            "council": council,
            "posts": council_posts_for_moderator(council=council, status=status)[:100],
            "status": status,
            "statuses": CouncilPost.Status.choices,
        },
    )


@council_role_required(*MODERATORS)
def post_new(request, council):
    form = CouncilPostForm(request.POST or None, request.FILES or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.council_post_create(
                council=council,
                author=request.user,
                title=data["title"],
                body=data["body"],
                channel=data["channel"],
                image=data.get("image"),
                image_alt=data.get("image_alt") or "",
                allow_comments=data["allow_comments"],
            )
            post = services.council_post_check(post=post, actor=request.user)
            messages.success(request, "Draft saved and checked.")
            return redirect("moderation:post_detail", council_slug=council.slug, pk=post.pk)
        except services.ModerationError as exc:
            form.add_error(None, str(exc))
    return render(request, "moderation/post_form.html", {"council": council, "form": form, "post": None})


def _post(council, pk) -> CouncilPost:
    return get_object_or_404(
        CouncilPost.objects.select_related("author", "approved_by", "published_by"), council=council, pk=pk
    )


@council_role_required(*MODERATORS)
def post_edit(request, council, pk):
    post = _post(council, pk)
    form = CouncilPostForm(request.POST or None, request.FILES or None, instance=post, council=council)
    form.fields["channel"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.council_post_update(
                post=post,
                actor=request.user,
                title=data["title"],
                body=data["body"],
                image_alt=data.get("image_alt") or "",
                image=request.FILES.get("image"),
                allow_comments=data["allow_comments"],
            )
            post = services.council_post_check(post=post, actor=request.user)
            messages.success(request, "Saved and checked again; it needs approval again.")
            return redirect("moderation:post_detail", council_slug=council.slug, pk=post.pk)
        except services.ModerationError as exc:
            form.add_error(None, str(exc))
    return render(request, "moderation/post_form.html", {"council": council, "form": form, "post": post})


@council_role_required(*MODERATORS)
def post_detail(request, council, pk):
    post = _post(council, pk)
    findings = list(post.findings.all())
    return render(
        request,
        "moderation/post_detail.html",
        {
            "council": council,
            "post": post,
            "findings": findings,
            "editors": post.editors(),
            "history": council_post_history_for(post=post),
            "highlighted": highlight(post.text, findings),
            "approval_problem": approval_problem(post=post, user=request.user)
            if post.status == CouncilPost.Status.CHECKED
            else "",
        },
    )


POST_ACTIONS = {
    "check": (services.council_post_check, "Checked."),
    "approve": (services.council_post_approve, "Approved; it can now be published."),
    "publish": (services.council_post_publish, "Published."),
    "withdraw": (services.council_post_withdraw, "Withdrawn."),
}


@require_POST
@council_role_required(*MODERATORS)
def post_act(request, council, pk, action):
    post = _post(council, pk)
    if action not in POST_ACTIONS:
        raise Http404
    service, done = POST_ACTIONS[action]
    try:
        service(post=post, actor=request.user)
        messages.success(request, done)
    except services.ModerationError as exc:
        messages.error(request, str(exc))
    except PermissionDenied:
        raise
    return redirect("moderation:post_detail", council_slug=council.slug, pk=post.pk)


def post_image(request, council_slug, pk):
    """The image of a post: public once published (the social page owner fetches it), else moderators only."""
    post = get_object_or_404(CouncilPost, pk=pk, council__slug=council_slug)
    if not post.image:
        raise Http404
    if post.status != CouncilPost.Status.PUBLISHED and not (
        request.user.is_authenticated and roles_for_user(user=request.user, council=post.council) & MODERATOR_ROLES
    ):
        raise Http404
    response = FileResponse(post.image.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
