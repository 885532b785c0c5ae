"""The two public forms: a comment on an announcement and a message to the Council (P4, P5, P6)."""

from __future__ import annotations

from django import forms

NAME_MAX = 100
EMAIL_MAX = 254
MESSAGE_MIN = 2
MESSAGE_MAX = 5000


class PublicMessageForm(forms.Form):
    """Validation only: what the person typed is checked here, then passed to the moderation service."""

    name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX,
        strip=True,
        error_messages={
            "required": "Enter your name.",
            "max_length": f"Your name must be {NAME_MAX} characters or fewer.",
        },
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=EMAIL_MAX,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the form name@example.com.",
            "max_length": f"Your email address must be {EMAIL_MAX} characters or fewer.",
        },
    )
    message = forms.CharField(
        label="Your message",
        min_length=MESSAGE_MIN,
        max_length=MESSAGE_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter your message.",
            "min_length": "Your message is too short.",
            "max_length": f"Your message must be {MESSAGE_MAX:,} characters or fewer.",
        },
    )
    consent = forms.BooleanField(
        label="I have read the privacy notice and agree that the Council keeps this message as its privacy notice describes",  # noqa: E501
        error_messages={"required": "Tick the box to say you have read the privacy notice."},
    )
    # Honeypot: hidden from people (and from assistive technology) by the stylesheet; bots fill it in.
    website = forms.CharField(label="Leave this field empty", required=False, max_length=200)

    help_texts = {
        "name": "",
        "email": "Never shown on the website. The Clerk uses it only to reply to you.",
        "message": f"Up to {MESSAGE_MAX:,} characters.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "maxlength": NAME_MAX})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for name, text in self.help_texts.items():
            if text:
                self.fields[name].help_text = text

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].replace("\x00", "")
        if not message.strip():
            raise forms.ValidationError("Enter your message.")
        return message

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    @property
    def visible_fields_in_order(self):
        return [self[name] for name in ("name", "email", "message")]

    # What the moderation service is given, beyond the name, address and words.
    extra_fields: tuple[str, ...] = ()

    def submitted(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("name", "email", "message", *self.extra_fields)}


class CommentForm(PublicMessageForm):
    help_texts = {
        **PublicMessageForm.help_texts,
        "name": "Shown with your comment.",
    }
    # P5: comments are not answered one by one; a resident who wants an answer says so.
    wants_reply = forms.BooleanField(
        label="I would like a reply from the Council",
        required=False,
        help_text="Your comment then also goes to the Clerk, who replies by email.",
    )
    extra_fields = ("wants_reply",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].label = "Your comment"
        self.fields["message"].error_messages.update(
            {"required": "Enter your comment.", "min_length": "Your comment is too short."}
        )


SUBJECT_MAX = 150


class ContactForm(PublicMessageForm):
    help_texts = {
        **PublicMessageForm.help_texts,
        "name": "Only the Council sees it.",
    }
    subject = forms.CharField(
        label="Subject (optional)",
        required=False,
        max_length=SUBJECT_MAX,
        strip=True,
        help_text="A few words about what it is about. The Clerk's reply keeps them.",
        error_messages={"max_length": f"The subject must be {SUBJECT_MAX} characters or fewer."},
    )
    extra_fields = ("subject",)

    @property
    def visible_fields_in_order(self):
        return [self[name] for name in ("name", "email", "subject", "message")]
