"""Mail a councillor sends from their own mail program and copies to the council mailbox (P12, P13).

Plain Python: no Django imports. Three questions about a message whose From is a member's address:

- is it really from them? (`sender_authenticated`: the receiving server's Authentication-Results
  says DKIM or SPF passed for a domain aligned with the From domain, or DMARC passed; or
  `routing_tag`: it came through the member's secret plus-address on the council mailbox);
- what is it? (`member_mail_kind`: outgoing mail Bcc'd or Cc'd to the Council, a forward of someone
  else's message, or a message to the Clerk);
- for a forward, what was forwarded? (`forwarded_message`: an attached message/rfc822, or the
  inline forward block of Outlook, Gmail, Apple Mail or Thunderbird).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

from .parsing import ParsedEmail, parse_message

__all__ = [
    "ForwardedMessage",
    "auth_results_parse",
    "forwarded_message",
    "is_personal_view_subject",
    "member_mail_kind",
    "routing_tag",
    "sender_authenticated",
    "subject_without_personal_tag",
]


# --- Authentication-Results (RFC 8601) ----------------------------------------------------------

_COMMENT = re.compile(r"\([^()]*\)")


def auth_results_parse(value: str) -> tuple[str, list[tuple[str, str, dict[str, str]]]]:
    """`mx.example; dkim=pass header.d=a.org; spf=fail smtp.mailfrom=b.org` ->
    ("mx.example", [("dkim", "pass", {"header.d": "a.org"}), ("spf", "fail", {...})])."""
    text = value or ""
    for _ in range(5):  # nested comments, innermost first
        text = _COMMENT.sub(" ", text)
    parts = [p.strip() for p in text.split(";")]
    authserv = parts[0].split()[0].lower() if parts and parts[0].split() else ""
    results = []
    for part in parts[1:]:
        tokens = part.split()
        if not tokens or "=" not in tokens[0]:
            continue
        method, _, result = tokens[0].partition("=")
        props = {}
        for token in tokens[1:]:
            key, sep, val = token.partition("=")
            if sep:
                props[key.lower()] = val.strip('"').lower()
        results.append((method.lower().split("/")[0], result.lower(), props))
    return authserv, results


def _domain(address: str | None) -> str:
    return (address or "").rpartition("@")[2].strip().strip(".").lower()


def _aligned(a: str, b: str) -> bool:
    """Relaxed alignment (DMARC): the same domain, or one a subdomain of the other, never a bare TLD."""
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return shorter.count(".") >= 1 and longer.endswith("." + shorter)


def sender_authenticated(parsed: ParsedEmail, *, trusted_authserv_ids: tuple[str, ...] = ()) -> str | None:
    """How the receiving server vouched for the From domain ("dkim", "spf" or "dmarc"), or None.

    Only the receiving server's own header counts: with `trusted_authserv_ids` the headers it names,
    otherwise only the topmost one (the receiving server adds its header on top and removes any
    claiming its name; anything lower down was written by whoever sent the message).
    """
    from_domain = _domain(parsed.from_address)
    if not from_domain:
        return None
    headers = parsed.header_all("Authentication-Results")
    trusted = {i.lower() for i in trusted_authserv_ids if i}
    if not trusted:
        headers = headers[:1]
    for value in headers:
        authserv, results = auth_results_parse(value)
        if trusted and authserv not in trusted:
            continue
        for method, result, props in results:
            if result != "pass":
                continue
            if method == "dmarc" and props.get("header.from", from_domain) == from_domain:
                return "dmarc"
            if method == "dkim":
                signer = props.get("header.d") or _domain(props.get("header.i"))
                if _aligned(signer, from_domain):
                    return "dkim"
            if method == "spf":
                envelope = _domain(props.get("smtp.mailfrom")) or props.get("smtp.helo", "")
                if _aligned(envelope, from_domain):
                    return "spf"
    return None


# --- plus-addressing on the council mailbox -----------------------------------------------------

_ENVELOPE_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To", "Cc")


def _plain_addresses(parsed: ParsedEmail) -> list[str]:
    found = []
    for name in _ENVELOPE_HEADERS:
        for value in parsed.header_all(name):
            for _display, address in email.utils.getaddresses([value]):
                if address and "@" in address:
                    found.append(address.strip().lower())
    return found


def routing_tag(parsed: ParsedEmail, *, mailbox_addresses) -> str | None:
    """The `<tag>` of `clerk+<tag>@council.example` if the message was delivered to such an address."""
    bases = {}
    for address in mailbox_addresses:
        local, _, domain = (address or "").lower().partition("@")
        if local and domain:
            bases[(local.split("+", 1)[0], domain)] = True
    for address in _plain_addresses(parsed):
        local, _, domain = address.partition("@")
        base, plus, tag = local.partition("+")
        if plus and tag and (base, domain) in bases:
            return tag
    return None


# --- personal view marker (P13) ----------------------------------------------------------------

_PERSONAL_TAG = re.compile(r"\[\s*(?:personal(?:\s+view)?|pv)\s*\]", re.IGNORECASE)


def is_personal_view_subject(subject: str | None) -> bool:
    return bool(_PERSONAL_TAG.search(subject or ""))


def subject_without_personal_tag(subject: str | None) -> str:
    return re.sub(r"\s{2,}", " ", _PERSONAL_TAG.sub(" ", subject or "")).strip()


# --- forwards ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardedMessage:
    from_name: str
    from_address: str
    subject: str
    date: dt.datetime | None
    body: str
    note: str  # the forwarding member's covering note
    message_id: str | None  # only an attached message carries one
    raw: bytes | None  # the attached message exactly as attached
    to: list[tuple[str, str]]


_FORWARD_MARKERS = re.compile(
    r"""^\s*(?:
        -{2,}\s*Forwarded\ message\s*-{2,}          # Gmail, Thunderbird
      | -{2,}\s*Original\ Message\s*-{2,}            # Outlook (older), many others
      | Begin\ forwarded\ message:                   # Apple Mail
      | _{10,}                                       # Outlook (newer): a rule, then the header block
    )\s*$""",
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
_HEADER_LINE = re.compile(
    r"^\s*\**\s*(From|Sent|Date|To|Cc|Subject|Reply-To)\s*\**\s*:\s*\**\s*(.*?)\s*$", re.IGNORECASE
)


def _parse_date(text: str) -> dt.datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = email.utils.parsedate_to_datetime(text)
        if value is not None:
            return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    except (TypeError, ValueError, IndexError):
        pass
    # "Monday, 3 March 2025 09:12", "Mon, 3 Mar 2025 at 09:12", "3 March 2025 at 09:12:05 GMT"
    cleaned = re.sub(r"\bat\b", " ", text)
    cleaned = re.sub(r"^[A-Za-z]+,\s*", "", cleaned)
    cleaned = re.sub(r"\s+(GMT|BST|UTC|[+-]\d{4})$", "", cleaned).strip()
    cleaned = re.sub(r"\s+", " ", cleaned)
    for fmt in (
        "%d %B %Y %H:%M",
        "%d %b %Y %H:%M",
        "%d %B %Y %H:%M:%S",
        "%d %b %Y %H:%M:%S",
        "%B %d, %Y %I:%M %p",
        "%b %d, %Y %I:%M %p",
        "%d/%m/%Y %H:%M",
    ):
        try:
            return dt.datetime.strptime(cleaned, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def _inline_forward(text: str) -> ForwardedMessage | None:
    text = (text or "").replace("\r\n", "\n")
    for marker in _FORWARD_MARKERS.finditer(text):
        note = text[: marker.start()].strip()
        lines = text[marker.end() :].lstrip("\n").split("\n")
        fields: dict[str, str] = {}
        index = 0
        while index < len(lines):
            line = lines[index]
            if not line.strip():
                if fields:
                    break
                index += 1
                continue
            found = _HEADER_LINE.match(line)
            if not found:
                if fields and line[:1] in (" ", "\t") and "last" in fields:
                    fields[fields["last"]] += " " + line.strip()
                    index += 1
                    continue
                break
            key = found.group(1).lower()
            fields[key] = found.group(2)
            fields["last"] = key
            index += 1
        if "from" not in fields:
            continue
        names = email.utils.getaddresses([fields["from"].replace("[mailto:", "<").replace("]", ">")])
        from_name, from_address = names[0] if names else ("", "")
        if "@" not in from_address:
            # Outlook sometimes writes only the name, with the address in angle brackets or not at all.
            match = re.search(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", fields["from"])
            from_address = match.group(0) if match else ""
            from_name = from_name or fields["from"].split("<")[0].strip().strip('"')
        body = "\n".join(lines[index:]).strip("\n")
        to = [(n, a) for n, a in email.utils.getaddresses([fields.get("to", "")]) if "@" in a]
        return ForwardedMessage(
            from_name=from_name.strip().strip('"'),
            from_address=from_address.lower(),
            subject=fields.get("subject", ""),
            date=_parse_date(fields.get("date") or fields.get("sent") or ""),
            body=body.strip(),
            note=note,
            message_id=None,
            raw=None,
            to=to,
        )
    return None


def forwarded_message(parsed: ParsedEmail) -> ForwardedMessage | None:
    """The message the member passed on: an attached message first, else an inline forward block."""
    for attachment in parsed.attachments:
        if attachment.content_type == "message/rfc822" and attachment.payload:
            inner = parse_message(attachment.payload)
            if not inner.from_address:
                continue
            return ForwardedMessage(
                from_name=inner.from_name,
                from_address=inner.from_address.lower(),
                subject=inner.subject,
                date=inner.date,
                body=inner.text_body.strip(),
                note=(parsed.text_body or "").strip(),
                message_id=inner.message_id,
                raw=attachment.payload,
                to=inner.to,
            )
    return _inline_forward(parsed.text_body or "")


_FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|fw|tr|wg)\s*:", re.IGNORECASE)


def member_mail_kind(parsed: ParsedEmail, *, council_addresses, member_addresses) -> str:
    """ "forward", "outgoing" (the Council only Bcc'd or Cc'd) or "to_clerk".

    A message addressed only to the Council (and members) is to the Clerk, unless it passes on a
    forwarded message; one with anyone else in To or Cc is the member's own correspondence, copied.
    """
    council = {a.lower() for a in council_addresses}
    members = {a.lower() for a in member_addresses}

    def is_council(address: str) -> bool:
        local, _, domain = address.lower().partition("@")
        return address.lower() in council or f"{local.split('+', 1)[0]}@{domain}" in council

    others = [a for _n, a in [*parsed.to, *parsed.cc] if a and not is_council(a) and a.lower() not in members]
    if others:
        return "outgoing"
    if (_FORWARD_SUBJECT.match(parsed.subject or "") or parsed.attachments) and forwarded_message(parsed):
        return "forward"
    return "to_clerk"
