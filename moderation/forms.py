from datetime import date

from django import forms
from django.utils import timezone

from council.models import Body, PolicyChannel

from .engine.config import DEFAULT_REJECT_THRESHOLDS, DEFAULT_REVIEW_THRESHOLDS
from .models import CRITERION_LABELS, CouncilPost, Criterion, ModerationSettings, ResponseKind
from .social_page import PAGE_OUTCOME_CHOICES

CRITERION_CHOICES = [("", "Choose the criterion breached"), *list(Criterion.choices)]


class BreachForm(forms.Form):
    """Reject a held item, or remove a published one: criterion, reason and response in one step (P8)."""

    criterion = forms.ChoiceField(choices=CRITERION_CHOICES)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        label="Internal note (kept on the record; never sent to the resident)",
    )
    response_kind = forms.ChoiceField(
        choices=ResponseKind.choices, initial=ResponseKind.IGNORE, label="Response to the sender"
    )
    response_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=5000,
        label="Email to the resident",
        help_text="Filled in from the council's wording when you preview it; what is here is what they get.",
    )
    # Set once the moderator has seen the email: only then does a response go out (P8).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    on_page = forms.ChoiceField(
        choices=PAGE_OUTCOME_CHOICES,
        initial="hide",
        required=False,
        widget=forms.RadioSelect,
        label="On the Council's social media page",
    )

    def __init__(self, *args, on_page: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not on_page:  # only a comment that came from the connected page has a place there
            del self.fields["on_page"]

    def clean_on_page(self) -> str:
        return self.cleaned_data.get("on_page") or "hide"


class BlockForm(forms.Form):
    """Block a person on the Council's website forms, by name and every address they use (P8)."""

    name = forms.CharField(max_length=200, required=False, label="Name")
    emails = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        label="Email addresses",
        help_text="One or more, separated by spaces, commas or new lines: every address the person writes from.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000, label="Why (kept on the record)"
    )


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
                (value, label)
                for value, label in self.fields["channel"].choices
                if value != PolicyChannel.SOCIAL_PAGE or self.instance.channel == value
            ]
            self.fields["channel"].help_text = (
                "Posting on a third-party social page is offered once the council's social page and its "
                "owner's email address are set in its settings."
            )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and getattr(image, "size", 0) > self.MAX_IMAGE:
            raise forms.ValidationError("The image must be at most 5 MB.")
        return image


class ThemesForm(forms.Form):
    since = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="Inclusive.")

    # Outside these the dates cannot be turned into times in every time zone (year 1, year 9999).
    EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)

    def _in_range(self, name):
        value = self.cleaned_data.get(name)
        if value and not (self.EARLIEST <= value <= self.LATEST):
            raise forms.ValidationError(f"Choose a date between {self.EARLIEST:%-d %B %Y} and {self.LATEST:%-d %B %Y}.")
        return value

    def clean_since(self):
        return self._in_range("since")

    def clean_until(self):
        return self._in_range("until")

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("The period must start before it ends.")
        return data


CRITERION_MEANINGS = {
    "profanity": "Swearing, obscene or vulgar words.",
    "hate": "Racist or otherwise hateful words about a group of people.",
    "sexual": "Sexual content.",
    "threat": "Threats, harassment or abuse.",
    "personal_attack": "Insults aimed at a person, members and staff of the Council included.",
    "defamation": "Claims about a person that could be libellous.",
    "personal_info": "Names with addresses, email addresses, phone numbers and other private details.",
    "spam": "Commercial promotion, advertising or spam.",
    "off_topic": "Information or links unrelated to the announcement.",
    "copyright": "Plagiarised or copied material.",
    "political_ad": "Political advertising (in the Council's own posts).",
    "allegation": "Alleges a breach of Council policy or the law: answered with the formal-complaint route.",
}


def _percent(value: float) -> int | None:
    return None if value > 1 else round(value * 100)


class ModerationSettingsForm(forms.ModelForm):
    """The word lists and texts as the model has them; each criterion's thresholds as two labelled numbers (P7).

    A check gives each finding a score from 0 to 100 (how sure it is). At or above the first number the
    comment is held for a moderator; at or above the second it is refused without a person looking.
    """

    class Meta:
        model = ModerationSettings
        fields = [
            "moderation_mode",
            "banned_words",
            "suspect_words",
            "allowed_words",
            "repeat_offender_count",
            "response_inform_policy",
            "response_brief_reply",
            "response_complaint_route",
            "removal_notice",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in (
                "banned_words",
                "suspect_words",
                "allowed_words",
                "response_inform_policy",
                "response_brief_reply",
                "response_complaint_route",
            )
        }
        widgets["moderation_mode"] = forms.RadioSelect

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved_review = {**DEFAULT_REVIEW_THRESHOLDS, **(self.instance.review_thresholds or {})}
        saved_reject = {**DEFAULT_REJECT_THRESHOLDS, **(self.instance.reject_thresholds or {})}
        self.defaults = (DEFAULT_REVIEW_THRESHOLDS, DEFAULT_REJECT_THRESHOLDS)
        self.criteria_rows = []
        for code in Criterion.values:
            label = CRITERION_LABELS[code]
            held, refused = _percent(saved_review[code]), _percent(saved_reject[code])
            self.fields[f"review_{code}"] = forms.IntegerField(
                label=f"{label}: hold for a moderator from a score of",
                min_value=0,
                max_value=100,
                initial=held,
                widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
                error_messages={"required": "Give a score from 0 to 100."},
            )
            self.fields[f"reject_{code}"] = forms.IntegerField(
                label=f"{label}: refuse without a moderator from a score of",
                min_value=0,
                max_value=100,
                required=False,
                initial=refused,
                widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
                help_text="Empty: never refused by the checks alone.",
            )
            effect = f"Now: held from {held}" + (
                f", refused from {refused}." if refused is not None else "; never refused by the checks alone."
            )
            self.criteria_rows.append(
                {
                    "code": code,
                    "label": label,
                    "meaning": CRITERION_MEANINGS.get(code, ""),
                    "effect": effect,
                    "review": self[f"review_{code}"],
                    "reject": self[f"reject_{code}"],
                }
            )

    def clean(self):
        data = super().clean()
        review_defaults, reject_defaults = self.defaults
        review, reject = {}, {}
        for code in Criterion.values:
            held, refused = data.get(f"review_{code}"), data.get(f"reject_{code}")
            if held is None:
                continue
            if refused is not None and refused < held:
                self.add_error(f"reject_{code}", "The score for refusing must be at least the score for holding.")
                continue
            held_value = held / 100
            refused_value = 1.01 if refused is None else refused / 100
            # Only what differs from the defaults is stored, so later improvements to the defaults still apply.
            if abs(held_value - review_defaults[code]) > 1e-9:
                review[code] = held_value
            if abs(refused_value - reject_defaults[code]) > 1e-9:
                reject[code] = refused_value
        data["review_thresholds"], data["reject_thresholds"] = review, reject
        return data


class ThemeMeetingForm(forms.Form):
    body = forms.ModelChoiceField(queryset=None, label="Meeting of", empty_label=None)
    meeting_date = forms.DateField(label="Meeting date", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Note for the agenda", required=False, max_length=2000)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(council=council).order_by("name")

    def clean_meeting_date(self):
        value = self.cleaned_data["meeting_date"]
        if value < timezone.localdate():
            raise forms.ValidationError("The meeting date has passed: choose today or a later date.")
        return value


class ThemeReplyForm(forms.Form):
    subject = forms.CharField(label="Subject", required=False, max_length=200)
    body = forms.CharField(label="Reply", max_length=10000, error_messages={"required": "Write the reply first."})
