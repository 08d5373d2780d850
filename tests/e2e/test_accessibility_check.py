"""The accessibility check itself can fail: a missing label and a page wider than a phone are
caught, with the rule and the element named."""

from __future__ import annotations

import pytest

from tests.e2e.accessibility import check_page

pytestmark = pytest.mark.e2e


@pytest.fixture
def db_backend():
    return "sqlite"


def test_an_unlabelled_box_is_a_violation(page):
    page.goto("/")
    page.evaluate(
        "() => document.querySelector('main').append(Object.assign("
        "document.createElement('input'), {type: 'text', id: 'nameless'}))"
    )
    with pytest.raises(AssertionError, match=r"label.*#nameless"):
        check_page(page)


def test_a_page_wider_than_a_phone_is_caught(page):
    page.goto("/")
    page.evaluate(
        "() => { const wide = document.createElement('div'); wide.className = 'too-wide';"
        " wide.textContent = 'x'; wide.setAttribute('aria-hidden', 'true');"
        " wide.style.minWidth = '500px';"
        " document.querySelector('main').append(wide); }"
    )
    with pytest.raises(AssertionError, match=r"scrolls sideways by \d+px.*div\.too-wide"):
        check_page(page)


def test_the_home_page_passes(page):
    page.goto("/")
    check_page(page)
