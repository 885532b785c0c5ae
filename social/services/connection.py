"""Connecting a council's Facebook Page: the id and sealed secrets, the connection test, and the status the
Clerk sees when Facebook refuses (with one email to the Clerk per problem)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from council.actors import Actor
from council.audit import audit_record
from council.models import Council
from social.graph import GraphError
from social.models import PageConnection
from social.sealing import secret_seal

from .common import PageNotConnected, connection_for, page_call, token_debug

# What the Page access token needs: read and moderate comments, publish posts, answer messages and
# receive the Page's webhooks.
REQUIRED_PERMISSIONS = (
    "pages_manage_engagement",
    "pages_read_user_content",
    "pages_manage_posts",
    "pages_messaging",
    "pages_manage_metadata",
)


def _page_id_checked(page_id: str) -> str:
    page_id = (page_id or "").strip()
    if not page_id.isdigit() or len(page_id) > 40:
        raise ValidationError("The Page id is the number Facebook shows under the Page's About, Page transparency.")
    return page_id


@transaction.atomic
def page_connection_save(
    *,
    council: Council,
    actor: Actor,
    page_id: str,
    access_token: str = "",
    app_secret: str = "",
    ownership: str = PageConnection.Ownership.COUNCIL,
    breaches: str = PageConnection.Breaches.HIDE_AND_QUEUE,
    reply_to_messages: bool = True,
    is_active: bool = True,
) -> PageConnection:
    """Save the Page's settings; a blank token or app secret keeps the one already saved (never shown back)."""
    connection = PageConnection.objects.select_for_update().filter(council=council).first()
    created = connection is None
    if created:
        connection = PageConnection(council=council)
    connection.page_id = _page_id_checked(page_id)
    connection.ownership, connection.breaches = ownership, breaches
    connection.reply_to_messages, connection.is_active = bool(reply_to_messages), bool(is_active)
    changed_secrets = []
    if access_token.strip():
        connection.token_sealed = secret_seal(access_token.strip())
        changed_secrets.append("access token")
    if app_secret.strip():
        connection.app_secret_sealed = secret_seal(app_secret.strip())
        changed_secrets.append("app secret")
    if changed_secrets:
        connection.status, connection.status_detail, connection.problem_emailed_at = (
            PageConnection.Status.UNTESTED,
            "",
            None,
        )
    connection.updated_at = timezone.now()
    connection.save()
    audit_record(
        council=council,
        actor=actor,
        action="facebook.connection_saved",
        obj=connection,
        summary=f"Facebook Page {connection.page_id} "
        + ("connected" if created else "settings changed")
        + (f"; new {' and '.join(changed_secrets)}" if changed_secrets else ""),
        # The secrets themselves are never written to the audit trail or the log.
        after={
            "page_id": connection.page_id,
            "ownership": ownership,
            "breaches": breaches,
            "new_secrets": changed_secrets,
            "active": connection.is_active,
        },
    )
    return connection


def _expiry(raw) -> dt.datetime | None:
    # debug_token: expires_at 0 means the token does not expire (a long-lived Page token).
    try:
        seconds = int(raw or 0)
    except (TypeError, ValueError):
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC) if seconds else None


@transaction.atomic
def page_connection_test(*, council: Council, actor: Actor = None) -> PageConnection:
    """Ask Facebook for the Page's name and what the token may do; the result is the connection's status."""
    connection = connection_for(council)
    try:
        page = page_call(connection, "GET", connection.page_id, params={"fields": "id,name"})
        token = token_debug(connection)
    except GraphError as error:
        return page_problem_record(connection=connection, error=error)
    connection.page_name = str(page.get("name") or "")[:200]
    connection.token_expires_at = _expiry(token.get("expires_at"))
    connection.token_scopes = sorted(str(s) for s in token.get("scopes") or [])
    connection.missing_permissions = [p for p in REQUIRED_PERMISSIONS if p not in connection.token_scopes]
    connection.checked_at = timezone.now()
    if not token.get("is_valid", False):
        connection.status = PageConnection.Status.TOKEN
        connection.status_detail = "Facebook says the Page access token is not valid. Add a new one."
    elif connection.missing_permissions:
        connection.status = PageConnection.Status.PERMISSIONS
        connection.status_detail = "The token lacks: " + ", ".join(connection.missing_permissions) + "."
    else:
        connection.status, connection.status_detail, connection.problem_emailed_at = PageConnection.Status.OK, "", None
    connection.save()
    audit_record(
        council=council,
        actor=actor,
        action="facebook.connection_tested",
        obj=connection,
        summary=f"Facebook Page test: {connection.get_status_display()}",
        after={
            "status": connection.status,
            "page_name": connection.page_name,
            "missing": connection.missing_permissions,
        },
    )
    return connection


@transaction.atomic
def page_problem_record(*, connection: PageConnection, error: GraphError) -> PageConnection:
    """Facebook refused in a way retrying will not mend: the status says so, and the Clerk is emailed once."""
    connection = PageConnection.objects.select_for_update().get(pk=connection.pk)
    if error.is_token_problem:
        connection.status = PageConnection.Status.TOKEN
    elif error.is_permission_problem:
        connection.status = PageConnection.Status.PERMISSIONS
    else:
        connection.status = PageConnection.Status.ERROR
    connection.status_detail = error.plain()
    connection.checked_at = timezone.now()
    should_email = (error.is_token_problem or error.is_permission_problem) and connection.problem_emailed_at is None
    if should_email and connection.council.clerk_email:
        council_email_send(
            council=connection.council,
            purpose=Purpose.SOCIAL_PAGE_PROBLEM,
            to=[connection.council.clerk_email],
            template="facebook_page_problem",
            context={"connection": connection, "problem": connection.status_detail},
        )
        connection.problem_emailed_at = timezone.now()
    connection.save()
    audit_record(
        council=connection.council,
        actor=None,
        action="facebook.problem",
        obj=connection,
        summary=f"Facebook Page: {connection.status_detail}"[:500],
        after={"status": connection.status, "code": error.code, "emailed": bool(should_email)},
    )
    return connection


__all__ = [
    "REQUIRED_PERMISSIONS",
    "PageNotConnected",
    "page_connection_save",
    "page_connection_test",
    "page_problem_record",
]
