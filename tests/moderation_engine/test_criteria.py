"""One test per criterion; critical but civil comments are published (P4: "Differing
opinions and discussion of diverse ideas are encouraged")."""

import pytest

from moderation.engine import Engine, EngineConfig, check

RULES_ONLY = Engine(EngineConfig(use_classifier=False))
TOPIC_ROADS = "Notice: High Street will be closed for resurfacing from 3 to 7 March. Buses will divert via Mill Lane."
TOPIC_MEETING = (
    "The Annual Parish Meeting is on Tuesday 12 May at 7.30pm in the village hall. All residents are welcome."
)


@pytest.mark.parametrize(
    "text",
    [
        "The council has got this badly wrong in my view. Forty houses with no new school places is unsustainable.",
        "I strongly disagree with the chair's decision and I think the clerk should explain the delay.",
        "This is a terrible waste of public money and the council should be ashamed of the consultation.",
        "Cllr Davies voted against the play area twice; I will not support him at the next meeting.",
        "Why was the bus shelter left broken for six months? Residents deserve better.",
        "The speed bumps are useless and the contractor did a poor job.",
        "I object to the application: the junction is already dangerous.",
        "Thanks!",
        "Muslim and Jewish families in the village both use the community hall.",
        "Gay couples are welcome at the church fete, says the vicar.",
    ],
)
def test_p4_critical_but_civil_comments_are_published(text):
    result = check(text, topic=TOPIC_MEETING)
    assert result.decision == "publish", result.findings


@pytest.mark.parametrize(
    ("text", "criterion"),
    [
        ("If a single digger turns up I will set fire to it myself", "threat"),
        ("The chairman had better watch his back on the way home", "threat"),
        ("I know where you live", "threat"),
        ("Cllr Davies is a useless idiot who couldn't organise a raffle", "personal_attack"),
        ("shut up you absolute muppet", "personal_attack"),
        ("the clerk is a useless moron", "personal_attack"),
        ("send me nudes", "sexual"),
        ("Don't let the travellers book it, they'll wreck it like they wreck everything", "hate"),
        ("Immigrants are vermin", "hate"),
    ],
)
def test_p4_threats_attacks_and_p7_hate(text, criterion):
    result = RULES_ONLY.check(text)
    assert criterion in result.criteria, result.findings
    assert result.decision in ("review", "reject")


@pytest.mark.parametrize(
    "text",
    [
        "Everyone knows Cllr Hughes took a backhander from the developer",
        "The treasurer has been fiddling the hall accounts for years",
        "The chair took bribes",
        "Councillor Smith is a thief",
    ],
)
def test_p7_potentially_libellous_claims_are_reviewed(text):
    result = RULES_ONLY.check(text)
    assert "defamation" in result.criteria
    assert result.decision == "review"


@pytest.mark.parametrize(
    "text",
    [
        "The council broke its own standing orders by not publishing the minutes",
        "The clerk breached the Data Protection Act by sharing my address",
        "The council acted unlawfully",
        "This is illegal",
        "I am reporting this to the police",
        "I have complained to the ombudsman",
    ],
)
def test_p8_allegations_go_to_the_complaint_route_not_rejected(text):
    result = RULES_ONLY.check(text)
    assert "allegation" in result.criteria
    assert result.decision == "review"
    assert result.needs_complaint_route


def test_p8_allegation_with_profanity_is_still_reviewed_not_rejected():
    result = RULES_ONLY.check("The council broke the law, fucking crooks")
    assert result.decision == "review"
    assert {"allegation", "profanity"} <= set(result.criteria)


@pytest.mark.parametrize(
    "text",
    [
        "Driveways resurfaced cheap!! 20% off this month, visit www.tarmac-kings-deals.co.uk",
        "Earn £500 a day working from home, click here bit.ly/3xYzAbc",
        "Bitcoin investment opportunity, DM me for details",
    ],
)
def test_p4_commercial_promotion_is_spam(text):
    result = RULES_ONLY.check(text)
    assert "spam" in result.criteria


