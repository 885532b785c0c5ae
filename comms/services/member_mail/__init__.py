"""Councillors' own mail copied to the council mailbox (P12, P13, P14, P18).

A councillor who answers a resident from their own mail program and Bcc's (or Cc's) the council
mailbox has written official correspondence on the Council's behalf, copied to the Clerk (P12); a
councillor who forwards a resident's email has passed the Clerk the resident's message. Both are
filed as what they are, but only when the message is known to be theirs: the receiving server
vouched for the sender's domain, or it came through the member's secret routing address. Anything
else waits for the Clerk to confirm it (a forged From never creates an official record).

- addresses: the addresses that identify a member, and their secret routing addresses.
- filing: filing a member's copied or forwarded mail, or holding it when no server vouched for it.
- holds: the Clerk confirms a held message is the member's, or finds it is not.
"""

from .addresses import (
    council_mailbox_address,
    member_address_add,
    member_address_confirm,
    member_address_remove,
    member_addresses_of_council,
    member_for_address,
    member_mail_route_for,
    routing_address,
)
from .filing import member_mail_file, member_mail_kind_for, member_mail_trust
from .holds import member_mail_confirm, member_mail_reject

__all__ = [
    "council_mailbox_address",
    "member_address_add",
    "member_address_confirm",
    "member_address_remove",
    "member_addresses_of_council",
    "member_for_address",
    "member_mail_confirm",
    "member_mail_file",
    "member_mail_kind_for",
    "member_mail_reject",
    "member_mail_route_for",
    "member_mail_trust",
    "routing_address",
]
