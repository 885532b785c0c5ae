"""Meetings (P9) and the Clerk's correspondence report for each one (P5, P11, P14).

The report covers the record since the previous meeting of the same body: official, non-confidential
correspondence received and sent, referrals and their outcomes, actions completed and the emerging
themes of public comments. Private individuals are minimised ("a resident of Mill Lane"). It is
generated as editable text the Clerk can change before printing it or saving it as a PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from comms.models import UNOFFICIAL_CHANNELS, Capacity, Confidentiality, Contact, Correspondence, Direction, Referral
from council.actors import Actor, user_of
from council.audit import audit_record
from council.models import Body, Council, Meeting
from moderation.models import PRIVATE_SOURCES, PUBLIC_SOURCES, CouncilPost, Submission
from moderation.themes import group_themes
from reports.minimise import minimise_party, minimise_text, person_description
from reports.models import MeetingReport
from reports.selectors import meeting_agenda

FIRST_REPORT_LOOKBACK = dt.timedelta(days=91)


@transaction.atomic
def meeting_create(
    *, council: Council, actor: Actor, body: Body, date: dt.date, title: str = "", location: str = ""
) -> Meeting:
    if body.council_id != council.pk:
        raise ValidationError("That body is not one of this council's.")
    if Meeting.objects.filter(body=body, date=date).exists():
        raise ValidationError(f"{body} already has a meeting on {date:%d %B %Y}.")
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                council=council, body=body, date=date, title=title.strip()[:200], location=location.strip()[:200]
            )
    except IntegrityError as exc:
        raise ValidationError(f"{body} already has a meeting on {date:%d %B %Y}.") from exc
    audit_record(
        council=council,
        actor=actor,
        action="meeting.created",
        obj=meeting,
        summary=str(meeting),
        after={"body": body.pk, "date": date, "title": meeting.title, "location": meeting.location},
    )
    return meeting


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def meeting_report_period(*, meeting: Meeting, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """From the end of the previous meeting's report (or the previous meeting's day) to this meeting's day."""
    now = now or timezone.now()
    previous = Meeting.objects.filter(body=meeting.body, date__lt=meeting.date).order_by("-date").first()
    if previous is None:
        since = _start_of(meeting.date) - FIRST_REPORT_LOOKBACK
    else:
        previous_report = MeetingReport.objects.filter(meeting=previous).first()
        since = previous_report.period_to if previous_report else _start_of(previous.date)
    until = min(now, _start_of(meeting.date))
    return since, max(since, until)


def _fmt_day(value) -> str:
    value = timezone.localtime(value).date() if isinstance(value, dt.datetime) else value
    return f"{value.day} {value:%b %Y}"


def _party(contact: Contact | None, *, fallback: str = "", names=()) -> str:
    """How a correspondent appears in print: a business or organisation by name, a person described."""
    if contact is not None:
        if contact.kind != Contact.Kind.PERSON and contact.name:
            return contact.name
        return person_description(address=contact.address)
    return minimise_party(fallback, names=names) if fallback and "@" not in fallback else "a resident"


@dataclass
class ReportMaterial:
    received: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    announcements: list[str] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)


def report_records(*, council: Council, since: dt.datetime, until: dt.datetime):
    """Official, non-confidential correspondence in the period, junk and robot mail left out."""
    return (
        Correspondence.objects.filter(
            council=council,
            occurred_at__gte=since,
            occurred_at__lt=until,
            withdrawn_at__isnull=True,
            is_automatic=False,
            thread__is_low_priority=False,
            thread__private_to__isnull=True,
            direction__in=[Direction.IN, Direction.OUT],
        )
        .filter(Q(capacity=Capacity.OFFICIAL) | Q(copied_to_clerk=True))
        .exclude(confidentiality=Confidentiality.CONFIDENTIAL)
        .exclude(channel__in=list(UNOFFICIAL_CHANNELS))
        .select_related("thread", "sender_contact", "sender_member")
        .prefetch_related("recipients__contact", "recipients__member", "recipients__agency")
        .order_by("occurred_at", "pk")
    )


