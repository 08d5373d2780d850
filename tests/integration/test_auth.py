"""Accounts as people use them: sign up, confirm, log in and out, reset, change, get locked out."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Role, User
from tests.fixtures.factories import PASSWORD, UserFactory
from tests.fixtures.forms import signup


@pytest.mark.parametrize("role", ["seeker", "employer", "school"])
def test_sign_up_each_role_then_verify_and_log_in(client, mailbox, auth, role):
    response = signup(client, role=role, email=f"{role}@example.com")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/check-email")
    user = db.session.scalar(sa.select(User).where(User.email == f"{role}@example.com"))
    assert user.role == Role(role)
    assert not user.email_verified

    # Not verified yet: log-in sends the person back to "check your e-mail".
    response = auth.login(f"{role}@example.com")
    assert response.headers["Location"].endswith("/auth/check-email")

    [link] = [u for u in mailbox.links(f"{role}@example.com") if "/auth/verify/" in u]
    response = client.get(link.replace("http://localhost", ""))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email_verified

    response = auth.login(f"{role}@example.com")
    assert response.headers["Location"].endswith("/dashboard")
    assert "Hello, New Coder" in client.get("/dashboard").get_data(as_text=True)


def test_verification_link_is_single_use_and_cannot_be_forged(client, mailbox):
    signup(client)
    [link] = [u for u in mailbox.links("new.coder@example.com") if "/auth/verify/" in u]
    path = link.replace("http://localhost", "")
    assert client.get(path).headers["Location"].endswith("/dashboard")
    client.post("/auth/logout")
    # Second use: refused.
    assert client.get(path).headers["Location"].endswith("/auth/check-email")
    assert client.get(path[:-3] + "abc").headers["Location"].endswith("/auth/check-email")


def test_confirming_in_the_browser_that_signed_up_logs_in(client, mailbox):
    signup(client)
    [link] = [u for u in mailbox.links("new.coder@example.com") if "/auth/verify/" in u]
    response = client.get(link.replace("http://localhost", ""))
    assert response.headers["Location"].endswith("/dashboard")
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Hello, New Coder" in dashboard and "your e-mail address is confirmed" in dashboard


def test_confirming_in_another_browser_asks_for_the_password(app, client, mailbox):
    signup(client)
    [link] = [u for u in mailbox.links("new.coder@example.com") if "/auth/verify/" in u]
    other_browser = app.test_client()
    response = other_browser.get(link.replace("http://localhost", ""))
    assert response.headers["Location"].endswith("/auth/login")
    assert other_browser.get("/dashboard").status_code == 302  # not logged in
    user = db.session.scalar(sa.select(User))
    db.session.refresh(user)
    assert user.email_verified and user.last_login_at is None


def test_signing_up_with_a_taken_address_never_logs_in_as_its_owner(client, mailbox):
    owner = UserFactory(role="seeker", email="taken@example.com", email_verified_at=None)
    signup(client, email="taken@example.com")
    # The owner's own (unverified) link, opened in the browser that tried to sign up with it.
    from portal.services.accounts import _verification_token

    response = client.get(f"/auth/verify/{_verification_token(owner)}")
    assert response.headers["Location"].endswith("/auth/login")
    assert client.get("/dashboard").status_code == 302


def test_expired_verification_link_is_refused(app, client, mailbox):
    app.config["EMAIL_TOKEN_MAX_AGE"] = -1
    signup(client)
    [link] = [u for u in mailbox.links("new.coder@example.com") if "/auth/verify/" in u]
    client.get(link.replace("http://localhost", ""))
    user = db.session.scalar(sa.select(User))
    assert not user.email_verified


def test_sign_up_does_not_reveal_existing_accounts(client, mailbox):
    UserFactory(email="taken@example.com")
    first = signup(client, email="taken@example.com")
    second = signup(client, email="fresh@example.com")
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    [notice] = mailbox.to("taken@example.com")
    assert "already have an account" in mailbox.text(notice)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 8 characters"),
        ("password123", "too common"),
        ("aaaaaaaaaaaa", "too easy to guess"),
    ],
)
def test_weak_passwords_are_refused_with_the_values_kept(client, password, message):
    response = signup(client, password=password, email="keep.me@example.com")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'value="keep.me@example.com"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_long_unicode_passphrase_is_accepted(client, mailbox, auth):
    passphrase = "मेरा पासवर्ड बहुत लंबा है " * 4
    signup(client, password=passphrase)
    [link] = [u for u in mailbox.links("new.coder@example.com") if "/auth/verify/" in u]
    client.get(link.replace("http://localhost", ""))
    assert (
        auth.login("new.coder@example.com", passphrase).headers["Location"].endswith("/dashboard")
    )
    auth.logout()
    assert auth.login("new.coder@example.com", passphrase[:-2] + "x").status_code == 200


def test_signup_requires_role_and_age(client):
    response = client.post(
        "/auth/signup",
        data={"name": "X", "email": "x@example.com", "password": PASSWORD, "role": "admin"},
    )
    html = response.get_data(as_text=True)
    assert "Not a valid choice" in html or "Choose what brings you here" in html
    assert "18 or older" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_login_message_is_the_same_for_unknown_and_wrong_password(auth):
    UserFactory(email="known@example.com")
    wrong = auth.login("known@example.com", "not the password at all").get_data(as_text=True)
    unknown = auth.login("nobody@example.com", "not the password at all").get_data(as_text=True)
    message = "That e-mail and password do not match an account."
    assert message in wrong
    assert message in unknown


def test_logout_makes_the_old_session_cookie_useless(app, auth):
    UserFactory(email="coder@example.com")
    auth.login("coder@example.com")
    captured = auth.client.get_cookie("session").value
    assert auth.client.get("/dashboard").status_code == 200
    auth.logout()

    replay = app.test_client()
    replay.set_cookie("session", captured)
    response = replay.get("/dashboard")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_logout_makes_the_remember_me_cookie_useless(app, auth):
    UserFactory(email="coder@example.com")
    auth.login("coder@example.com", remember=True)
    remember = auth.client.get_cookie("remember_token").value
    auth.logout()

    replay = app.test_client()
    replay.set_cookie("remember_token", remember)
    assert replay.get("/dashboard").status_code == 302


def test_remember_me_cookie_logs_in_a_new_browser_session(app, auth):
    UserFactory(email="coder@example.com")
    auth.login("coder@example.com", remember=True)
    remember = auth.client.get_cookie("remember_token").value
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember)
    assert fresh.get("/dashboard").status_code == 200


def test_password_change_logs_out_other_devices(app, auth):
    UserFactory(email="coder@example.com")
    other = app.test_client()
    other.post("/auth/login", data={"email": "coder@example.com", "password": PASSWORD})
    assert other.get("/dashboard").status_code == 200

    auth.login("coder@example.com")
    response = auth.client.post(
        "/auth/account/password",
        data={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
    )
    assert response.status_code == 302
    assert auth.client.get("/dashboard").status_code == 200  # this device stays in
    assert other.get("/dashboard").status_code == 302  # the other one is out


def test_password_change_needs_the_current_password(auth):
    UserFactory(email="coder@example.com")
    auth.login("coder@example.com")
    response = auth.client.post(
        "/auth/account/password",
        data={"current_password": "wrong wrong wrong", "new_password": "a brand new passphrase"},
    )
    assert response.status_code == 400
    assert "current password is not right" in response.get_data(as_text=True)


def test_disabled_account_is_logged_out_everywhere(app, auth):
    admin = UserFactory(role="admin", email="admin@example.com")
    user = UserFactory(email="coder@example.com")
    victim = app.test_client()
    victim.post("/auth/login", data={"email": "coder@example.com", "password": PASSWORD})
    assert victim.get("/dashboard").status_code == 200

    auth.login(admin.email)
    assert auth.client.post(f"/admin/users/{user.id}/disable").status_code == 302
    assert victim.get("/dashboard").status_code == 302
    login = victim.post("/auth/login", data={"email": "coder@example.com", "password": PASSWORD})
    assert "do not match" in login.get_data(as_text=True)


def test_non_admin_cannot_disable_accounts(auth):
    user = UserFactory(email="coder@example.com")
    other = UserFactory(email="other@example.com", role="employer")
    auth.login(other.email)
    assert auth.client.post(f"/admin/users/{user.id}/disable").status_code == 403
    assert auth.client.get("/admin/users").status_code == 403
    db.session.refresh(user)
    assert user.is_active


def test_password_reset_flow(client, mailbox, auth, app):
    UserFactory(email="coder@example.com")
    other_device = app.test_client()
    other_device.post("/auth/login", data={"email": "coder@example.com", "password": PASSWORD})

    response = client.post("/auth/forgot-password", data={"email": "coder@example.com"})
    unknown = client.post("/auth/forgot-password", data={"email": "ghost@example.com"})
    assert "If coder@example.com has an account" in response.get_data(as_text=True)
    assert "If ghost@example.com has an account" in unknown.get_data(as_text=True)
    assert mailbox.to("ghost@example.com") == []

    [link] = [u for u in mailbox.links("coder@example.com") if "/reset-password/" in u]
    path = link.replace("http://localhost", "")
    assert client.get(path).status_code == 200
    response = client.post(path, data={"new_password": "my new sunny passphrase"})
    assert response.headers["Location"].endswith("/auth/login")
    # Single use, and the other device's session is gone.
    assert client.get(path).headers["Location"].endswith("/auth/forgot-password")
    assert other_device.get("/dashboard").status_code == 302
    assert (
        auth.login("coder@example.com", "my new sunny passphrase")
        .headers["Location"]
        .endswith("/dashboard")
    )


def test_change_email_needs_confirmation_from_the_new_address(client, mailbox, auth):
    UserFactory(email="coder@example.com")
    auth.login("coder@example.com")
    response = client.post(
        "/auth/account/email",
        data={"email-new_email": "new@example.com", "email-current_password": PASSWORD},
    )
    assert response.status_code == 302
    assert mailbox.to("coder@example.com")  # the old address is told
    [link] = [u for u in mailbox.links("new@example.com") if "/confirm-email/" in u]
    client.get(link.replace("http://localhost", ""))
    user = db.session.scalar(sa.select(User))
    assert user.email == "new@example.com"
    assert auth.login("new@example.com").headers["Location"].endswith("/dashboard")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
    ],
)
def test_next_never_leaves_the_site(auth, target):
    UserFactory(email="coder@example.com")
    response = auth.client.post(
        "/auth/login?next=" + target, data={"email": "coder@example.com", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/dashboard"


def test_next_to_a_local_page_is_followed(auth):
    UserFactory(email="coder@example.com")
    response = auth.client.post(
        "/auth/login?next=/auth/account", data={"email": "coder@example.com", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/auth/account"


def test_login_is_rate_limited(auth):
    UserFactory(email="coder@example.com")
    # Different addresses: the per-address delay (test_login_throttle) is not what this checks.
    codes = [
        auth.login(f"coder{i}@example.com", "wrong password here").status_code for i in range(12)
    ]
    assert codes[:10] == [200] * 10
    assert codes[-1] == 429
    response = auth.login("coder@example.com", "wrong password here")
    assert "Too many attempts" in response.get_data(as_text=True)
    assert response.headers["Retry-After"]


def test_password_is_rehashed_when_parameters_change(app, auth):
    user = UserFactory(email="coder@example.com")
    old_hash = user.password_hash
    app.config["PASSWORD_HASH_MEMORY_KIB"] = 16
    auth.login("coder@example.com")
    db.session.refresh(user)
    assert user.password_hash != old_hash
    assert re.search(r"m=16,", user.password_hash)


def test_create_admin_command(runner):
    result = runner.invoke(args=["users", "create-admin", "boss@example.com", "--name", "Boss"])
    assert result.exit_code == 0, result.output
    password = result.output.split("change it after logging in): ")[1].strip()
    user = db.session.scalar(sa.select(User).where(User.email == "boss@example.com"))
    assert user.is_admin and user.email_verified
    assert password not in user.password_hash
    again = runner.invoke(args=["users", "create-admin", "boss@example.com"])
    assert again.exit_code != 0
    assert "already exists" in again.output
