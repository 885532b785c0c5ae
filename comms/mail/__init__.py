"""Email in and out of a council's mailbox.

Plain Python (no Django imports; tested without a database):
- `parsing`: `parse_message(raw) -> ParsedEmail`, never raises (P14); mbox and .eml files.
- `automatic`: is this message automatic (auto-reply, bounce, list mail), and why.
- `autoreply`: is the mailbox monitored now; should the out-of-office responder answer (P10);
  headers and subject for our own auto-replies.
- `threading`: keys to find the case a message belongs to.
- `member_mail`: mail a councillor copies to the council mailbox: is it theirs, what kind (P12, P13).

Django (records, the outbox, tasks):
- `door`: `council_email_send`, the one way the Council sends an email; `purposes` lists why.
- `outbox`: claims and delivers outbox rows, and holds the send task; `sending` renders and hands a
  message to the mail backend.
- `ingest`: records an incoming message once, in its case; `imap` reads a mailbox into it;
  `responder`: the out-of-office reply, from the council's hours and absences.
- `referrals` and `councillor_email`: the email a referral to a member, or a councillor's recorded
  message, needs.
"""
