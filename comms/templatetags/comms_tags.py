from django import template

from comms import labels
from comms.display import contact_label, recipient_label, record_sender
from comms.models import Channel

register = template.Library()
_CHANNELS = dict(Channel.choices)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if mapping else 0


@register.filter
def channel_label(value):
    return _CHANNELS.get(value, value or "")


@register.filter
def sender(record):
    """Who sent a record, written once: 'Name <address>'."""
    return record_sender(record)


@register.filter
def recipient(value):
    return recipient_label(value)


@register.filter
def person(contact):
    return contact_label(contact)


@register.filter
def purpose_label(value):
    """An outbox purpose in words ("clerk_copy" -> "Copy to the Clerk")."""
    return labels.outbox_purpose_label(value or "")


@register.filter
def history_line(event):
    """A case history line without internal codes ("ingest_email:file: ..." -> "Received by email ...")."""
    return labels.history_line(event.summary, event.action)
