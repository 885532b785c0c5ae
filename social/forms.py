"""The Clerk's Facebook Page form. Secrets are write-only: the fields are always empty when shown."""

from __future__ import annotations

from django import forms

from .models import PageConnection


class PageConnectionForm(forms.Form):
    page_id = forms.CharField(
        max_length=40, label="Page id", help_text="The number under the Page's About, Page transparency."
    )
    access_token = forms.CharField(
        required=False,
        label="Page access token",
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave empty to keep the saved token. It is stored encrypted and never shown again.",
    )
    app_secret = forms.CharField(
        required=False,
        label="App secret",
        widget=forms.PasswordInput(render_value=False),
        help_text="From the Meta app's Settings, Basic. Leave empty to keep the saved one.",
    )
    ownership = forms.ChoiceField(choices=PageConnection.Ownership.choices, label="Who runs the Page")
    breaches = forms.ChoiceField(
        choices=PageConnection.Breaches.choices, widget=forms.RadioSelect, label="A comment that breaches the policy"
    )
    reply_to_messages = forms.BooleanField(
        required=False, initial=True, label="Answer private messages with the standard reply (email the Clerk)"
    )
    is_active = forms.BooleanField(required=False, initial=True, label="Use this connection")


class PageReplyForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=8000, label="Reply on Facebook")
