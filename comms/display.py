"""How a person with an address is written on pages, prints and exports: one function, used everywhere.

Stored values come in several shapes ("Margaret Lowe <m@example.net>" as received, a bare address, a
bare name, a member and the Council's address), so each is taken apart first and written once, never
wrapped twice ("Margaret Lowe <Margaret Lowe <m@...>>").
"""

from __future__ import annotations

from email.header import decode_header, make_header
from email.utils import parseaddr


def _decoded(text: str) -> str:
    try:
        return str(make_header(decode_header(text)))
    except Exception:  # a malformed encoded word: show it as it came
        return text


def _split(value: str) -> tuple[str, str]:
    """("name", "address") from "Name <address>", a bare address or a bare name."""
    value = " ".join((value or "").split())
    if not value:
        return "", ""
    if "@" in value:
        name, address = parseaddr(value)
        if address and "@" in address:
            return _decoded(name).strip().strip('"'), address
    return _decoded(value), ""


def person_with_address(name: str = "", address: str = "") -> str:
    """'Name <address>', or whichever of the two is known."""
    name_part, address_in_name = _split(name)
    address_name, address_part = _split(address)
    if not address_part and address_name and not address_in_name:
        address_part = address_name  # a phone number or handle: no @, still the address
        address_name = ""
    name_part = name_part or address_name
    address_part = address_part or address_in_name
    if name_part and address_part and name_part.lower() != address_part.lower():
        return f"{name_part} <{address_part}>" if "@" in address_part else f"{name_part} ({address_part})"
    return name_part or address_part


def record_sender_parts(record) -> tuple[str, str]:
    """(name, address) of who sent a record: the member or contact, with the address as received."""
    display_name, display_address = _split(record.sender_display)
    name = ""
    contact = record.sender_contact if record.sender_contact_id else None
    if record.sender_member_id:
        name = str(record.sender_member)
    elif contact is not None:
        name = contact.name
    address = display_address or (contact.email or contact.phone if contact is not None else "")
    if not display_address and display_name and not name:
        name = display_name
    return name, address


def record_sender(record) -> str:
    return person_with_address(*record_sender_parts(record))


def recipient_label(recipient) -> str:
    name = recipient.name
    if not name and recipient.member_id:
        name = str(recipient.member)
    elif not name and recipient.contact_id:
        name = recipient.contact.name
    return person_with_address(name, recipient.address)


def contact_label(contact) -> str:
    if contact is None:
        return ""
    return person_with_address(contact.name, contact.email or contact.phone)
