import json

from django import forms

from .models import CouncilPost, Criterion, ModerationSettings, ResponseKind

CRITERION_CHOICES = [("", "Choose the criterion breached")] + list(Criterion.choices)


class BreachForm(forms.Form):
    """Reject a held item, or remove a published one: criterion, reason and response in one step (P8)."""

    criterion = forms.ChoiceField(choices=CRITERION_CHOICES)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000,
        label="Internal note (kept on the record; never sent to the resident)",
    )
    response_kind = forms.ChoiceField(choices=ResponseKind.choices, initial=ResponseKind.IGNORE, label="Response to the sender")
    response_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=5000, label="Email to the resident",
        help_text="Filled in from the council's wording when you preview it; what is here is what they get.",
    )
    # Set once the moderator has seen the email: only then does a response go out (P8).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class BlockForm(forms.Form):
    """Block a person on the Council's website forms, by name and every address they use (P8)."""

    name = forms.CharField(max_length=200, required=False, label="Name")
    emails = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000, label="Email addresses",
        help_text="One or more, separated by spaces, commas or new lines: every address the person writes from.",
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000,
                             label="Why (kept on the record)")


class ApproveForm(forms.Form):
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class BulkForm(forms.Form):
    ACTIONS = [("approve", "Approve (publish comments)"), ("reject", "Reject")]

    action = forms.ChoiceField(choices=ACTIONS)
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=())
    criterion = forms.ChoiceField(choices=CRITERION_CHOICES, required=False)
    reason = forms.CharField(required=False, max_length=2000)
    response_kind = forms.ChoiceField(choices=ResponseKind.choices, initial=ResponseKind.IGNORE, required=False)

    def __init__(self, *args, pending_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(i, i) for i in pending_ids]

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("criterion"):
            self.add_error("criterion", "Choose the criterion for a bulk rejection.")
        return data


class CouncilPostForm(forms.ModelForm):
    class Meta:
        model = CouncilPost
        fields = ["channel", "title", "body", "image", "image_alt", "allow_comments"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    MAX_IMAGE = 5 * 1024 * 1024

    def __init__(self, *args, council=None, **kwargs):
        super().__init__(*args, **kwargs)
        if council is not None and not council.social_page_owner_email:
            # Only a council with a social page (and its owner's address) can have a post put on one.
            self.fields["channel"].choices = [
                (value, label) for value, label in self.fields["channel"].choices
                if value != CouncilPost.Channel.SOCIAL_PAGE or self.instance.channel == value
            ]
            self.fields["channel"].help_text = (
                "Posting on a third-party social page is offered once the council's social page and its "
                "owner's email address are set in its settings.")

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and getattr(image, "size", 0) > self.MAX_IMAGE:
            raise forms.ValidationError("The image must be at most 5 MB.")
        return image


class ThemesForm(forms.Form):
    since = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="Inclusive.")

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("The period must start before it ends.")
        return data


class ThresholdsField(forms.CharField):
    """Thresholds as JSON text, e.g. {"profanity": 0.8}."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, dict):
            return json.dumps(value, sort_keys=True)
        return value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return {}
        try:
            parsed = json.loads(value)
        except ValueError:
            raise forms.ValidationError('Write thresholds as JSON, e.g. {"profanity": 0.8}.') from None
        if not isinstance(parsed, dict):
            raise forms.ValidationError('Write thresholds as JSON, e.g. {"profanity": 0.8}.')
        return parsed


class ModerationSettingsForm(forms.ModelForm):
    review_thresholds = ThresholdsField(required=False, help_text='Per criterion, e.g. {"spam": 0.6}; empty for the defaults.')
    reject_thresholds = ThresholdsField(required=False, help_text='Per criterion, e.g. {"profanity": 0.95}.')

    class Meta:
        model = ModerationSettings
        fields = [
            "banned_words", "suspect_words", "allowed_words", "review_thresholds", "reject_thresholds",
            "repeat_offender_count", "response_inform_policy", "response_brief_reply", "response_complaint_route",
            "removal_notice",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in (
            "banned_words", "suspect_words", "allowed_words", "response_inform_policy", "response_brief_reply",
            "response_complaint_route")}
