"""Parsing incoming mail: never raises, never drops (P14)."""

import datetime as dt
import os
import random
from pathlib import Path

import pytest

from comms.mail.parsing import (
    content_fingerprint,
    decode_header_value,
    html_to_text,
    looks_like_mbox,
    normalise_message_id,
    parse_message,
    read_mail_file,
    split_mbox,
)

SAMPLES = Path(__file__).parent / "mail_samples"


def sample(name):
    return parse_message((SAMPLES / name).read_bytes())


def test_plain_human_mail_is_parsed_cleanly():
    p = sample("human_plain.eml")
    assert p.message_id == "CAF1234567890abcdef@mail.example.org"
    assert p.subject == "Pothole on Eynsham Road"
    assert (p.from_name, p.from_address) == ("Jane Resident", "jane.resident@example.org")
    assert p.to == [("Parish Clerk", "clerk@cassington-pc.gov.uk")]
    assert p.return_path == "jane.resident@example.org"
    assert p.date == dt.datetime(2026, 3, 9, 10, 14, 55, tzinfo=dt.UTC)
    assert "large pothole outside number 12" in p.text_body
    assert p.html_body is None
    assert p.content_type == "text/plain"
    assert p.parse_errors == []
    assert ("Subject", "Pothole on Eynsham Road") in p.headers
    assert p.header("subject") == "Pothole on Eynsham Road"
    assert p.stable_id == p.message_id


def test_encoded_headers_addresses_and_threading_ids():
    p = sample("human_reply_html_only.eml")
    assert p.from_name == "Bob O\u2019Brien"
    assert p.from_address == "Bob@example.net"  # domain lower-cased, local part kept
    assert p.to == [("", "clerk@cassington-pc.gov.uk"), ("Smith, John", "john.smith@example.com")]
    assert p.cc == [("Renée", "renee@example.com")]
    assert p.reply_to == [("", "bob.home@example.net")]
    assert p.subject == "Re: AW: Fwd: [Cassington] Village hall \u2013 booking [Ref C-1234]"
    assert p.in_reply_to == "outgoing-7@cassington-pc.gov.uk"
    assert p.references == ["first-1@example.net", "outgoing-7@cassington-pc.gov.uk"]
    assert p.date.utcoffset() == dt.timedelta(hours=1)


def test_html_only_mail_gets_a_text_rendering_and_keeps_the_raw_html():
    p = sample("human_reply_html_only.eml")
    assert p.html_body.startswith("<html>")
    assert "<script>" in p.html_body  # sanitising is done elsewhere
    assert "alert" not in p.text_body and "color: red" not in p.text_body
    assert "Hello & thanks," in p.text_body
    assert "- Tables\n- Chairs" in p.text_body
    assert "the plan <https://example.net/plan>" in p.text_body


def test_multipart_alternative_with_attachments():
    p = sample("human_multipart_attachment.eml")
    assert p.text_body.strip() == "Please see the attached photos. Cost was £120."
    assert "&pound;120" in p.html_body
    assert [(a.filename, a.content_type) for a in p.attachments] == [
        ("shelter.png", "image/png"),
        ("Résumé report.pdf", "application/pdf"),
    ]
    assert p.attachments[0].payload.startswith(b"\x89PNG")
    _filename, _content_type, payload = p.attachments[1]  # plain tuple unpacking works
    assert payload.startswith(b"%PDF")
    assert p.content_type == "multipart/mixed"
    assert p.date.tzinfo is not None  # "-0000" (zone unknown) read as UTC


def test_delivery_report_keeps_status_parts_as_attachments():
    p = sample("dsn_bounce.eml")
    assert p.content_type == "multipart/report"
    assert p.return_path == ""
    assert "could not\nbe delivered" in p.text_body
    types = [a.content_type for a in p.attachments]
    assert types == ["message/delivery-status", "text/rfc822-headers"]
    assert b"Status: 5.4.4" in p.attachments[0].payload
    assert "message/delivery-status" in p.part_types


def test_return_path_absent_is_none():
    raw = b"From: a@example.com\nSubject: x\n\nbody\n"
    assert parse_message(raw).return_path is None
    assert parse_message(b"Return-Path: <>\n" + raw).return_path == ""
    assert parse_message(b"Return-Path: <B@Example.COM>\n" + raw).return_path == "B@example.com"


def test_p14_mail_without_message_id_gets_a_stable_fingerprint_id():
    p = sample("human_no_message_id.eml")
    assert p.message_id is None
    assert p.stable_id == f"sha256:{p.fingerprint}"
    raw = (SAMPLES / "human_no_message_id.eml").read_bytes()
    crlf = raw.replace(b"\n", b"\r\n")
    assert parse_message(crlf).fingerprint == p.fingerprint == content_fingerprint(raw + b"\n")
    assert parse_message(raw + b"X").fingerprint != p.fingerprint


def test_p14_eight_bit_headers_and_unknown_8bit_body_are_decoded():
    p = sample("headers_8bit.eml")
    assert p.subject == "Straßenlaterne defekt – café"
    assert p.from_name == "Jürgen Müller"
    assert p.header("X-Latin1") == "café"
    assert p.text_body.startswith("Die Straßenlaterne ist kaputt. € 5")
    assert any("X-Latin1" in e for e in p.parse_errors)


def test_p14_malformed_mime_is_kept_with_errors_listed():
    p = sample("malformed_mime.eml")
    assert p.message_id == "no-brackets-here@example.com"
    assert p.from_address == "broken@example.com"
    assert p.date is None
    assert "Hello world" in p.text_body
    assert p.html_body == "<p>hi</p>"
    assert [a.filename for a in p.attachments] == ["passwd"]  # no path components
    assert "café" in p.subject
    joined = " | ".join(p.parse_errors)
    for expected in ("Date", "x-no-such-charset", "CloseBoundaryNotFound", "Base64", "bogus-encoding"):
        assert expected in joined


