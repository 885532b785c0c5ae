"""What the Council does on its Page: hide, show again or delete a comment, reply, answer a message
privately, block a repeat offender (P7, P8). Every attempt is recorded with Facebook's answer."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from council.actors import Actor, user_of
from council.audit import audit_record
from council.models import Role
from council.selectors import roles_for_user
from moderation.models import ContactBlock
from moderation.services import ModerationError, contact_block_request, contact_page_block_record
from moderation.services.common import require_moderator
from social.graph import GraphError
from social.models import PageAction, PageConnection, PageItem

from .common import PageNotConnected, connection_for, page_call
from .connection import page_problem_record
from .intake import item_needs_hiding, reply_record, standard_reply_text

# Meta's standard messaging window: a Page may answer a person within 24 hours of their last message.
MESSAGING_WINDOW = dt.timedelta(hours=24)


class PageActionFailed(Exception):
    """Facebook did not do it; the message is for the person who asked."""


def _outcome(
    *,
    connection: PageConnection,
    item: PageItem | None,
    action: str,
    actor: Actor,
    automatic: bool,
    call,
    retry: bool | None = None,
) -> PageAction:
    """Make the call and record what happened. From a task (`retry`, by default when automatic) an error
    worth retrying is raised for the task to try again later; the last try records it."""
    try:
        answer = call()
    except GraphError as error:
        if (automatic if retry is None else retry) and error.is_transient:
            raise
        if error.is_token_problem or error.is_permission_problem:
            page_problem_record(connection=connection, error=error)
        ok, detail, result_id = False, error.plain(), ""
    else:
        ok, detail = True, ""
        result_id = str(answer.get("id") or answer.get("message_id") or "") if isinstance(answer, dict) else ""
    with transaction.atomic():
        done = PageAction.objects.create(
            council=connection.council,
            item=item,
            action=action,
            automatic=automatic,
            actor=user_of(actor),
            ok=ok,
            detail=detail,
            result_graph_id=result_id,
        )
        audit_record(
            council=connection.council,
            actor=actor,
            action=f"facebook.{action}",
            obj=done,
            summary=f"{done.get_action_display()}"
            + (f" {item.graph_id}" if item else "")
            + ("" if ok else f" failed: {detail}"),
            after={"ok": ok, "automatic": automatic},
        )
    return done


def _moderator_connection(item: PageItem, actor: Actor) -> PageConnection:
    require_moderator(council=item.council, actor=actor)
    try:
        return connection_for(item.council)
    except PageNotConnected as exc:
        raise PageActionFailed(str(exc)) from None


def _visibility_set(
    *, item: PageItem, actor: Actor, hidden: bool, automatic: bool = False, retry: bool | None = None
) -> PageAction:
    connection = connection_for(item.council) if automatic else _moderator_connection(item, actor)
    if item.kind == PageItem.Kind.MESSAGE:
        raise PageActionFailed("A private message is not on the Page, so it cannot be hidden or shown.")
    done = _outcome(
        connection=connection,
        item=item,
        action=PageAction.Action.HIDE if hidden else PageAction.Action.UNHIDE,
        actor=actor,
        automatic=automatic,
        retry=retry,
        call=lambda: page_call(connection, "POST", item.graph_id, data={"is_hidden": "true" if hidden else "false"}),
    )
    if done.ok:
        PageItem.objects.filter(pk=item.pk).update(is_hidden=hidden)
        item.is_hidden = hidden
    return done


def page_item_hide(*, item: PageItem, actor: Actor, automatic: bool = False, retry: bool | None = None) -> PageAction:
    return _visibility_set(item=item, actor=actor, hidden=True, automatic=automatic, retry=retry)


def page_item_unhide(*, item: PageItem, actor: Actor, retry: bool = False) -> PageAction:
    return _visibility_set(item=item, actor=actor, hidden=False, retry=retry)


def page_item_delete(*, item: PageItem, actor: Actor, retry: bool = False) -> PageAction:
    connection = _moderator_connection(item, actor)
    if item.kind == PageItem.Kind.MESSAGE:
        raise PageActionFailed("A private message cannot be deleted from the Page.")
    done = _outcome(
        connection=connection,
        item=item,
        action=PageAction.Action.DELETE,
        actor=actor,
        automatic=False,
        retry=retry,
        call=lambda: page_call(connection, "DELETE", item.graph_id),
    )
    if done.ok:
        PageItem.objects.filter(pk=item.pk).update(is_deleted=True, removed_at=timezone.now())
        item.is_deleted = True
    return done


def page_item_reply(*, item: PageItem, actor: Actor, text: str, automatic: bool = False) -> PageAction:
    """A reply in public under the comment (or post), or privately to a message within Meta's window."""
    text = (text or "").strip()
    if not text:
        raise PageActionFailed("Write the reply first.")
    connection = connection_for(item.council) if automatic else _moderator_connection(item, actor)
    if item.kind == PageItem.Kind.MESSAGE:
        sent_at = item.created_time or item.received_at
        if timezone.now() - sent_at > MESSAGING_WINDOW:
            raise PageActionFailed(
                "Facebook lets a Page answer a private message only within 24 hours of it; "
                "this one is older, so reply by email or letter if you have the person's address."
            )
        done = _outcome(
            connection=connection,
            item=item,
            action=PageAction.Action.MESSAGE,
            actor=actor,
            automatic=automatic,
            call=lambda: page_call(
                connection,
                "POST",
                f"{connection.page_id}/messages",
                data={"recipient": {"id": item.from_id}, "messaging_type": "RESPONSE", "message": {"text": text}},
            ),
        )
    else:
        done = _outcome(
            connection=connection,
            item=item,
            action=PageAction.Action.REPLY,
            actor=actor,
            automatic=automatic,
            call=lambda: page_call(connection, "POST", f"{item.graph_id}/comments", data={"message": text}),
        )
    if done.ok:
        with transaction.atomic():
            reply_record(item=item, text=text, actor=actor)
    return done