def test_p4_price_in_a_civil_comment_is_not_spam():
    assert RULES_ONLY.check("Parking is free after 6pm but £2 an hour before").decision == "publish"


def test_p4_off_topic_needs_a_topic_and_a_long_unrelated_comment():
    assert (
        "off_topic"
        in RULES_ONLY.check(
            "Does anyone know a good dentist in Witney taking NHS patients?", topic=TOPIC_MEETING
        ).criteria
    )
    assert RULES_ONLY.check("Does anyone know a good dentist in Witney taking NHS patients?").decision == "publish"
    assert RULES_ONLY.check("Thanks!", topic=TOPIC_MEETING).decision == "publish"
    assert (
        RULES_ONLY.check("Will there be a chance to ask about the play area budget?", topic=TOPIC_MEETING).decision
        == "publish"
    )


def test_p4_off_topic_is_never_rejected():
    result = RULES_ONLY.check(
        "Does anyone know a good dentist in Witney taking NHS patients? See nhsdentists.example.com", topic=TOPIC_ROADS
    )
    assert result.criteria == ["off_topic"]
    assert result.decision == "review"
    promotion = RULES_ONLY.check("Check out my new gaming channel youtube.com/@bigdaveplays", topic=TOPIC_ROADS)
    assert {"off_topic", "spam"} <= set(promotion.criteria)


def test_p4_copyright_material_is_reviewed():
    result = RULES_ONLY.check("Copied from the Oxford Times, all rights reserved: 'The developer said...'")
    assert result.criteria == ["copyright"]
    assert result.decision == "review"


@pytest.mark.parametrize(
    "text",
    [
        "Vote Liberal Democrat on 7 May to keep Cllr Smith working for you!",
        "Re-elect Jane Brown for Kneesworth ward",
        "Promoted by A. Agent on behalf of the Green Party, 1 High Street",
        "Support Reform UK at the county elections",
    ],
)
def test_p3_council_post_with_political_advertising_blocks_approval(text):
    result = RULES_ONLY.check(text, kind="council_post")
    assert "political_ad" in result.criteria
    assert result.blocks_approval
    assert all(f.clause == "P3" for f in result.findings)


def test_p3_plain_council_post_is_approved():
    result = check("The recreation ground will be closed on Saturday for the fun day set-up.", kind="council_post")
    assert result.decision == "publish" and not result.blocks_approval
    notice = check("Polling station for the district election is at the village hall on Thursday.", kind="council_post")
    assert not notice.blocks_approval


@pytest.mark.parametrize(
    "text",
    [
        "I'll get the clerk to call you back tomorrow",
        "We'll beat them at cricket next summer",
        "I will hang the bunting in the hall on Friday",
        "It will hurt them financially if the shop closes",
        "We'll visit you next week to look at the hedge",
        "The council will trash the old benches and buy new ones",
        "Vote for your favourite scarecrow at the fete",
        "Someone will be killed on that junction if nothing is done",
    ],
)
def test_p4_everyday_verbs_are_not_threats_or_political(text):
    result = check(text)
    assert result.decision != "reject", result.findings
    assert not {"threat", "political_ad"} & set(result.criteria), result.findings


@pytest.mark.parametrize(
    "text", ["I'll find you.", "I'm going to kill him", "We will hunt you down", "I'll stab the clerk"]
)
def test_p4_explicit_threats_are_found(text):
    assert "threat" in RULES_ONLY.check(text).criteria


# Hate towards a protected group: sentences written for these tests (not HateCheck's).
@pytest.mark.parametrize(
    "text",
    [
        "Asylum seekers are nothing but parasites on this parish",
        "Those gypsies are filthy vermin",
        "Sikhs should all be sent back and deported",
        "Every last one of the Romanians should be wiped out",
        "We're going to burn out the gay couples who moved here",
        "Our village would be better off without any disabled people",
    ],
)
def test_p7_dehumanising_or_eliminationist_hate_is_rejected(text):
    result = RULES_ONLY.check(text)
    assert "hate" in result.criteria, result.findings
    assert result.decision == "reject", result.findings