def test_p14_header_injection_and_nul_bytes_are_neutralised():
    p = sample("header_injection.eml")
    assert p.subject == "hello Bcc: victim@example.com"
    assert "\r" not in p.subject and "\n" not in p.subject
    assert all("\n" not in v and "\r" not in v and "\x00" not in v for _, v in p.headers)
    assert "\x00" not in p.text_body and "\r" not in p.text_body
    assert p.text_body.startswith("Body with a NUL")


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\n\n\n",
        b"\x00\xff\xfe" * 1000,
        b"no headers at all, just text",
        b"Subject: =?utf-8?b?!!!?=\n\n",
        b"Content-Type: multipart/mixed\n\nno boundary",
        b'Content-Type: text/plain; charset="\xff\xfe"\n\n\xff',
        b"Content-Type: text/plain; charset=unicode_escape\n\n\\u0041\\x",
        b"Content-Transfer-Encoding: base64\n\n@@@==",
        b"Content-Type: message/rfc822\n\nSubject: inner\n\ninner",
        b"Content-Type: message/delivery-status\n\nStatus: 5.0.0\n",
        b"Date: Mon, 99 Foo 99999 99:99:99 +9999\nMessage-ID: <>\nFrom: <>\nTo: ;;;\n\nx",
        b"Subject: " + b"x" * 2_000_000 + b"\n\n",
        b"Content-Type: multipart/mixed; boundary=b0\n\n"
        + b"".join(b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1) for i in range(3000)),
        b"From: " + b"(" * 50_000 + b"\nContent-Type: text/plain; " + b"a=b; " * 20_000 + b"\n\nx",
        b"Subject: " + b"=?utf-8?q?a?= " * 50_000 + b"\n\nx",
    ],
    ids=lambda raw: repr(raw[:24]),
)
def test_p14_parse_never_raises(raw):
    p = parse_message(raw)
    for text in [p.subject, p.text_body, p.html_body or "", *(v for _, v in p.headers)]:
        text.encode("utf-8")  # storable: no lone surrogates
        assert "\x00" not in text
    assert len(p.fingerprint) == 64


def test_p14_parse_never_raises_on_mutated_samples():
    rnd = random.Random(20260309)
    corpus = [f.read_bytes() for f in sorted(SAMPLES.iterdir())]
    junk = [
        b"=?",
        b"?=",
        b"--",
        b"\n",
        b"<",
        b">",
        b'"',
        b"(",
        b"\\",
        b";",
        b"\x00",
        b"\xff",
        b"=?utf-8?b?",
        b"\n--outer\n",
        b"Content-Type: multipart/mixed; boundary=x\n",
    ]
    for _ in range(400):
        data = bytearray(rnd.choice(corpus))
        for _ in range(rnd.randint(1, 20)):
            pos = rnd.randrange(len(data) + 1)
            if rnd.random() < 0.5 and data:
                data[rnd.randrange(len(data))] = rnd.randrange(256)
            else:
                data[pos:pos] = rnd.choice(junk)
        p = parse_message(bytes(data))
        assert all("\n" not in v for _, v in p.headers)
        p.text_body.encode("utf-8")


def test_parse_accepts_str_and_random_binary():
    assert parse_message("Subject: hi\n\nbody").subject == "hi"
    p = parse_message(os.urandom(5000))
    assert p.parse_errors


def test_empty_message_is_reported_not_dropped():
    p = parse_message(b"")
    assert p.parse_errors == ["empty message"]
    assert p.fingerprint == content_fingerprint(b"")


def test_normalise_message_id():
    assert normalise_message_id("<a@b>") == "a@b"
    assert normalise_message_id("  < a@b >  (comment)") == "a@b"
    assert normalise_message_id("bare@host") == "bare@host"
    assert normalise_message_id("") is None
    assert normalise_message_id(None) is None
    assert normalise_message_id("<>") is None


def test_decode_header_value_joins_split_multibyte_words():
    assert decode_header_value("=?utf-8?q?caf=C3?= =?utf-8?q?=A9?=") == "café"
    assert decode_header_value("a =?iso-8859-1?q?Ren=E9e?= b") == "a Renée b"
    assert decode_header_value("=?utf-8?q?line=0D=0Abreak?=") == "line break"


def test_html_to_text_handles_broken_markup():
    assert html_to_text("<p>a<br>b</p><div>c &amp; d") == "a\nb\n\nc & d"
    assert html_to_text("<<<>>>") is not None


def test_split_mbox_handles_from_lines_and_unescapes():
    messages = read_mail_file(SAMPLES / "mbox_three.mbox")
    assert len(messages) == 3
    first = parse_message(messages[0])
    assert first.message_id == "mbox-1@example.org"
    assert "\nFrom the quoted line: an escaped From.\n>From doubly escaped." in first.text_body
    assert not messages[0].startswith(b"From ")
    third = parse_message(messages[2])
    assert third.message_id is None and third.return_path is None


def test_split_mbox_crlf_and_single_message_files():
    mbox = (SAMPLES / "mbox_three.mbox").read_bytes().replace(b"\n", b"\r\n")
    assert len(split_mbox(mbox)) == 3
    eml = (SAMPLES / "human_plain.eml").read_bytes()
    assert not looks_like_mbox(eml)
    assert read_mail_file(SAMPLES / "human_plain.eml") == [eml]
    assert split_mbox(b"From - Mon Mar  9 10:15:02 2026\n" + eml) == [eml]