def report_material(*, meeting: Meeting, since: dt.datetime, until: dt.datetime) -> ReportMaterial:
    council = meeting.council
    records = list(report_records(council=council, since=since, until=until)[:2000])
    # Public comments are reported as themes with counts (P5), and the Council's own announcements
    # as announcements: neither is correspondence with a correspondent.
    comment_threads, announcements = _published_elsewhere(council=council, records=records)
    records = [r for r in records if r.thread_id not in comment_threads and r.pk not in announcements]
    material_announcements = [
        f"{_fmt_day(post.published_at or post.created_at)} · {post.get_channel_display()}: {post.title}"
        for post in sorted(announcements.values(), key=lambda p: (p.published_at or p.created_at, p.pk))
    ]
    names = _names_in(records)
    material = ReportMaterial(announcements=material_announcements)
    # One line per case and direction: a burst of comments on one post is one item with a count.
    grouped: dict[tuple[int, str], dict] = {}
    for r in records:
        if r.direction == Direction.IN:
            who = (
                str(r.sender_member)
                if r.sender_member_id
                else _party(r.sender_contact, fallback=r.sender_display, names=names)
            )
            parties = [who]
        else:
            parties = []
            for rc in r.recipients.all():
                if rc.agency_id:
                    parties.append(rc.agency.name)
                elif rc.member_id:
                    parties.append(str(rc.member))
                else:
                    parties.append(_party(rc.contact, fallback=rc.name, names=names))
        entry = grouped.setdefault((r.thread_id, r.direction), {"first": r, "count": 0, "parties": {}, "channels": {}})
        entry["count"] += 1
        entry["parties"].update(dict.fromkeys(parties))
        entry["channels"][r.get_channel_display()] = None
    for (_thread_id, direction), entry in grouped.items():
        r = entry["first"]
        subject = minimise_text(r.subject or r.thread.subject or "(no subject)", names=names)
        parties = list(entry["parties"]) or ["a correspondent"]
        who = ", ".join(parties[:3]) + (f" and {len(parties) - 3} others" if len(parties) > 3 else "")
        count = f" ({entry['count']} messages)" if entry["count"] > 1 else ""
        head = f"{_fmt_day(r.occurred_at)} · {r.thread.reference} · {'/'.join(entry['channels'])}"
        if direction == Direction.IN:
            material.received.append(f"{head} from {who}: {subject}{count} ({r.thread.get_status_display()})")
        else:
            material.sent.append(f"{head} to {who}: {subject}{count}")
    _referral_lines(material, council=council, since=since, until=until, names=names)
    material.themes = _themes(council=council, since=since, until=until, names=names)
    for ref in meeting_agenda(meeting=meeting):
        note = minimise_text(ref.note.strip(), names=names)
        material.agenda.append(
            f"{ref.thread.reference} {minimise_text(ref.thread.subject or '(no subject)', names=names)}"
            + (f": {note}" if note else "")
        )
    return material


def _names_in(records) -> set[str]:
    """The names of the people in these records (contacts, recipients, senders), to be minimised."""
    contact_ids = {r.sender_contact_id for r in records if r.sender_contact_id} | {
        r.thread.contact_id for r in records if r.thread.contact_id
    }
    contact_ids |= {rc.contact_id for r in records for rc in r.recipients.all() if rc.contact_id}
    names = set(
        Contact.objects.filter(pk__in=contact_ids, kind=Contact.Kind.PERSON)
        .exclude(name="")
        .values_list("name", flat=True)
    )
    names |= {
        r.sender_display.split("<")[0].strip().strip('"')
        for r in records
        if r.direction == Direction.IN and not r.sender_member_id and r.sender_display
    }
    return names


def _referral_lines(material: ReportMaterial, *, council: Council, since, until, names) -> None:
    """Referrals made or completed in the period, as report lines (no private or low-priority case)."""
    referrals = (
        Referral.objects.filter(council=council)
        .filter(Q(created_at__gte=since, created_at__lt=until) | Q(completed_at__gte=since, completed_at__lt=until))
        .select_related("thread", "to_member", "to_agency", "to_body")
        .order_by("created_at", "pk")
    )
    for ref in referrals:
        if ref.thread.is_low_priority or ref.thread.private_to_id:
            continue
        subject = minimise_text(ref.thread.subject or "(no subject)", names=names)
        outcome = minimise_text(ref.outcome.strip(), names=names) if ref.outcome.strip() else ""
        if since <= ref.created_at < until:
            state = f"completed {_fmt_day(ref.completed_at)}" if ref.completed_at else "open"
            material.referrals.append(
                f"{ref.thread.reference} {subject}: {ref.get_purpose_display().lower()} to {ref.target} "
                f"({_fmt_day(ref.created_at)}; {state})" + (f". Outcome: {outcome}" if outcome else "")
            )
        if ref.completed_at and since <= ref.completed_at < until:
            material.completed.append(
                f"{_fmt_day(ref.completed_at)} · {ref.thread.reference} {subject}: {ref.target}"
                + (f". {outcome}" if outcome else "")
            )


def _published_elsewhere(*, council: Council, records) -> tuple[set[int], dict]:
    """Cases that hold a public comment, and the records that are the Council's own announcements."""
    ids = [r.pk for r in records]
    comments = Submission.objects.filter(
        council=council, record_id__in=ids, source__in=list(PUBLIC_SOURCES - PRIVATE_SOURCES)
    )
    threads = set(comments.values_list("record__thread_id", flat=True))
    posts = {p.record_id: p for p in CouncilPost.objects.filter(council=council, record_id__in=ids)}
    return threads, posts


