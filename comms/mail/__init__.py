"""Pure email building blocks (no Django): parsing, auto-reply rules (P10), threading.

- `comms.mail.parsing`: `parse_message(raw) -> ParsedEmail`, never raises (P14); mbox splitting.
- `comms.mail.autoreply`: is this an automatic message; is the mailbox monitored; should the
  out-of-office responder answer (P10); headers for our own auto-replies.
- `comms.mail.threading`: keys to find the correspondence a message belongs to.
"""
