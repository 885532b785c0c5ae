"""Parse raw email into a `ParsedEmail` without ever raising (P14: nothing is silently dropped).

Whatever arrives (broken MIME, bad charsets, 8-bit headers, bad base64, binary junk, an empty
file) comes back as a `ParsedEmail`; everything that went wrong is listed in `parse_errors`, so
the record can show it and the clerk still sees the message. All strings returned are safe to
store: no lone surrogates, no NUL characters, and header values have no CR/LF (so a decoded
header can never inject a header into a reply).

Plain Python: no Django imports. The modules, in the order a message goes through them:
`parser` (parse_message), `headers`, `charsets`, `mime`, `html_text`; `message` holds the result
types and `mbox` splits mail files. Import from `comms.mail.parsing`, not from the modules.
"""

from .charsets import decode_header_value
from .headers import content_fingerprint, normalise_message_id
from .html_text import html_to_text
from .mbox import iter_parsed, looks_like_mbox, read_mail_file, split_mbox, split_messages
from .message import Address, Attachment, ParsedEmail
from .parser import parse_message

__all__ = [
    "Address",
    "Attachment",
    "ParsedEmail",
    "content_fingerprint",
    "decode_header_value",
    "html_to_text",
    "iter_parsed",
    "looks_like_mbox",
    "normalise_message_id",
    "parse_message",
    "read_mail_file",
    "split_mbox",
    "split_messages",
]
