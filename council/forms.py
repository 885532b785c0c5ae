"""Forms for the Clerk's settings pages: they validate input only; the services decide and write."""

from __future__ import annotations

from django import forms

from .models import Body, MonitoringPeriod, PolicyChannel, Role, User
from .selectors import members_of

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MonitoringPeriodForm(forms.Form):
    weekday = forms.TypedChoiceField(choices=MonitoringPeriod.Weekday.choices, coerce=int, label="Day")
    starts_at = forms.TimeField(widget=TIME, label="From")
    ends_at = forms.TimeField(widget=TIME, label="To")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekday"].choices = [(d.value, d.label.title()) for d in MonitoringPeriod.Weekday]


class HoursTextForm(forms.Form):
    monitoring_summary = forms.CharField(
        max_length=200,
        required=False,
        label="How the council describes its hours",
        help_text='e.g. "9am to 1pm, Monday to Friday"',
    )
    out_of_office_message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Out-of-office reply sent outside these hours",
        help_text="Sent once to a sender whose email arrives outside the monitored hours.",
    )


class ClerkAbsenceForm(forms.Form):
    starts_at = forms.DateTimeField(widget=DATETIME, label="Away from")
    ends_at = forms.DateTimeField(widget=DATETIME, label="Back at")
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Out-of-office reply during this absence",
        help_text="When the mailbox is next monitored and where urgent matters go.",
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["starts_at"] >= data["ends_at"]:
            raise forms.ValidationError("An absence must end after it starts.")
        return data


class ChannelsForm(forms.Form):
    channels = forms.MultipleChoiceField(
        choices=PolicyChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Channels the council's policy covers",
    )


class CouncilDetailsForm(forms.Form):
    postal_address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Printed at the head of letters the Clerk sends.",
    )
    website = forms.URLField(required=False, assume_scheme="https")
    social_page_name = forms.CharField(
        max_length=200,
        required=False,
        label="Social media page",
        help_text="The page residents comment on, e.g. a village Facebook page.",
    )
    social_page_url = forms.URLField(required=False, assume_scheme="https", label="Social media page address")
    social_page_owner_name = forms.CharField(
        max_length=200,
        required=False,
        label="Page owner",
        help_text="Who the Council asks to remove a post or block someone.",
    )
    social_page_owner_email = forms.EmailField(required=False, label="Page owner's email address")
    staff_idle_timeout_minutes = forms.IntegerField(
        min_value=5,
        max_value=24 * 60,
        label="Sign staff out after this many minutes without activity",
        help_text="Protects the record on a shared office computer; between 5 minutes and 24 hours.",
    )


class AgencyForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(label="Email address")
    handles = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What it deals with")


class BodyForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Body.Kind.choices)
    members = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members_of(council=council)


class MemberAddForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.COUNCILLOR)
    first_name = forms.CharField(max_length=150, required=False, help_text="Needed for someone new to this site.")
    last_name = forms.CharField(max_length=150, required=False)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label="Role")
