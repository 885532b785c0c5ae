"""Forms for the clerk dashboard and the councillor portal: they validate; services decide."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone

from council.models import Body, ExternalAgency
from council.selectors import members_of

from .models import Capacity, Channel, Confidentiality, Direction, Referral, SavedReply, Thread
from .selectors import InboxFilters
from .services.cases import LOGGED_CHANNELS

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class Prefixed(forms.Form):
    """Several forms share the case page: each gets its own element ids."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def _member_choices(council, blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(str(u.pk), u.get_full_name() or u.username) for u in members_of(council=council)]
    return ([("", blank)] if blank is not None else []) + choices


class InboxFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=200)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *list(Thread.Status.choices)])
    channel = forms.ChoiceField(required=False, choices=[("", "Any channel"), *list(Channel.choices)])
    owner = forms.ChoiceField(required=False)
    referred_to = forms.ChoiceField(required=False, label="Referred to")
    capacity = forms.ChoiceField(
        required=False, label="Official or personal", choices=[("", "Official or personal"), *list(Capacity.choices)]
    )
    date_from = forms.DateField(required=False, widget=DATE, label="From")
    date_to = forms.DateField(required=False, widget=DATE, label="To")
    overdue = forms.BooleanField(required=False)
    priority = forms.ChoiceField(
        required=False,
        label="Which cases",
        choices=[
            ("", "Main inbox"),
            ("low", "Low priority (automatic mail, adverts, newsletters)"),
            ("all", "Main inbox and low priority"),
        ],
    )
    size = forms.TypedChoiceField(
        required=False, coerce=int, choices=[(25, "25"), (50, "50"), (100, "100")], empty_value=25
    )
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Anyone"), ("none", "Nobody"), *_member_choices(council)]
        targets = [("", "Anyone")]
        targets += [(f"member:{pk}", name) for pk, name in _member_choices(council)]
        targets += [(f"agency:{a.pk}", a.name) for a in ExternalAgency.objects.filter(council=council)]
        targets += [(f"body:{b.pk}", b.name) for b in Body.objects.filter(council=council)]
        self.fields["referred_to"].choices = targets
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            elif not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-control")

    def filters(self) -> InboxFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return InboxFilters(
            channel=data.get("channel") or "",
            status=data.get("status") or "",
            owner=data.get("owner") or "",
            referred_to=data.get("referred_to") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            capacity=data.get("capacity") or "",
            overdue=bool(data.get("overdue")),
            q=data.get("q") or "",
            priority=data.get("priority") or "",
        )


class TriageForm(Prefixed):
    id_prefix = "triage"
    owner = forms.ChoiceField(required=False, label="Who has it")
    due_on = forms.DateField(required=False, widget=DATE, label="Due")
    is_low_priority = forms.BooleanField(required=False, label="Low priority (adverts, newsletters, noise)")

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _member_choices(council, blank="Nobody yet")


class ReferForm(Prefixed):
    id_prefix = "refer"
    purpose = forms.ChoiceField(
        choices=[(Referral.Purpose.ACTION, "For action"), (Referral.Purpose.INFORMATION, "For information")]
    )
    target = forms.ChoiceField(label="Refer to")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(required=False, widget=DATE, label="Due")

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        members = [(f"member:{pk}", f"{name} (member)") for pk, name in _member_choices(council)]
        agencies = [(f"agency:{a.pk}", f"{a.name} (external)") for a in ExternalAgency.objects.filter(council=council)]
        self.fields["target"].choices = [("Members", members), ("External agencies", agencies)]


class MeetingReferralForm(Prefixed):
    id_prefix = "meeting"
    body = forms.ModelChoiceField(queryset=Body.objects.none(), label="Meeting of")
    meeting_date = forms.DateField(widget=DATE)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(council=council)


class ReplyForm(Prefixed):
    id_prefix = "reply"
    saved_reply = forms.ModelChoiceField(queryset=SavedReply.objects.none(), required=False, label="Saved reply")
    channel = forms.ChoiceField(
        choices=[
            (Channel.EMAIL, "Email"),
            (Channel.LETTER, "Letter"),
            (Channel.PHONE, "Phone call"),
            (Channel.SOCIAL_MESSAGE, "Social media (you post it)"),
        ]
    )
    subject = forms.CharField(required=False, max_length=400)
    body_text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Reply",
        help_text="Leave empty to send the saved reply as it is.",
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["saved_reply"].queryset = SavedReply.objects.filter(council=council, is_active=True)

    def clean(self):
        data = super().clean()
        if not (data.get("body_text") or "").strip() and not data.get("saved_reply"):
            raise forms.ValidationError("Write a reply or choose a saved reply.")
        return data


