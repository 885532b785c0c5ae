"""Forms for the Clerk's mail settings: saved replies and the mailbox. Validation only; services write."""

from __future__ import annotations

from django import forms

from .models import MailboxConfig, Thread


class SavedReplyForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Text",
        help_text="{name} becomes the recipient's name, {website} the council's website and "
        "{clerk_email} the Clerk's address.",
    )
    link_url = forms.URLField(
        required=False, assume_scheme="https", label="Page on the council's website this reply points to"
    )
    marks_status = forms.ChoiceField(
        choices=Thread.Status.choices, initial=Thread.Status.REPLIED, label="The case's status once this reply is sent"
    )


class MailboxForm(forms.Form):
    address = forms.EmailField(label="The mailbox's own address", help_text="Mail from this address is never answered.")
    host = forms.CharField(max_length=255, label="IMAP server", help_text="e.g. imap.example.gov.uk")
    port = forms.IntegerField(min_value=1, max_value=65535, initial=993)
    security = forms.ChoiceField(
        choices=MailboxConfig.Security.choices, initial=MailboxConfig.Security.SSL, label="Connection security"
    )
    username = forms.CharField(max_length=255, label="User name")
    password_env = forms.CharField(
        max_length=100,
        label="Name of the password setting on the server",
        help_text="The password itself is never entered here: the site administrator sets it on the server "
        "under this name, which starts with IMAP_PASSWORD.",
    )
    folder = forms.CharField(max_length=255, initial="INBOX")
    is_active = forms.BooleanField(required=False, initial=True, label="Read this mailbox")
    use_idle = forms.BooleanField(
        required=False, initial=True, label="Pick up new mail within seconds where the server allows"
    )
