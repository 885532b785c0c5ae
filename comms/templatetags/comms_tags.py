from django import template

from ..models import Channel

register = template.Library()
_CHANNELS = dict(Channel.choices)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if mapping else 0


@register.filter
def channel_label(value):
    return _CHANNELS.get(value, value or "")