@pytest.mark.parametrize(
    "text",
    [
        "I honestly can't stand Hindus",
        "Polish people are all thieves",
        "Travellers can't be trusted near the allotments",
        "Lesbians make me sick",
        "Somali families arrived last month. They are a drain on the school.",
        "Why are trans people so disgusting?",
    ],
)
def test_p7_contempt_and_derogatory_generalisations_are_held_as_hate(text):
    result = RULES_ONLY.check(text)
    assert "hate" in result.criteria, result.findings
    assert result.decision in ("review", "reject")


@pytest.mark.parametrize(
    "text",
    [
        "Calling refugees vermin is disgraceful and the parish should say so",
        "Refugees are not vermin, they are our neighbours",
        "I don't hate Muslims, I just want the car park gritted",
        "Nobody should describe Jewish families as a plague",
        "Muslims are welcome at the fete",
        "The gay pride picnic is on the green on Saturday",
        "I am a trans woman and support this application",
        "Disabled people need the dropped kerb outside the surgery",
        "The disabled toilet in the hall is dirty again",
        "Women from the WI will run the cake stall",
        "Two men were killed on that junction last year; we need a crossing",
    ],
)
def test_p7_neutral_positive_or_counter_speech_identity_mentions_are_not_hate(text):
    result = check(text)
    assert "hate" not in result.criteria, result.findings
    assert result.decision != "reject", result.findings


@pytest.mark.parametrize(
    ("text", "criterion"),
    [
        ("You're a disgrace, Cllr Marsh", "personal_attack"),
        ("The lot of you are a useless shower", "personal_attack"),
        ("The clerk wants a good kicking", "threat"),
        ("Someone should teach the chairman a lesson", "threat"),
        ("You'll get what's coming to you", "threat"),
        ("Your days are numbered, councillor", "threat"),
        ("Carry on like this and you'll find out what happens", "threat"),
    ],
)
def test_p4_british_threats_and_attacks_on_members_and_staff_are_held(text, criterion):
    result = RULES_ONLY.check(text)
    assert criterion in result.criteria, result.findings
    assert result.decision in ("review", "reject")


@pytest.mark.parametrize(
    "text",
    [
        "This plan is a load of crap and the council should think again",
        "I'm pissed off that the bins weren't collected, damn it",
        "What a crap decision by the planning committee",
    ],
)
def test_p4_mild_swearing_is_reviewed_not_rejected(text):
    assert check(text).decision == "review", check(text).findings


@pytest.mark.parametrize("text", ["Teach the children a lesson about road safety", "The hedge wants a good trim"])
def test_p4_everyday_phrases_near_threat_wording_pass(text):
    assert "threat" not in check(text).criteria


def test_p3_council_post_asking_for_a_vote_is_political_advertising():
    for text in ("Vote for the Green Party on 6 May!", "Vote for Jane Smith on 6 May", "Vote for the Lib Dems"):
        result = check(text, kind="council_post")
        assert "political_ad" in result.criteria and result.blocks_approval, text
    for text in (
        "Vote for your favourite photo in the village competition",
        "Councillors will vote for the budget in January",
        "We will vote against the proposal at the meeting",
    ):
        assert "political_ad" not in check(text, kind="council_post").criteria, text


def test_p4_insult_with_an_intensifier_is_still_a_personal_attack():
    result = check("You are a f*cking idiot, clerk")
    assert {"profanity", "personal_attack"} <= set(result.criteria) and result.decision == "reject"


def test_p7_loan_scams_are_spam_but_council_grants_are_not():
    assert "spam" in check("I got my loan approved in 24 hours! Contact Mrs Smith at loans@quickcash.com").criteria
    assert "spam" not in check("Our grant was approved by the district council last week").criteria
