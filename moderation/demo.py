"""Demo announcements and comments for `load_demo`; running it again changes nothing."""

from __future__ import annotations

from django.db import transaction

from council.models import Council, Role
from council.selectors import members_of

from .models import CouncilPost, Source, Submission
from .services import (
    council_post_approve,
    council_post_check,
    council_post_create,
    council_post_publish,
    submission_create,
    submission_reject,
)

POSTS = {
    "cassington": [
        (
            "Playing field: new play equipment",
            (
                "New play equipment for the under-fives will be installed on the playing field from 10 to 14 March. "
                "The play area will be closed while the work is done. Thank you for your patience."
            ),
        ),
        (
            "Annual Parish Meeting",
            (
                "The Annual Parish Meeting is on Tuesday 22 April at 7.30pm in the village hall. Everyone who lives in "
                "the parish is welcome; come and hear what the Council has done this year and raise your questions."
            ),
        ),
        (
            "Litter pick on Saturday",
            (
                "Volunteers are invited to the spring litter pick on Saturday 5 April, meeting at the village hall at "
                "10am. Gloves, bags and litter pickers are provided."
            ),
        ),
    ],
    "bassingbourn": [
        (
            "High Street resurfacing",
            (
                "High Street will be closed for resurfacing from 3 to 7 March. Buses will divert via Mill Lane and the "
                "footpaths stay open throughout."
            ),
        ),
        (
            "Recreation ground pavilion",
            (
                "The Council has agreed to refurbish the recreation ground pavilion. Plans are on display in the "
                "library until the end of the month and comments are welcome."
            ),
        ),
        (
            "Christmas lights switch-on",
            (
                "The Christmas lights will be switched on at 5pm on Friday 29 November on the green, with carols and "
                "mince pies. All are welcome."
            ),
        ),
    ],
}

# (text, author name, email, fate): fate is what the demo does after the checks.
COMMENTS = [
    (
        "Thank you for letting us know in good time. Will the footpaths stay open as well?",
        "Jean Harper",
        "jean.harper@example.net",
        "as_checked",
    ),
    (
        "I think this is poorly planned: a week is far too long and the Council should have done it at night.",
        "Mark Ellis",
        "mark.ellis@example.net",
        "as_checked",
    ),
    (
        "Great news, my children will love it. Well done to everyone involved.",
        "Priya Shah",
        "priya.shah@example.net",
        "as_checked",
    ),
    (
        "If anyone wants a lift to the meeting ring me on 07911 123456 or call at 14 Church Road.",
        "Ann Baker",
        "ann.baker@example.net",
        "as_checked",
    ),  # personal information: held for a moderator
    ("Councillors are useless idiots and the Clerk is a liar.", "Anon", "angry.resident@example.net", "reject"),
]


def _first(council: Council, role: str):
    return members_of(council=council, roles=[role]).first()


def _demo_post(council: Council, title: str, body: str, author, approver) -> CouncilPost:
    post = CouncilPost.objects.filter(council=council, title=title).first()
    if post is not None:
        return post
    post = council_post_create(council=council, author=author, title=title, body=body)
    post = council_post_check(post=post, actor=author)
    if not post.blocks_approval:
        post = council_post_publish(post=council_post_approve(post=post, actor=approver), actor=approver)
    return post


@transaction.atomic
def demo_records_load(councils) -> None:
    for council in councils:
        posts = POSTS.get(council.slug)
        clerk, chair = _first(council, Role.CLERK), _first(council, Role.CHAIR)
        if not posts or clerk is None or chair is None:
            continue
        published = [_demo_post(council, title, body, chair, clerk) for title, body in posts]
        target = published[0]
        for text, name, email, fate in COMMENTS:
            if Submission.objects.filter(council=council, post=target, text=text).exists():
                continue
            submission = submission_create(
                council=council,
                source=Source.WEBSITE_COMMENT,
                text=text,
                post=target,
                author_name=name,
                author_email=email,
            )
            if fate == "reject" and submission.status == Submission.Status.PENDING:
                submission_reject(
                    submission=submission,
                    actor=clerk,
                    criterion="personal_attack",
                    reason="Insults aimed at members and staff",
                    response_kind="inform_policy",
                )
        # One draft awaiting a second moderator's approval (P3).
        if not CouncilPost.objects.filter(council=council, title="Draft: grass cutting schedule").exists():
            draft = council_post_create(
                council=council,
                author=clerk,
                title="Draft: grass cutting schedule",
                body="The verges will be cut every three weeks from April to September.",
            )
            council_post_check(post=draft, actor=clerk)
