"""Forms for the records views: they validate input only; services do the work."""

from django import forms

from comms.models import Contact, Thread
from comms.selectors import contacts_visible
from council.models import ExternalAgency, PolicyChannel

from .models import FoiRequest, Forward, RecordClass, RetentionRule

DATE = forms.DateInput(attrs={"type": "date"})


def contact_label(contact: Contact) -> str:
    """A contact as a picker shows it: the name, then the address, email and phone, so two people
    of one name can be told apart."""
    first = contact.name or contact.email or contact.phone or contact.social_handle or f"Contact {contact.pk}"
    details = [
        d
        for d in (
            ", ".join(line.strip() for line in (contact.address or "").splitlines() if line.strip()),
            contact.email if contact.email != first else "",
            contact.phone if contact.phone != first else "",
        )
        if d
    ]
    return f"{first} ({'; '.join(details)})" if details else first


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return contact_label(obj)


class FoiCreateForm(forms.Form):
    requester_name = forms.CharField(max_length=200)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Information requested")
    received_on = forms.DateField(widget=DATE, help_text="The day the request reached the Council (day 0).")
    thread_reference = forms.CharField(
        max_length=20, required=False, label="Case reference (optional)", help_text="e.g. T-12"
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council

    def clean_thread_reference(self):
        ref = self.cleaned_data["thread_reference"].strip()
        if not ref:
            return None
        thread = Thread.objects.filter(council=self.council, reference__iexact=ref).first()
        if thread is None:
            raise forms.ValidationError("No case with that reference.")
        return thread


class FoiFeesForm(forms.Form):
    notice_sent_on = forms.DateField(widget=DATE)
    fee_received_on = forms.DateField(widget=DATE, required=False)


class FoiCloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=FoiRequest.Outcome.choices)
    exemption = forms.CharField(
        max_length=200, required=False, help_text="Required for a refusal or partial disclosure."
    )
    responded_on = forms.DateField(widget=DATE)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SarCreateForm(forms.Form):
    contact = ContactChoiceField(
        queryset=Contact.objects.none(),
        label="Data subject",
        help_text="Shown with their address, email and phone. If one person is listed twice, merge the two contacts first.",  # noqa: E501
    )
    requester_name = forms.CharField(max_length=200, required=False)
    received_on = forms.DateField(widget=DATE)

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts_visible(access=access).filter(anonymised_at__isnull=True)


class ContactMergeForm(forms.Form):
    keep = ContactChoiceField(queryset=Contact.objects.none(), label="Keep this contact")
    other = ContactChoiceField(
        queryset=Contact.objects.none(),
        label="Merge this contact into it",
        help_text="Everything filed under it (cases, records, requests, decisions) moves to the contact you keep, "
        "its details fill any blanks, and it is then removed.",
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        contacts = contacts_visible(access=access).filter(anonymised_at__isnull=True).order_by("name", "email", "pk")
        self.fields["keep"].queryset = contacts
        self.fields["other"].queryset = contacts

    def clean(self):
        data = super().clean()
        if data.get("keep") and data.get("keep") == data.get("other"):
            raise forms.ValidationError("Choose two different contacts.")
        return data


class SarExtendForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), help_text="Why the request is complex or numerous."
    )


class SarCloseForm(forms.Form):
    responded_on = forms.DateField(widget=DATE)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RetentionRuleForm(forms.Form):
    record_class = forms.ChoiceField(choices=RecordClass.choices)
    retain_months = forms.IntegerField(min_value=1, required=False, help_text="Empty: keep permanently.")
    action = forms.ChoiceField(choices=RetentionRule.Action.choices)


class HoldForm(forms.Form):
    thread_reference = forms.CharField(max_length=20, label="Case reference")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council

    def clean_thread_reference(self):
        thread = Thread.objects.filter(
            council=self.council, reference__iexact=self.cleaned_data["thread_reference"].strip()
        ).first()
        if thread is None:
            raise forms.ValidationError("No case with that reference.")
        return thread


class ForwardForm(forms.Form):
    destination = forms.ChoiceField(choices=Forward.Destination.choices)
    agency = forms.ModelChoiceField(queryset=ExternalAgency.objects.none(), required=False)
    subject = forms.CharField(max_length=500)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label="Message")
    referral_purpose = forms.ChoiceField(
        label="Refer the case to the agency",
        required=False,
        choices=[("", "No: only forward the message"), ("action", "For action"), ("information", "For information")],
        help_text="A referral is made when the email is sent; until then the case is not referred.",
    )
    referral_note = forms.CharField(
        label="Note to the agency", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    referral_due_on = forms.DateField(label="Reply by", required=False, widget=DATE)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = ExternalAgency.objects.filter(council=council)


class ForwardSendForm(forms.Form):
    version = forms.ChoiceField(
        choices=[("redacted", "Send the redacted version"), ("original", "Send the original, with personal data")],
        widget=forms.RadioSelect,
        initial="redacted",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Required to send personal data: e.g. the person's consent, and when it was given.",
    )


class PolicyVersionForm(forms.Form):
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}))
    adopted_on = forms.DateField(widget=DATE)
    review_due = forms.DateField(widget=DATE, required=False, help_text="Empty: two years after adoption.")
    channels = forms.MultipleChoiceField(
        choices=PolicyChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Channels this version covers",
        help_text="Adopting this version sets the channels the council uses to these.",
    )
    changes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What changed", required=False)