def _block_call(connection: PageConnection, item: PageItem) -> dict:
    # The Page's blocked edge takes lists of ids: a private message's sender is a Page-scoped id (psid),
    # a commenter a user id. Facebook answers a map of each id to whether it is now blocked.
    param = "psid" if item.kind == PageItem.Kind.MESSAGE else "user"
    person = int(item.from_id) if item.from_id.isdigit() else item.from_id
    answer = page_call(connection, "POST", f"{connection.page_id}/blocked", data={param: [person]})
    if answer.get(item.from_id) is not True:
        raise GraphError(message="Facebook did not confirm the block.", status=200)
    return {}


def page_person_block(*, item: PageItem, actor: Actor) -> PageAction | ContactBlock:
    """P8, on the Clerk's decision: a Page the Council runs blocks the person who wrote this item through the
    API; for a Page someone else runs, its owner is asked by email (moderation's block request)."""
    connection = _moderator_connection(item, actor)
    if item.submission is None:
        raise PageActionFailed("This item was not checked, so there is no one recorded to block.")
    if not connection.is_council_owned:
        try:
            return contact_block_request(submission=item.submission, actor=actor)
        except ModerationError as exc:
            raise PageActionFailed(str(exc)) from None
    if not roles_for_user(user=actor, council=item.council) & {Role.CLERK}:
        raise PermissionDenied("Only the Clerk decides to block someone from the Page.")
    if not item.from_id:
        raise PageActionFailed("Facebook did not say who wrote this, so there is no one to block.")
    done = _outcome(
        connection=connection,
        item=item,
        action=PageAction.Action.BLOCK,
        actor=actor,
        automatic=False,
        call=lambda: _block_call(connection, item),
    )
    if done.ok:
        contact_page_block_record(submission=item.submission, actor=actor, detail=f"Blocked on {connection}")
    return done


def page_item_follow_up(*, item: PageItem) -> list[PageAction]:
    """After the check: hide a breaching comment at once where the council asks, answer a message with the
    standard reply (P6). Rate limits are raised to the task, which retries with backoff."""
    connection = PageConnection.objects.filter(council=item.council, is_active=True).first()
    if connection is None or not connection.has_token or item.state != PageItem.State.CHECKED:
        return []
    done = []
    if item_needs_hiding(item=item, connection=connection):
        done.append(page_item_hide(item=item, actor=None, automatic=True))
    if (
        item.kind == PageItem.Kind.MESSAGE
        and connection.reply_to_messages
        and item.from_id
        and not item.actions.filter(action=PageAction.Action.MESSAGE, ok=True).exists()
    ):
        # Outside the messaging window (a late poll) it is not sent; the case shows no answer went there.
        with contextlib.suppress(PageActionFailed):
            done.append(page_item_reply(item=item, actor=None, text=standard_reply_text(item.council), automatic=True))
    return done
