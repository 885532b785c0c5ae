"""Signing in through the form, as a person does, once; every other journey starts from a session cookie."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_signs_in_through_the_form_and_reaches_the_councils_pages(site, council, clerk):
    page = site.page()
    page.goto(site.url("/accounts/login/"))
    page.fill("input[name=username]", clerk.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
    assert council.name in page.inner_text("body")


def test_wrong_password_is_refused_in_plain_words(site, council, clerk):
    page = site.page()
    page.goto(site.url("/accounts/login/"))
    page.fill("input[name=username]", clerk.username)
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    assert "password" in page.inner_text("main").lower()
