"""The codes moderation records are written in: the policy's criteria, the checks' decisions, the responses
to a breach and where a comment came from (P4, P7, P8)."""

from __future__ import annotations

from django.db import models

from moderation.engine.types import CRITERIA

CRITERION_LABELS = {
    "profanity": "Obscene, profane or vulgar",
    "hate": "Racist or hateful",
    "sexual": "Sexual content",
    "threat": "Threats, harassment or abuse",
    "personal_attack": "Personal attack or insult",
    "defamation": "Potentially libellous",
    "personal_info": "Private personal information",
    "spam": "Commercial promotion or spam",
    "off_topic": "Unrelated information or links",
    "copyright": "Plagiarised or copied material",
    "political_ad": "Political advertising",
    "allegation": "Alleges a breach of Council policy or the law",
}


class Criterion(models.TextChoices):
    PROFANITY = "profanity", CRITERION_LABELS["profanity"]
    HATE = "hate", CRITERION_LABELS["hate"]
    SEXUAL = "sexual", CRITERION_LABELS["sexual"]
    THREAT = "threat", CRITERION_LABELS["threat"]
    PERSONAL_ATTACK = "personal_attack", CRITERION_LABELS["personal_attack"]
    DEFAMATION = "defamation", CRITERION_LABELS["defamation"]
    PERSONAL_INFO = "personal_info", CRITERION_LABELS["personal_info"]
    SPAM = "spam", CRITERION_LABELS["spam"]
    OFF_TOPIC = "off_topic", CRITERION_LABELS["off_topic"]
    COPYRIGHT = "copyright", CRITERION_LABELS["copyright"]
    POLITICAL_AD = "political_ad", CRITERION_LABELS["political_ad"]
    ALLEGATION = "allegation", CRITERION_LABELS["allegation"]


assert set(Criterion.values) == set(CRITERIA), "criteria codes must match the engine's"


class Decision(models.TextChoices):
    PUBLISH = "publish", "Publish"
    REVIEW = "review", "Review"
    REJECT = "reject", "Reject"


class ResponseKind(models.TextChoices):
    """P8: the Council's response to a breach."""

    IGNORE = "ignore", "Ignore (no response)"
    INFORM_POLICY = "inform_policy", "Inform the sender of the policy"
    BRIEF_REPLY = "brief_reply", "Brief reply"
    COMPLAINT_ROUTE = "complaint_route", "Formal complaint / Police route (allegations)"


class Source(models.TextChoices):
    WEBSITE_COMMENT = "website_comment", "Website comment"
    CONTACT_FORM = "contact_form", "Contact form"
    SOCIAL_COMMENT = "social_comment", "Social media comment"
    SOCIAL_MESSAGE = "social_message", "Social media message"
    COUNCIL_POST = "council_post", "Council post"
    COUNCIL_SMS = "council_sms", "Council SMS"


PUBLIC_SOURCES = frozenset({Source.WEBSITE_COMMENT, Source.CONTACT_FORM, Source.SOCIAL_COMMENT, Source.SOCIAL_MESSAGE})
SOCIAL_SOURCES = frozenset({Source.SOCIAL_COMMENT, Source.SOCIAL_MESSAGE})
# Messages to the Council rather than comments for everyone to read: never published.
PRIVATE_SOURCES = frozenset({Source.CONTACT_FORM, Source.SOCIAL_MESSAGE})
