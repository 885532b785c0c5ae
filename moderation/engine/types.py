"""Result types of the moderation engine and the criteria codes of DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Decision = Literal["publish", "review", "reject"]
Kind = Literal["public_comment", "council_post"]

PUBLIC_COMMENT = "public_comment"
COUNCIL_POST = "council_post"
KINDS = (PUBLIC_COMMENT, COUNCIL_POST)

PROFANITY = "profanity"
HATE = "hate"
SEXUAL = "sexual"
THREAT = "threat"
PERSONAL_ATTACK = "personal_attack"
DEFAMATION = "defamation"
PERSONAL_INFO = "personal_info"
SPAM = "spam"
OFF_TOPIC = "off_topic"
COPYRIGHT = "copyright"
POLITICAL_AD = "political_ad"
ALLEGATION = "allegation"

CRITERIA: tuple[str, ...] = (
    PROFANITY,
    HATE,
    SEXUAL,
    THREAT,
    PERSONAL_ATTACK,
    DEFAMATION,
    PERSONAL_INFO,
    SPAM,
    OFF_TOPIC,
    COPYRIGHT,
    POLITICAL_AD,
    ALLEGATION,
)

# P4 is the guideline the public is asked to follow; where a criterion is one of those
# guidelines we cite it directly, otherwise the P7 removal criterion that covers it.
_PUBLIC_CLAUSE = {
    PROFANITY: "P4",  # "Vulgarity ... will not be tolerated"
    THREAT: "P4",  # "threats or abuse of language"
    PERSONAL_ATTACK: "P4",  # "personal attacks on anyone, including the Council members or staff"
    COPYRIGHT: "P4",  # "be aware of copyright laws"
    OFF_TOPIC: "P4",  # "Stay on topic"
    SPAM: "P4",  # "Refrain from using the Council's Website page for commercial purposes"
    HATE: "P7",  # "Obscene or racist content"
    SEXUAL: "P7",  # "Obscene ... content"
    DEFAMATION: "P7",  # "Potentially libellous statements"
    PERSONAL_INFO: "P7",  # "Private, personal information published without consent"
    POLITICAL_AD: "P7",  # not a P4 guideline; removed under "Commercial promotions or spam"
    ALLEGATION: "P7",  # "Alleges a breach of a Council's policy or the law"
}


def clause_for(criterion: str, kind: str) -> str:
    """The policy clause a finding cites: P3 for council posts, P4/P7 for public comments."""
    if kind == COUNCIL_POST:
        return "P3"
    return _PUBLIC_CLAUSE[criterion]


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason to hold a text; ``start``/``end`` index the original text."""

    criterion: str
    clause: str
    score: float
    start: int
    end: int
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "clause": self.clause,
            "score": round(self.score, 3),
            "start": self.start,
            "end": self.end,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class Result:
    decision: Decision
    criteria: list[str]
    findings: list[Finding]
    kind: str = PUBLIC_COMMENT
    blocking_criteria: frozenset[str] = field(default=frozenset())

    @property
    def blocks_approval(self) -> bool:
        """P3: a council post with a blocking finding (political advertising, personal data)
        cannot be approved as it stands."""
        return self.kind == COUNCIL_POST and any(c in self.blocking_criteria for c in self.criteria)

    @property
    def needs_complaint_route(self) -> bool:
        """P8: an allegation is answered with the formal-complaint / Police route."""
        return ALLEGATION in self.criteria

    def to_dict(self, id: Any) -> dict[str, Any]:
        return {
            "id": id,
            "decision": self.decision,
            "criteria": list(self.criteria),
            "findings": [f.to_dict() for f in self.findings],
        }