# Words that say how someone feels, not what about: a theme named only by these says nothing.
_WEAK_TERMS = frozenset(
    """done good great agree agreed nice love lovely brilliant excellent fantastic amazing awesome shame sad
    happy glad best better worse worst bad job work news post comment comments yes sure true right wrong fine
    okay lol hope hopefully time day week year lot lots thing things way sorry""".split()
)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _themes(*, council: Council, since: dt.datetime, until: dt.datetime, names) -> list[str]:
    """Public comments as counts and emerging themes (P5), from the moderation app's grouping.

    First how many comments came in and what became of them, then each theme as the number of
    comments and the words they share; a theme named only by words like "done" is left out.
    """
    comments = list(
        Submission.objects.filter(
            council=council,
            source__in=list(PUBLIC_SOURCES - PRIVATE_SOURCES),
            received_at__gte=since,
            received_at__lt=until,
        )
        .select_related("post")
        .only("pk", "text", "status", "post__title", "council_id")
        .order_by("received_at", "pk")[:5000]
    )
    if not comments:
        return []
    counts: dict[str, int] = {}
    for comment in comments:
        counts[comment.status] = counts.get(comment.status, 0) + 1
    words = {
        Submission.Status.PUBLISHED: "published",
        Submission.Status.PENDING: "awaiting moderation",
        Submission.Status.REJECTED: "not published",
        Submission.Status.REMOVED: "removed after publication",
    }
    outcomes = [f"{counts[s]} {w}" for s, w in words.items() if counts.get(s)]
    total = len(comments)
    lines = [
        f"{total} public comment{'s' if total != 1 else ''} received" + (f": {', '.join(outcomes)}" if outcomes else "")
    ]
    for theme in group_themes(comments)[:10]:
        terms = [t for t in theme.terms if t not in _WEAK_TERMS]
        if not terms:
            continue
        label = minimise_text(_and(terms), names=names)
        titles = {c.post.title for c in theme.items if c.post_id}
        on = f' on "{minimise_text(next(iter(titles)), names=names)}"' if len(titles) == 1 else ""
        lines.append(f"{theme.size} comments about {label}{on}")
    return lines


def report_text(*, meeting: Meeting, material: ReportMaterial) -> str:
    def section(title: str, lines: list[str], empty: str) -> str:
        return f"## {title}\n" + ("\n".join(f"- {line}" for line in lines) if lines else empty)

    return (
        "\n\n".join(
            [
                section("Correspondence received", material.received, "No correspondence was received."),
                section("Correspondence sent", material.sent, "No correspondence was sent."),
                section("Referrals and their outcomes", material.referrals, "Nothing was referred."),
                section("Actions completed", material.completed, "No referred actions were completed."),
                section("Public comments and emerging themes", material.themes, "No public comments were received."),
                section("Announcements published", material.announcements, "No announcements were published."),
                section(
                    "Items referred to this meeting", material.agenda, "Nothing has been referred to this meeting."
                ),
            ]
        )
        + "\n"
    )


@transaction.atomic
def meeting_report_generate(*, meeting: Meeting, actor: Actor, now: dt.datetime | None = None) -> MeetingReport:
    """Build the report from the record; regenerating replaces the Clerk's edits (the audit trail keeps them)."""
    since, until = meeting_report_period(meeting=meeting, now=now)
    material = report_material(meeting=meeting, since=since, until=until)
    title = f"Clerk's correspondence report: {meeting.body}, {meeting.date.day} {meeting.date:%B %Y}"
    introduction = (
        f"Correspondence of {meeting.council.name} from {_fmt_day(since)} to {_fmt_day(until)}. "
        "Copies of all letters and emails listed are available to view at the meeting. "
        "Names and addresses of private individuals are not published."
    )
    body = report_text(meeting=meeting, material=material)
    report = MeetingReport.objects.select_for_update().filter(meeting=meeting).first()
    before = {"title": report.title, "introduction": report.introduction, "body": report.body} if report else None
    if report is None:
        report = MeetingReport(council=meeting.council, meeting=meeting)
    report.period_from, report.period_to = since, until
    report.title, report.introduction, report.body = title, introduction, body
    report.generated_at, report.generated_by = (
        timezone.now(),
        user_of(actor),
    )
    report.edited_at = report.edited_by = None
    report.save()
    audit_record(
        council=meeting.council,
        actor=actor,
        action="meeting_report.generated",
        obj=report,
        summary=f"{title} ({len(material.received)} received, {len(material.sent)} sent)",
        before=before,
        after={
            "period_from": since,
            "period_to": until,
            "received": len(material.received),
            "sent": len(material.sent),
            "referrals": len(material.referrals),
        },
    )
    return report


@transaction.atomic
def meeting_report_update(
    *, report: MeetingReport, actor: Actor, title: str, introduction: str, body: str
) -> MeetingReport:
    title = (title or "").strip()
    if not title:
        raise ValidationError("The report needs a title.")
    report = MeetingReport.objects.select_for_update().get(pk=report.pk)
    before = {"title": report.title, "introduction": report.introduction, "body": report.body}
    report.title, report.introduction, report.body = (
        title[:300],
        (introduction or "").strip(),
        (body or "").strip() + "\n",
    )
    report.edited_at, report.edited_by = timezone.now(), actor
    report.save(update_fields=["title", "introduction", "body", "edited_at", "edited_by"])
    audit_record(
        council=report.council,
        actor=actor,
        action="meeting_report.edited",
        obj=report,
        summary=f"{report.title} edited",
        before=before,
        after={"title": report.title, "introduction": report.introduction, "body": report.body},
    )
    return report
