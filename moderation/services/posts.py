"""Council posts: draft, automatic check, approval by a moderator who is not the author, publication (P3, P16)."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.models import Channel, Direction, Thread
from comms.services.correspondence import RecipientSpec, record_create, thread_create
from council.actors import Actor
from council.audit import audit_record
from council.models import Council, PolicyChannel
from council.services import public_pages_version_move
from moderation.council_engine import engine_for_council
from moderation.images import ImageRejected, post_image_reencode
from moderation.models import CRITERION_LABELS, POST_CHANNELS, CouncilPost, CouncilPostEdit, Decision, Finding
from moderation.social_page import social_page

from .common import ModerationError, findings_store, require_moderator

MAX_SMS = 612  # four concatenated SMS segments


def _validate(*, channel: str, title: str, body: str) -> None:
    if channel not in POST_CHANNELS:
        raise ModerationError("Choose a channel: website announcement, social page or SMS.")
    if not (title or "").strip():
        raise ModerationError("A post needs a title.")
    if not (body or "").strip():
        raise ModerationError("A post needs some text.")
    if channel == PolicyChannel.SMS and len(body) > MAX_SMS:
        raise ModerationError(f"An SMS text can be at most {MAX_SMS} characters.")


def _image_checked(image):
    """An uploaded image, opened by content and re-encoded; a file that is not a picture is refused."""
    if not image:
        return image
    try:
        return post_image_reencode(image)
    except ImageRejected as exc:
        raise ModerationError(str(exc)) from None


@transaction.atomic
def council_post_create(
    *,
    council: Council,
    author,
    title: str,
    body: str,
    channel: str = PolicyChannel.WEBSITE,
    image=None,
    image_alt: str = "",
    allow_comments: bool = True,
) -> CouncilPost:
    require_moderator(council=council, actor=author)
    _validate(channel=channel, title=title, body=body)
    if (
        channel == PolicyChannel.SOCIAL_PAGE
        and not council.social_page_owner_email
        and not social_page(council=council)
    ):
        raise ModerationError(
            "This council has no social page owner's email address, so a post cannot be sent "
            "to a social page; set it in the council's settings first."
        )
    image = _image_checked(image)
    post = CouncilPost.objects.create(
        council=council,
        author=author,
        title=title.strip()[:200],
        body=body.strip(),
        channel=channel,
        image=image or "",
        image_alt=image_alt[:300],
        allow_comments=allow_comments,
    )
    audit_record(
        council=council,
        actor=author,
        action="council_post.created",
        obj=post,
        summary=post.title,
        after={"status": post.status, "channel": channel},
    )
    return post


def _locked(post: CouncilPost) -> CouncilPost:
    return CouncilPost.objects.select_for_update(of=("self",)).select_related("council").get(pk=post.pk)


@transaction.atomic
def council_post_update(
    *,
    post: CouncilPost,
    actor: Actor,
    title: str,
    body: str,
    image_alt: str | None = None,
    image=None,
    allow_comments: bool | None = None,
) -> CouncilPost:
    """Edit a post before publication; any approval and check fall away (the text changed).

    P3: whoever changes what readers see (title, text, image or its description) becomes one of the
    post's authors, so the approval must come from someone who neither wrote nor edited it.
    """
    require_moderator(council=post.council, actor=actor)
    post = _locked(post)
    if post.status in (CouncilPost.Status.PUBLISHED, CouncilPost.Status.WITHDRAWN):
        raise ModerationError("A published or withdrawn post cannot be edited.")
    _validate(channel=post.channel, title=title, body=body)
    before = {"status": post.status, "title": post.title, "body": post.body}
    new_title, new_body = title.strip()[:200], body.strip()
    text_changed = (
        new_title != post.title
        or new_body != post.body
        or bool(image)
        or (image_alt is not None and image_alt[:300] != post.image_alt)
    )
    if text_changed:
        CouncilPostEdit.objects.create(
            post=post, editor=actor, title_before=post.title, body_before=post.body, status_before=post.status
        )
    post.title, post.body = new_title, new_body
    if image_alt is not None:
        post.image_alt = image_alt[:300]
    if image:
        post.image = _image_checked(image)
    if allow_comments is not None:
        post.allow_comments = allow_comments
    post.status = CouncilPost.Status.DRAFT
    post.check_decision, post.check_criteria, post.blocks_approval, post.checked_at = "", [], False, None
    post.approved_by, post.approved_at = None, None
    post.updated_at = timezone.now()
    post.save()
    Finding.objects.filter(post=post).delete()
    audit_record(
        council=post.council,
        actor=actor,
        action="council_post.updated",
        obj=post,
        summary=post.title,
        before=before,
        after={"status": post.status, "title": post.title, "body": post.body, "text_changed": text_changed},
    )
    return post


@transaction.atomic
def council_post_check(*, post: CouncilPost, actor: Actor) -> CouncilPost:
    """Run the P3 checks; political advertising, personal information or a rejection block approval."""
    require_moderator(council=post.council, actor=actor)
    post = _locked(post)
    if post.status not in (CouncilPost.Status.DRAFT, CouncilPost.Status.CHECKED):
        raise ModerationError(f"This post is {post.get_status_display().lower()}; only a draft is checked.")
    result = engine_for_council(council=post.council).check(post.text, kind="council_post")
    Finding.objects.filter(post=post).delete()
    findings_store(result=result, post=post)
    post.check_decision = result.decision
    post.check_criteria = list(result.criteria)
    post.blocks_approval = result.blocks_approval or result.decision == Decision.REJECT
    post.checked_at = timezone.now()
    post.status = CouncilPost.Status.CHECKED
    post.save(update_fields=["check_decision", "check_criteria", "blocks_approval", "checked_at", "status"])
    audit_record(
        council=post.council,
        actor=actor,
        action="council_post.checked",
        obj=post,
        summary=f"{post.title}: {result.decision}" + (f" ({', '.join(result.criteria)})" if result.criteria else ""),
        after={"decision": result.decision, "criteria": list(result.criteria), "blocks_approval": post.blocks_approval},
    )
    return post


def approval_problem(*, post: CouncilPost, user) -> str:
    """Why this user cannot approve this post now, or "" if they can."""
    if post.status != CouncilPost.Status.CHECKED:
        return "Only a checked post can be approved; run the check first."
    if getattr(user, "pk", None) in post.author_ids():
        # P3: two people, always: nobody approves words they wrote or changed.
        return (
            "You wrote or edited this post, so you cannot approve it: another of the Chair, Vice-Chair "
            "or Clerk who has not changed its text must approve it."
        )
    if post.blocks_approval:
        labels = ", ".join(CRITERION_LABELS.get(c, c) for c in post.check_criteria) or "a breach of the policy"
        return f"The check found {labels}; edit the post and check it again."
    return ""


@transaction.atomic
def council_post_approve(*, post: CouncilPost, actor: Actor) -> CouncilPost:
    require_moderator(council=post.council, actor=actor)
    post = _locked(post)
    problem = approval_problem(post=post, user=actor)
    if problem:
        if actor.pk in post.author_ids():
            raise PermissionDenied(problem)
        raise ModerationError(problem)
    post.status = CouncilPost.Status.APPROVED
    post.approved_by = actor
    post.approved_at = timezone.now()
    post.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(
        council=post.council,
        actor=actor,
        action="council_post.approved",
        obj=post,
        summary=post.title,
        before={"status": CouncilPost.Status.CHECKED},
        after={"status": post.status, "author": post.author_id, "authors": sorted(post.author_ids())},
    )
    return post


def _social_page_email(*, post: CouncilPost, actor: Actor):
    council = post.council
    if not council.social_page_owner_email:
        raise ModerationError("No social page owner's email address is set for this council.")
    image_url = (
        f"{django_settings.SITE_URL.rstrip('/')}{reverse('public:announcement_image', args=[council.slug, post.pk])}"
        if post.image
        else ""
    )
    thread = thread_create(
        council=council, subject=f"Social page post: {post.title}", actor=actor, status=Thread.Status.AWAITING_REPLY
    )
    outbound = council_email_send(
        council=council,
        purpose=Purpose.SOCIAL_PAGE_POST,
        to=[council.social_page_owner_email],
        template="social_page_post",
        context={"post": post, "image_url": image_url},
        thread=thread,
        actor=actor,
        recipients=[RecipientSpec(address=council.social_page_owner_email, name=council.social_page_owner_name)],
    )
    return outbound.record


@transaction.atomic
def council_post_publish(*, post: CouncilPost, actor: Actor) -> CouncilPost:
    """Publish an approved post on its channel and enter it in the register (P14)."""
    require_moderator(council=post.council, actor=actor)
    post = _locked(post)
    if post.status != CouncilPost.Status.APPROVED:
        raise ModerationError("Only an approved post can be published.")
    page = social_page(council=post.council) if post.channel == PolicyChannel.SOCIAL_PAGE else None
    if page is not None:  # the Council's connected Page: published through its API (social app)
        record = page.post_publish(post=post, actor=actor)
    elif post.channel == PolicyChannel.SOCIAL_PAGE:
        record = _social_page_email(post=post, actor=actor)
    else:
        channel = Channel.SMS if post.channel == PolicyChannel.SMS else Channel.WEBSITE_FORM
        thread = thread_create(
            council=post.council,
            subject=f"{post.get_channel_display()}: {post.title}",
            actor=actor,
            status=Thread.Status.CLOSED,
        )
        record = record_create(
            thread=thread,
            channel=channel,
            direction=Direction.OUT,
            actor=actor,
            subject=post.title,
            body_text=post.body,
            sender_member=actor,
            sender_display=post.council.name,
        )
    post.status = CouncilPost.Status.PUBLISHED
    post.published_by = actor
    post.published_at = timezone.now()
    post.record = record
    post.save(update_fields=["status", "published_by", "published_at", "record"])
    audit_record(
        council=post.council,
        actor=actor,
        action="council_post.published",
        obj=post,
        summary=post.title,
        before={"status": CouncilPost.Status.APPROVED},
        after={"status": post.status, "channel": post.channel, "record": record.pk},
    )
    public_pages_version_move(council=post.council)
    return post


@transaction.atomic
def council_post_withdraw(*, post: CouncilPost, actor: Actor, reason: str = "") -> CouncilPost:
    require_moderator(council=post.council, actor=actor)
    post = _locked(post)
    if post.status == CouncilPost.Status.WITHDRAWN:
        return post
    before = post.status
    post.status = CouncilPost.Status.WITHDRAWN
    post.save(update_fields=["status"])
    audit_record(
        council=post.council,
        actor=actor,
        action="council_post.withdrawn",
        obj=post,
        summary=f"{post.title}: {reason}"[:500],
        before={"status": before},
        after={"status": post.status},
    )
    public_pages_version_move(council=post.council)
    return post
