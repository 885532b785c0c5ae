"""`{% backup_status as backup %}`: the last backup, for the Clerk's settings page, without the settings
view (comms) importing this app."""

from django import template

from backups.selectors import backup_status as _backup_status

register = template.Library()


@register.simple_tag
def backup_status():
    return _backup_status()
