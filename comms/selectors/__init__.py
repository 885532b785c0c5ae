"""Reads of the register, with who-may-see-what built in (P13, P17). Views use only these.

- visibility: the one set of rules for who may open which record, case and contact.
- inbox: the Clerk's inbox and Today page.
- portal: the councillor's portal.
"""

from .inbox import (
    CLOSED_STATUSES,
    PAGE_SIZES,
    InboxFilters,
    InboxPage,
    TodayView,
    inbox_page,
    inbox_threads,
    meeting_referrals,
    status_counts,
    thread_overdue_q,
    today_view,
)
from .portal import PortalView, RegisterLine, portal_for_member, referral_for_member
from .visibility import (
    ThreadView,
    contacts_visible,
    correspondent_for,
    record_for,
    record_visibility_q,
    records_visible,
    thread_for,
    thread_view,
    threads_visible,
)

__all__ = [
    "CLOSED_STATUSES",
    "PAGE_SIZES",
    "InboxFilters",
    "InboxPage",
    "PortalView",
    "RegisterLine",
    "ThreadView",
    "TodayView",
    "contacts_visible",
    "correspondent_for",
    "inbox_page",
    "inbox_threads",
    "meeting_referrals",
    "portal_for_member",
    "record_for",
    "record_visibility_q",
    "records_visible",
    "referral_for_member",
    "status_counts",
    "thread_for",
    "thread_overdue_q",
    "thread_view",
    "threads_visible",
    "today_view",
]