class ReasonForm(Prefixed):
    id_prefix = "reason"
    reason = forms.CharField(required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(Prefixed):
    id_prefix = "note"
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Internal note")


class AttachmentField(forms.FileField):
    def validate(self, value):
        super().validate(value)
        if value and value.size > settings.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB.")


class LogForm(Prefixed):
    id_prefix = "log"
    """Record a call, letter, SMS, video call or conversation (P14, P16)."""

    channel = forms.ChoiceField(choices=[(c.value, c.label) for c in LOGGED_CHANNELS])
    direction = forms.ChoiceField(choices=[(Direction.IN, "From them to us"), (Direction.OUT, "From us to them")])
    contact_name = forms.CharField(required=False, max_length=200, label="Name")
    contact_email = forms.EmailField(required=False, label="Email")
    contact_phone = forms.CharField(required=False, max_length=40, label="Phone")
    subject = forms.CharField(required=False, max_length=400)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="What was said")
    occurred_at = forms.DateTimeField(required=False, widget=DATETIME, label="When", input_formats=["%Y-%m-%dT%H:%M"])
    confidentiality = forms.ChoiceField(choices=Confidentiality.choices, initial=Confidentiality.INTERNAL)
    attachment = AttachmentField(required=False, label="Scan or file (optional)")

    def clean_occurred_at(self):
        value = self.cleaned_data.get("occurred_at")
        if value and value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError("That is in the future.")
        return value


class ConfidentialityForm(forms.Form):
    confidentiality = forms.ChoiceField(choices=Confidentiality.choices)
    named_members = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Members who may see it when confidential"
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named_members"].choices = _member_choices(council)


# --- Councillor portal ---


class ComposeForm(forms.Form):
    """P12: official; P18: few recipients, no Reply All, no trails."""

    to = forms.CharField(max_length=2000, help_text="Only the people who need it. Separate addresses with commas.")
    cc = forms.CharField(
        required=False,
        max_length=2000,
        label="Cc",
        help_text="The Clerk is always copied; add others only if essential.",
    )
    subject = forms.CharField(max_length=400)
    body_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Message",
        help_text="Quoted earlier messages are removed before it is sent.",
    )
    confirm_wide = forms.BooleanField(required=False, label="Yes, every one of these recipients needs this message")


class PersonalViewForm(forms.Form):
    """P13: a councillor's own view; copying to the Clerk makes it official and FOI-disclosable."""

    channel = forms.ChoiceField(
        choices=[
            (Channel.EMAIL, "Email"),
            (Channel.SMS, "SMS"),
            (Channel.PHONE, "Phone call"),
            (Channel.VIDEO_CALL, "Video call"),
            (Channel.LETTER, "Letter"),
            (Channel.IN_PERSON, "In person"),
        ]
    )
    direction = forms.ChoiceField(choices=[(Direction.OUT, "I wrote to them"), (Direction.IN, "They wrote to me")])
    contact_name = forms.CharField(max_length=200, label="Parishioner's name")
    contact_email = forms.EmailField(required=False, label="Their email")
    contact_phone = forms.CharField(required=False, max_length=40, label="Their phone")
    subject = forms.CharField(required=False, max_length=400)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="What was said")
    copy_to_clerk = forms.BooleanField(
        required=False,
        label="Copy to the Clerk",
        help_text="Makes the record official and open to Freedom of Information requests.",
    )


class MemberLogForm(forms.Form):
    """An official SMS or video call by a member (P16); copied to the Clerk (P12)."""

    channel = forms.ChoiceField(choices=[(Channel.SMS, "SMS"), (Channel.VIDEO_CALL, "Video call")])
    direction = forms.ChoiceField(choices=[(Direction.OUT, "I contacted them"), (Direction.IN, "They contacted me")])
    contact_name = forms.CharField(max_length=200, label="Name")
    contact_phone = forms.CharField(required=False, max_length=40, label="Phone")
    contact_email = forms.EmailField(required=False, label="Email")
    subject = forms.CharField(required=False, max_length=400)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="What was said")
    occurred_at = forms.DateTimeField(required=False, widget=DATETIME, label="When", input_formats=["%Y-%m-%dT%H:%M"])


class RespondForm(Prefixed):
    id_prefix = "respond"
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Your response to the Clerk")


class CompleteForm(Prefixed):
    id_prefix = "complete"
    outcome = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Outcome")
