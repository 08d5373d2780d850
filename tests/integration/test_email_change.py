"""Changing the e-mail address cannot be used to take an account over: the link dies with any
password change or reset, and the old address can cancel the change."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import User
from tests.fixtures.factories import PASSWORD, UserFactory


def _ask_for_change(client, auth, new_email="attacker@example.net", password=PASSWORD):
    auth.login("coder@example.com", password)
    response = client.post(
        "/auth/account/email",
        data={"email-new_email": new_email, "email-current_password": password},
    )
    assert response.status_code == 302
    auth.logout()


def _link(mailbox, address, marker):
    [link] = [u for u in mailbox.links(address) if marker in u]
    return link.replace("http://localhost", "")


def _user() -> User:
    return db.session.scalar(sa.select(User))


def test_a_password_reset_cancels_a_pending_change(client, auth, mailbox):
    UserFactory(email="coder@example.com")
    _ask_for_change(client, auth)  # the attacker knew the old password
    confirm = _link(mailbox, "attacker@example.net", "/confirm-email/")

    # The owner resets the password from the e-mail.
    client.post("/auth/forgot-password", data={"email": "coder@example.com"})
    reset = _link(mailbox, "coder@example.com", "/reset-password/")
    client.post(reset, data={"new_password": "my new sunny passphrase"})

    response = client.get(confirm)
    assert response.headers["Location"] == "/"
    assert _user().email == "coder@example.com"


def test_a_password_change_cancels_a_pending_change(client, auth, mailbox):
    UserFactory(email="coder@example.com")
    _ask_for_change(client, auth)
    confirm = _link(mailbox, "attacker@example.net", "/confirm-email/")
    auth.login("coder@example.com")
    client.post(
        "/auth/account/password",
        data={"current_password": PASSWORD, "new_password": "my new sunny passphrase"},
    )
    client.get(confirm)
    assert _user().email == "coder@example.com"


def test_the_old_address_can_cancel_the_change(client, auth, mailbox):
    UserFactory(email="coder@example.com")
    _ask_for_change(client, auth)
    confirm = _link(mailbox, "attacker@example.net", "/confirm-email/")
    [notice] = mailbox.to("coder@example.com")
    assert "attacker@example.net" in mailbox.text(notice)
    cancel = _link(mailbox, "coder@example.com", "/cancel-email-change/")

    # Opening the link (as a mail scanner would) changes nothing; the button does.
    page = client.get(cancel)
    assert page.status_code == 200 and "Cancel the change" in page.get_data(as_text=True)
    other_device = client.application.test_client()
    AuthOther = type(auth)  # noqa: N806
    AuthOther(other_device).login("coder@example.com")
    assert other_device.get("/auth/account").status_code == 200

    response = client.post(cancel)
    assert response.headers["Location"].endswith("/auth/forgot-password")
    assert other_device.get("/auth/account").status_code == 302  # every session ended
    client.get(confirm)
    assert _user().email == "coder@example.com"
    # Single use.
    assert client.post(cancel).headers["Location"] == "/"


def test_a_newer_request_replaces_the_older_link(client, auth, mailbox):
    UserFactory(email="coder@example.com")
    _ask_for_change(client, auth, "first@example.net")
    first = _link(mailbox, "first@example.net", "/confirm-email/")
    _ask_for_change(client, auth, "second@example.net")
    second = _link(mailbox, "second@example.net", "/confirm-email/")
    client.get(first)
    assert _user().email == "coder@example.com"
    client.get(second)
    assert _user().email == "second@example.net"
