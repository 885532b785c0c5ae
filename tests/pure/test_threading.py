"""Threading keys: In-Reply-To, then References (last first), then a [Ref ...] subject tag."""

from pathlib import Path

import pytest

from comms.mail.parsing import parse_message
from comms.mail.threading import (
    extract_reference,
    normalise_subject,
    reply_subject,
    subject_with_reference,
    thread_keys,
)

SAMPLES = Path(__file__).parent / "mail_samples"


def test_thread_keys_in_reply_to_then_references_last_first():
    p = parse_message(
        b"Message-ID: <me@x>\nIn-Reply-To: <parent@x>\n"
        b"References: <root@x> <middle@x> <parent@x> <me@x>\nSubject: Re: Hall [Ref C-1234]\n\nx"
    )
    keys = thread_keys(p)
    assert keys.message_ids == ["parent@x", "middle@x", "root@x"]
    assert keys.reference == "C-1234"
    assert keys.subject == "Hall"


def test_thread_keys_from_sample_reply():
    keys = thread_keys(parse_message((SAMPLES / "human_reply_html_only.eml").read_bytes()))
    assert keys.message_ids == ["outgoing-7@cassington-pc.gov.uk", "first-1@example.net"]
    assert keys.reference == "C-1234"
    assert keys.subject == "Village hall \u2013 booking"


def test_thread_keys_for_a_new_message_are_empty():
    keys = thread_keys(parse_message((SAMPLES / "human_plain.eml").read_bytes()))
    assert keys.message_ids == [] and keys.reference is None
    assert keys.subject == "Pothole on Eynsham Road"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: Village hall", "Village hall"),
        ("RE: RE: Fwd: Village hall", "Village hall"),
        ("RE[2]: Village hall", "Village hall"),
        ("Re(3): Village hall", "Village hall"),
        ("AW: WG: Village hall", "Village hall"),
        ("SV: VS: Village hall", "Village hall"),
        ("Fw: [External] Re: [Cassington] Village hall", "Village hall"),
        ("TR: RE : Village hall", "Village hall"),
        ("  Re:   Village    hall  ", "Village hall"),
        ("Re: Village hall [Ref C-99]", "Village hall"),
        ("Re-opening of the hall", "Re-opening of the hall"),
        ("Reply needed: hall", "Reply needed: hall"),
        ("", ""),
        (None, ""),
        ("Re: line\r\nBcc: x", "line Bcc: x"),
    ],
)
def test_normalise_subject(subject, expected):
    assert normalise_subject(subject) == expected


@pytest.mark.parametrize(
    ("subject", "ref"),
    [
        ("Re: Hall [Ref C-1234]", "C-1234"),
        ("[ref: C-1234] Hall", "C-1234"),
        ("Hall [Reference #CAS/2026/0042]", "CAS/2026/0042"),
        ("Hall [REF C-1] again [Ref C-2]", "C-2"),
        ("Hall [C-1234]", None),
        ("Hall", None),
        (None, None),
    ],
)
def test_extract_reference(subject, ref):
    assert extract_reference(subject) == ref


def test_subject_with_reference_adds_exactly_one_tag():
    assert subject_with_reference("Village hall", "C-1234") == "Village hall [Ref C-1234]"
    assert subject_with_reference("Village hall [Ref C-1234]", "C-1234") == "Village hall [Ref C-1234]"
    assert subject_with_reference("Hall [Ref C-1]", "C-2") == "Hall [Ref C-2]"
    assert subject_with_reference("", "C-7") == "[Ref C-7]"
    assert subject_with_reference("a\r\nBcc: x", "C-7") == "a Bcc: x [Ref C-7]"
    assert extract_reference(subject_with_reference("Hall", "C-9")) == "C-9"
    with pytest.raises(ValueError):
        subject_with_reference("Hall", "]]")


def test_reply_subject_does_not_stack_prefixes():
    assert reply_subject("RE: Re: Fwd: Hall [Ref C-1]") == "Re: Hall"
    assert reply_subject("RE: Re: Hall", ref="C-1") == "Re: Hall [Ref C-1]"
    assert reply_subject("") == "Re: Your message"
