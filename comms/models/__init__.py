"""The comms models, one module per topic; import them from here (`from comms.models import Thread`).

- correspondence: the record itself (P14): contacts, cases (threads), records, recipients, attachments,
  the reference series, and the choices that describe a record (channel, direction, capacity...).
- cases: what the Clerk does with a case: referrals, notes, saved replies.
- mail: mail as it passed through the council mailbox: raw messages, the outbox, the IMAP mailbox, the
  out-of-office log.
- members: members' own mail addresses, their routing tags and held mail (P12, P13).
- intake: what the council decided about mail as it arrived: junk verdicts and the council's own junk
  classifier, acknowledgements, and decisions that a correspondent is vexatious (P11, P14).
"""

from .cases import Note, Referral, SavedReply
from .correspondence import (
    UNOFFICIAL_CHANNELS,
    Attachment,
    Capacity,
    Channel,
    Confidentiality,
    Contact,
    Correspondence,
    Direction,
    Recipient,
    ReferenceSeries,
    Thread,
    attachment_path,
)
from .intake import Acknowledgement, CorrespondentDecision, JunkClassifier, TriageVerdict
from .mail import AutoReplyLog, MailboxConfig, OutboundEmail, RawMessage
from .members import MemberAddress, MemberMailHold, MemberMailRoute

__all__ = [
    "UNOFFICIAL_CHANNELS",
    "Acknowledgement",
    "Attachment",
    "AutoReplyLog",
    "Capacity",
    "Channel",
    "Confidentiality",
    "Contact",
    "Correspondence",
    "CorrespondentDecision",
    "Direction",
    "JunkClassifier",
    "MailboxConfig",
    "MemberAddress",
    "MemberMailHold",
    "MemberMailRoute",
    "Note",
    "OutboundEmail",
    "RawMessage",
    "Recipient",
    "ReferenceSeries",
    "Referral",
    "SavedReply",
    "Thread",
    "TriageVerdict",
    "attachment_path",
]
