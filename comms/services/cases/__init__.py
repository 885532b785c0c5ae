"""What the Clerk does to a case: triage, refer, take to a meeting, reply, close (P5, P9, P11, P14).

Every function locks the thread, checks the move is allowed, changes it and writes the audit
event in one transaction. Nothing here deletes: withdrawing a record marks it (P14).

- threads: a case's status and notes; a record's withdrawal and confidentiality.
- referrals: referring a case to a member or an agency, or taking it to a meeting.
- replies: answering as the Council (saved replies) and logging calls, letters and meetings.
- common: what they share (locking a case, changing its status with its audit event).
"""

from comms.services.cases.common import OPEN_STATUSES
from comms.services.cases.referrals import referral_create, referral_to_meeting_create, referral_validate
from comms.services.cases.replies import (
    LOGGED_CHANNELS,
    SOCIAL_MEDIA_REPLY_TITLE,
    communication_log,
    reply_create_as_council,
    saved_replies_standard_ensure,
    saved_reply_render,
)
from comms.services.cases.threads import (
    note_add,
    record_confidentiality_set,
    record_withdraw,
    thread_close,
    thread_mark_no_response_needed,
    thread_reopen,
    thread_triage,
)

__all__ = [
    "LOGGED_CHANNELS",
    "OPEN_STATUSES",
    "SOCIAL_MEDIA_REPLY_TITLE",
    "communication_log",
    "note_add",
    "record_confidentiality_set",
    "record_withdraw",
    "referral_create",
    "referral_to_meeting_create",
    "referral_validate",
    "reply_create_as_council",
    "saved_replies_standard_ensure",
    "saved_reply_render",
    "thread_close",
    "thread_mark_no_response_needed",
    "thread_reopen",
    "thread_triage",
]
