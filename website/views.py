"""Public council pages under /c/<slug>/: thin views over the moderation and council selectors and services."""

from __future__ import annotations

import logging

from django.core.paginator import Paginator
from django.http import HttpResponseForbidden
from django.views.decorators.http import require_http_methods, require_safe

from council.selectors import current_policy
from moderation.selectors import removal_notice_for

from . import selectors
from .embed import embed_csrf_exempt, embeddable
from .form_pages import draft_take, form_handle, form_page_shared, page_render
from .forms import CommentForm, ContactForm
from .pagecache import council_for_request, public_page
from .ratelimit import (
    public_form_address_limit,
    public_form_limit,
)
from .services import public_comment_submit, public_contact_submit, receipt_read

logger = logging.getLogger(__name__)

ANNOUNCEMENTS_PER_PAGE = 10


def _council(request, slug: str):
    return council_for_request(request, slug)


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


def _paged(response, page, number: int):
    # A number past the last page shows the last page: that answer is not kept under the number asked for.
    response.shared = page.number == number
    return response


@require_safe
def council_home(request, council_slug):
    number = _page_number(request)

    def render_home(council, _slot):
        page = Paginator(selectors.announcements_for_public(council=council), ANNOUNCEMENTS_PER_PAGE).get_page(number)
        return _paged(
            page_render(
                request,
                "public/council_home.html",
                council,
                {
                    "page": page,
                    "removal_notice": removal_notice_for(council=council),
                },
            ),
            page,
            number,
        )

    return public_page(request, council_slug, render_home, parts=(number,))


def _announcement_context(council, post, number: int) -> dict:
    return {
        "post": post,
        "comments": selectors.comments_page(post=post, number=number),
        "removal_notice": removal_notice_for(council=council),
    }


def _announcement(request, council_slug, pk, *, embed: bool):
    number = _page_number(request)
    if request.method != "POST" and not embed:

        def render_page(council, slot):
            context = _announcement_context(council, selectors.announcement_for_public(council=council, pk=pk), number)
            response = page_render(
                request,
                "public/announcement.html",
                council,
                {
                    **context,
                    "form": CommentForm(initial=draft_take(request, scope=f"{council.pk}:comment:{pk}")),
                },
                token_slot=slot,
            )
            return _paged(response, context["comments"], number)

        return public_page(
            request,
            council_slug,
            render_page,
            parts=(number,),
            form=True,
            shared=form_page_shared(request, scope=f"comment:{pk}"),
        )
    council = _council(request, council_slug)
    post = selectors.announcement_for_public(council=council, pk=pk)
    if request.method == "POST" and not post.allow_comments:
        return HttpResponseForbidden("Comments are closed on this announcement.")
    return form_handle(
        request,
        council,
        form_class=CommentForm,
        kind="comment",
        submit=lambda **data: public_comment_submit(council=council, post=post, **data),
        template="public/embed_comment.html" if embed else "public/announcement.html",
        context=lambda: {"post": post} if embed else _announcement_context(council, post, number),
        embed=embed,
        sent_url_name="public:embed_sent" if embed else "public:sent",
        sent_kwargs={"council_slug": council.slug},
        scope=f"comment:{post.pk}",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def announcement(request, council_slug, pk):
    return _announcement(request, council_slug, pk, embed=False)


@require_http_methods(["GET", "HEAD", "POST"])
@embed_csrf_exempt
@embeddable
def embed_comment(request, council_slug, pk):
    return _announcement(request, council_slug, pk, embed=True)


def _contact(request, council_slug, *, embed: bool):
    if request.method != "POST" and not embed:
        return public_page(
            request,
            council_slug,
            lambda council, slot: page_render(
                request,
                "public/contact.html",
                council,
                {
                    "form": ContactForm(initial=draft_take(request, scope=f"{council.pk}:contact")),
                },
                token_slot=slot,
            ),
            form=True,
            shared=form_page_shared(request, scope="contact"),
        )
    council = _council(request, council_slug)
    return form_handle(
        request,
        council,
        form_class=ContactForm,
        kind="contact",
        submit=lambda **data: public_contact_submit(council=council, **data),
        template="public/contact.html",
        context=dict,
        embed=embed,
        sent_url_name="public:embed_sent" if embed else "public:sent",
        sent_kwargs={"council_slug": council.slug},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request, council_slug):
    return _contact(request, council_slug, embed=False)


@require_http_methods(["GET", "HEAD", "POST"])
@embed_csrf_exempt
@embeddable
def embed_contact(request, council_slug):
    return _contact(request, council_slug, embed=True)


def _sent(request, council_slug, token, *, embed: bool):
    council = _council(request, council_slug)
    submission = None
    if token != "-":
        pk = receipt_read(council=council, token=token)
        submission = selectors.submission_for_receipt(council=council, pk=pk) if pk else None
        if submission is None:
            return page_render(request, "public/sent.html", council, {"expired": True}, status=404, embed=embed)
    outcome = (
        selectors.outcome_for(submission=submission)
        if submission
        else selectors.Outcome("received", "Message sent", "Thank you. Your message has been sent.")
    )
    return page_render(
        request,
        "public/sent.html",
        council,
        {
            "outcome": outcome,
            "submission": submission,
            "post": submission.post if submission else None,
            "policy": current_policy(council=council),
        },
        embed=embed,
    )


@require_safe
def sent(request, council_slug, token):
    return _sent(request, council_slug, token, embed=False)


@require_safe
@embeddable
def embed_sent(request, council_slug, token):
    return _sent(request, council_slug, token, embed=True)


@require_safe
def council_policy(request, council_slug):
    return public_page(
        request,
        council_slug,
        lambda council, _slot: page_render(
            request, "public/policy.html", council, {"policy": current_policy(council=council)}
        ),
    )


@require_safe
def privacy(request, council_slug):
    return public_page(
        request,
        council_slug,
        lambda council, _slot: page_render(
            request,
            "public/privacy.html",
            council,
            {
                "retention": selectors.retention_for_public(council=council),
                "limit": public_form_limit(),
                "address_limit": public_form_address_limit(),
            },
        ),
    )


@require_safe
def accessibility(request, council_slug):
    return public_page(
        request, council_slug, lambda council, _slot: page_render(request, "public/accessibility.html", council)
    )
