"""Public council pages under /c/<slug>/: thin views over the moderation and council selectors and services."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.views.decorators.http import require_http_methods, require_safe

from council.selectors import current_policy
from moderation.models import Submission
from moderation.selectors import removal_notice_for
from moderation.services import ModerationError

from . import selectors
from .embed import embed_csrf_exempt, embed_token_make, embed_token_valid, embeddable, same_origin_post
from .forms import MESSAGE_MAX, CommentForm, ContactForm
from .pagecache import council_for_request, public_page
from .ratelimit import (
    client_address,
    public_form_address_limit,
    public_form_limit,
    rate_limit_count,
    rate_limit_exceeded,
)
from .services import public_comment_submit, public_contact_submit, receipt_make, receipt_read

logger = logging.getLogger(__name__)

ANNOUNCEMENTS_PER_PAGE = 10


def _council(request, slug: str):
    return council_for_request(request, slug)


def _page(
    request,
    template: str,
    council,
    context: dict | None = None,
    *,
    status: int = 200,
    embed: bool = False,
    token_slot: str | None = None,
):
    context = {
        "council": council,
        "embed": embed,
        "base_template": "public/embed_layout.html" if embed else "public/layout.html",
        "message_max": MESSAGE_MAX,
        **(context or {}),
    }
    if token_slot:
        context["csrf_token"] = token_slot  # in the copy kept for everyone; pagecache puts each visitor's own in
    return render(request, template, context, status=status)


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
            _page(
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


def _limit_message(refusal, *, council) -> str:
    at = timezone.localtime(refusal.until).strftime("%H:%M")
    when = f"You can send it at {at} (in {refusal.minutes} minute{'s' if refusal.minutes != 1 else ''})"
    if refusal.by == "contact":
        first = "You have sent several messages from this email address in a short time."
    else:
        first = (
            "Many messages have been sent from this internet connection in a short time (it may be shared, "
            "as in a library)."
        )
    return f"{first} {when}; what you wrote is kept below. Or email the Clerk at {council.clerk_email}."


DRAFT_KEY = "public_form_draft"


def _draft_keep(request, *, scope: str, data: dict) -> None:
    """A refused comment's words, kept for one return to the form (in the session: never in a URL or log)."""
    request.session[DRAFT_KEY] = {
        "scope": scope,
        "name": data["name"],
        "email": data["email"],
        "message": data["message"],
    }


def _draft_waiting(request, *, scope: str) -> bool:
    # Only a visitor with a session can have one; no session is read for anyone else.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    draft = request.session.get(DRAFT_KEY)
    return bool(draft) and draft.get("scope") == scope


def _shared_form_page(request, *, scope: str):
    """The form page is the same for everyone but the form's token (pagecache), except for a visitor whose
    refused words are kept for them. (A POST, or a form in a frame with its own signed token, is never shared.)"""
    return lambda council_id: not _draft_waiting(request, scope=f"{council_id}:{scope}")


def _draft_take(request, *, scope: str) -> dict | None:
    """The kept words for this form, once: taken out of the session as they are shown."""
    draft = request.session.get(DRAFT_KEY) if hasattr(request, "session") else None
    if not draft or draft.get("scope") != scope:
        return None
    del request.session[DRAFT_KEY]
    return {name: draft.get(name, "") for name in ("name", "email", "message")}


