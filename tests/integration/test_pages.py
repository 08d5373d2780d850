"""The pages people look for (about, help, scams, privacy, terms, contact) linked from every
footer; the terms version recorded at sign-up; a header of at most five items."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Role, User
from portal.services import legal
from portal.web.navigation import ACCOUNT_ITEMS, MAX_NAV_ITEMS, NAV_ITEMS
from tests.fixtures.factories import PASSWORD, UserFactory
from tests.fixtures.forms import signup

PAGES = {
    "/about": ["AAPC or AHIMA", "United States, India and the Gulf"],
    "/help": ["For job seekers", "For employers", "For training schools", "How matching works"],
    "/help/scams": ["They ask you for money.", "Report this job"],
    "/privacy": ["Who sees it", "Version 1.0"],
    "/terms": ["Never ask a candidate for money", "Version 1.0"],
    "/contact": ["help@codermatch.local", "Report this job"],
}


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_answers_with_its_content_and_without_login(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in PAGES[path]:
        assert text in html


@pytest.mark.parametrize("path", ["/", "/jobs", "/auth/login", "/nowhere-at-all", "/dashboard"])
def test_every_footer_links_the_pages(client, auth, path):
    UserFactory(email="seeker@example.com")
    for logged_in in (False, True):
        if logged_in:
            auth.login("seeker@example.com")
        html = client.get(path, follow_redirects=True).get_data(as_text=True)
        footer = html[html.index('<footer class="site-footer">') :]
        for target in PAGES:
            assert f'href="{target}"' in footer, (path, target)
        assert ('href="/emails/"' in footer) is logged_in


def test_sign_up_records_the_terms_version_agreed_to(client, auth):
    page = client.get("/auth/signup").get_data(as_text=True)
    current = legal.current_terms().number
    assert f'name="terms_version" type="hidden" value="{current}"' in page
    assert 'href="/terms"' in page and 'href="/privacy"' in page
    assert signup(client, email="new@example.com").status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "new@example.com"))
    assert user.terms_version == current and user.terms_accepted_at is not None
    # The person can see what they agreed to.
    user.email_verified_at = user.terms_accepted_at
    db.session.commit()
    auth.login("new@example.com")
    account = client.get("/auth/account").get_data(as_text=True)
    assert f"You agreed to version {current} on" in account


def test_sign_up_with_terms_that_changed_meanwhile_asks_again(client):
    response = signup(client, email="late@example.com", terms_version="0.9")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The terms of use changed while you were signing up" in html
    # The page now carries the current version, and the typed values are kept.
    assert f'value="{legal.current_terms().number}"' in html and "late@example.com" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize("role", list(Role))
def test_header_has_at_most_five_items_and_the_rest_in_the_account_menu(client, auth, role):
    assert sum(role in roles for _l, _e, roles in NAV_ITEMS) <= MAX_NAV_ITEMS
    UserFactory(role=role.value, email=f"{role.value}@example.com")
    auth.login(f"{role.value}@example.com", PASSWORD)
    html = client.get("/dashboard").get_data(as_text=True)
    bar = html[
        html.index('<nav aria-label="Main"') : html.index("</nav>", html.index('aria-label="Main"'))
    ]
    # The bar's links and the account menu (one item) make at most five.
    assert len(re.findall(r"<a ", bar)) + 1 <= 5
    # Everything else is one click away in the account menu, a <details> that needs no script.
    menu = html[html.index('<details class="account-menu"') : html.index("</details>")]
    for label, _endpoint, roles in ACCOUNT_ITEMS:
        assert (str(label) in menu) is (role in roles), (role, label)
    assert "Log out" in menu
    # Never a hidden summary that only a script would open.
    assert "data-nav-menu" not in html


def test_logged_out_header_is_a_few_plain_links(client):
    html = client.get("/").get_data(as_text=True)
    header = html[html.index("<header") : html.index("</header>")]
    assert "<details" not in header
    for text in ("Search jobs", "Log in", "Sign up"):
        assert text in header
