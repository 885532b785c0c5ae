from __future__ import annotations

from django import forms

from comms.models import CorrespondentDecision
from comms.selectors import contacts_visible
from council.models import ResponseCommitment
from records.forms import ContactChoiceField


class DateInput(forms.DateInput):
    input_type = "date"


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(queryset=None, label="Council, committee or working group")
    date = forms.DateField(widget=DateInput)
    title = forms.CharField(max_length=200, required=False)
    location = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = council.bodies.order_by("kind", "name")


class ReportEditForm(forms.Form):
    title = forms.CharField(max_length=300)
    introduction = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24}),
        required=False,
        help_text='Lines starting "## " are headings and lines starting "- " are list items.',
    )


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = ResponseCommitment
        fields = [
            "acknowledge_within_days",
            "reply_within_days",
            "auto_acknowledge",
            "acknowledgement_template",
            "digest_frequency",
        ]
        widgets = {"acknowledgement_template": forms.Textarea(attrs={"rows": 6})}


class DecisionForm(forms.Form):
    contact = ContactChoiceField(queryset=None, label="Correspondent")
    kind = forms.ChoiceField(choices=CorrespondentDecision.Kind.choices)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    review_on = forms.DateField(widget=DateInput, label="Review date")

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts_visible(access=access).order_by("name", "email")


class DecisionEndForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class AcknowledgeForm(forms.Form):
    body_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)


class DigestPreferenceForm(forms.Form):
    receive = forms.BooleanField(required=False, label="Send me the council's correspondence digest")


def annual_report_years(today) -> list[int]:
    return [today.year - n for n in range(3)]


class AnnualReportForm(forms.Form):
    """The year of the annual communications report: the Annual Parish Meeting (March to June) hears
    about the year before, so until June the previous year is offered first."""

    year = forms.TypedChoiceField(coerce=int, label="Year")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        years = annual_report_years(today)
        self.fields["year"].choices = [
            (y, f"{y} (1 January to {'today' if y == today.year else '31 December'})") for y in years
        ]
        self.fields["year"].initial = today.year - 1 if today.month <= 6 else today.year