def _handle_form(
    request,
    council,
    *,
    form_class,
    kind: str,
    submit,
    template: str,
    context,
    embed: bool,
    sent_url_name: str,
    sent_kwargs: dict,
    scope: str = "",
):
    """GET shows the form; POST validates, checks the limits and passes the message to moderation.

    `context()` gives the rest of the page, asked only when the page is shown (not when a POST succeeds)."""
    scope = f"{council.pk}:{scope or kind}"
    status = 200
    if request.method == "POST":
        if embed and not (
            same_origin_post(request)
            and embed_token_valid(council=council, form=kind, token=request.POST.get("form_token", ""))
        ):
            return HttpResponseForbidden(
                "This form has expired or was not sent from this site. Please reload the page and try again."
            )
        form = form_class(request.POST)
        address = client_address(request)
        email = request.POST.get("email", "")[:254]
        if form.is_bot:
            # A bot filled in the hidden field: count it against the address and keep nothing.
            logger.info("public form honeypot filled on %s (%s)", council.slug, kind)
            rate_limit_count(council_id=council.pk, form=kind, address=address)
            return redirect(reverse(sent_url_name, kwargs={**sent_kwargs, "token": "-"}))
        refusal = rate_limit_exceeded(council_id=council.pk, form=kind, address=address, email=email)
        if refusal:
            form.is_valid()
            form.add_error(None, _limit_message(refusal, council=council))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                submission = submit(**form.submitted())
            except ModerationError as error:
                form.add_error("message", str(error))
                status = 400
            else:
                rate_limit_count(council_id=council.pk, form=kind, address=address, email=data["email"])
                if submission.status == Submission.Status.REJECTED:
                    _draft_keep(request, scope=scope, data=data)
                return redirect(
                    reverse(sent_url_name, kwargs={**sent_kwargs, "token": receipt_make(submission=submission)})
                )
        else:
            status = 400
    else:
        form = form_class(initial=_draft_take(request, scope=scope))
    return _page(
        request,
        template,
        council,
        {
            **context(),
            "form": form,
            "form_token": embed_token_make(council=council, form=kind) if embed else "",
        },
        status=status,
        embed=embed,
    )


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
            response = _page(
                request,
                "public/announcement.html",
                council,
                {
                    **context,
                    "form": CommentForm(initial=_draft_take(request, scope=f"{council.pk}:comment:{pk}")),
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
            shared=_shared_form_page(request, scope=f"comment:{pk}"),
        )
    council = _council(request, council_slug)
    post = selectors.announcement_for_public(council=council, pk=pk)
    if request.method == "POST" and not post.allow_comments:
        return HttpResponseForbidden("Comments are closed on this announcement.")
    return _handle_form(
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
            lambda council, slot: _page(
                request,
                "public/contact.html",
                council,
                {
                    "form": ContactForm(initial=_draft_take(request, scope=f"{council.pk}:contact")),
                },
                token_slot=slot,
            ),
            form=True,
            shared=_shared_form_page(request, scope="contact"),
        )
    council = _council(request, council_slug)
    return _handle_form(
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
            return _page(request, "public/sent.html", council, {"expired": True}, status=404, embed=embed)
    outcome = (
        selectors.outcome_for(submission=submission)
        if submission
        else selectors.Outcome("received", "Message sent", "Thank you. Your message has been sent.")
    )
    return _page(
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
        lambda council, _slot: _page(
            request, "public/policy.html", council, {"policy": current_policy(council=council)}
        ),
    )


@require_safe
def privacy(request, council_slug):
    return public_page(
        request,
        council_slug,
        lambda council, _slot: _page(
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
        request, council_slug, lambda council, _slot: _page(request, "public/accessibility.html", council)
    )


class AnnouncementsFeed(Feed):
    """Atom feed of a council's announcements, for the social page owner and anyone else to follow."""

    feed_type = Atom1Feed

    def get_object(self, request, council_slug):
        return getattr(request, "public_council", None) or selectors.council_for_public(slug=council_slug)

    def title(self, council):
        return f"{council.name}: announcements"

    def link(self, council):
        return reverse("public:council_home", kwargs={"council_slug": council.slug})

    def subtitle(self, council):
        return f"Announcements published by {council.name}."

    # RFC 4287 4.1.1: a feed has an author (or every entry has one). The Council is the author of its
    # announcements, whoever drafted them.
    def author_name(self, council):
        return council.name

    def author_link(self, council):
        return self.link(council)

    def feed_guid(self, council):
        return f"tag:council-comms,{council.slug}:announcements"

    def item_author_name(self, post):
        return post.council.name

    def items(self, council):
        return selectors.announcements_for_feed(council=council)

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        # Readers treat the summary as HTML: the text is escaped, then only paragraphs are added.
        return linebreaks(escape(post.body))

    def item_link(self, post):
        return reverse("public:announcement", kwargs={"council_slug": post.council.slug, "pk": post.pk})

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return (
            post.updated_at
            if post.updated_at and post.published_at and post.updated_at > post.published_at
            else post.published_at
        )

    def item_guid(self, post):
        return f"tag:council-comms,{post.council.slug}:announcement:{post.pk}"

    item_guid_is_permalink = False


_feed = AnnouncementsFeed()


@require_safe
def announcements_feed(request, council_slug):
    return public_page(request, council_slug, lambda _council, _slot: _feed(request, council_slug=council_slug))
