"""Which e-mails people get: the choices page, the senders honouring it, and the signed
one-click unsubscribe (RFC 8058) that works without a session or a CSRF token and refuses a
forged link."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer

from portal.extensions import db
from portal.models import EmailKind, EmailOptOut, Notification, Role
from portal.services import applications, credential_reminders, messages
from tests.fixtures.factories import CredentialFactory, UserFactory
from tests.fixtures.world import applications_of, apply_via_page, subjects

TODAY = date(2027, 3, 1)


def opted_out(user) -> set[EmailKind]:
    db.session.expire_all()
    return set(
        db.session.scalars(db.select(EmailOptOut.kind).where(EmailOptOut.user_id == user.id))
    )


def remind(app, world, days=20):
    CredentialFactory(profile=world.priya_profile, kind="CRC", expires_on=TODAY + timedelta(days))
    with app.test_request_context():
        return credential_reminders.send_credential_reminders(TODAY)


def reminder_link(mailbox, world) -> tuple[str, object]:
    [email] = [m for m in mailbox.to(world.priya.email) if "expires on" in m["Subject"]]
    [link] = re.findall(r"http://localhost/emails/unsubscribe/\S+", mailbox.text(email))
    return link.replace("http://localhost", ""), email


@pytest.fixture
def csrf_on(app):
    """The browser's rules: every POST needs a CSRF token unless the view is exempt."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_one_click_post_unsubscribes_without_session_or_csrf_token(
    world, app, client, mailbox, csrf_on
):
    assert remind(app, world) == 1
    path, email = reminder_link(mailbox, world)
    assert email["List-Unsubscribe"] == f"<http://localhost{path}>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Choose which e-mails you get: http://localhost/emails/" in mailbox.text(email)
    # CSRF really is on: an ordinary form without its token is refused.
    assert client.post("/auth/login", data={"email": "x@example.com"}).status_code == 400

    # Opening the link (a person, or a mail scanner) only asks.
    page = client.get(path)
    assert page.status_code == 200
    assert "Reminders before a credential expires" in page.get_data(as_text=True)
    assert opted_out(world.priya) == set()

    # What a mail provider sends: a bare POST with List-Unsubscribe=One-Click, no cookie.
    response = client.post(
        path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "E-mails stopped" in response.get_data(as_text=True)
    assert opted_out(world.priya) == {EmailKind.REMINDERS}
    # Twice is harmless.
    assert client.post(path, data="List-Unsubscribe=One-Click").status_code == 200
    assert opted_out(world.priya) == {EmailKind.REMINDERS}

    # No more reminders, even for another credential and another threshold.
    mailbox.clear()
    assert remind(app, world, days=5) == 0
    assert mailbox.to(world.priya.email) == []


def test_forged_or_altered_links_change_nothing(world, app, client, mailbox, csrf_on):
    remind(app, world)
    path, _email = reminder_link(mailbox, world)
    token = path.rsplit("/", 1)[1]
    with app.test_request_context():
        other_key = URLSafeTimedSerializer("not-our-secret-" + "y" * 32, salt="portal.unsubscribe")
        forged = [
            token[:-4] + ("abcd" if not token.endswith("abcd") else "wxyz"),  # altered signature
            other_key.dumps({"uid": world.linda.id, "kind": "messages"}),  # not signed by us
            "nonsense",
        ]
    for bad in forged:
        for response in (
            client.get(f"/emails/unsubscribe/{bad}"),
            client.post(f"/emails/unsubscribe/{bad}", data="List-Unsubscribe=One-Click"),
        ):
            assert response.status_code == 404
            assert "This link does not work" in response.get_data(as_text=True)
    assert opted_out(world.priya) == set() and opted_out(world.linda) == set()


def test_turn_back_on_from_the_same_page(world, app, client, mailbox):
    remind(app, world)
    path, _email = reminder_link(mailbox, world)
    client.post(path)
    assert opted_out(world.priya) == {EmailKind.REMINDERS}
    response = client.post(f"{path}/undo")
    assert response.status_code == 200 and "E-mails back on" in response.get_data(as_text=True)
    assert opted_out(world.priya) == set()


def test_choices_page_lists_what_the_role_gets_and_needs_a_login(world, client, auth):
    response = client.get("/emails/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    auth.login(world.priya.email)
    page = client.get("/emails/").get_data(as_text=True)
    for kind in ("applications", "messages", "alerts", "reminders"):
        assert re.search(rf'<input checked [^>]*value="{kind}"', page)
    auth.logout()
    auth.login(world.ana.email)
    page = client.get("/emails/").get_data(as_text=True)
    assert 'value="applications"' in page and 'value="reminders"' not in page
    auth.logout()
    school = UserFactory(role=Role.SCHOOL, email="school@example.com")
    auth.login(school.email)
    page = client.get("/emails/").get_data(as_text=True)
    assert "Always sent" in page and 'type="checkbox"' not in page


def test_senders_honour_the_choices(world, app, client, auth, mailbox):
    w = world
    auth.login(w.priya.email)
    # Priya keeps news about her applications, turns off messages and reminders.
    response = client.post("/emails/", data={"wanted": ["applications", "alerts"]})
    assert response.status_code == 302
    assert opted_out(w.priya) == {EmailKind.MESSAGES, EmailKind.REMINDERS}
    # A role's choices cannot reach kinds it does not get; unknown values are refused.
    refused = client.post("/emails/", data={"wanted": ["reminders", "bogus"]})
    assert refused.status_code == 400 and "There is a problem" in refused.get_data(as_text=True)
    assert opted_out(w.priya) == {EmailKind.MESSAGES, EmailKind.REMINDERS}
    auth.logout()
    # Ana (employer) turns off news of applicants.
    auth.login(w.ana.email)
    client.post("/emails/", data={"wanted": ["messages", "alerts"]})
    auth.logout()

    auth.login(w.priya.email)
    assert apply_via_page(client, w.job).status_code == 302
    auth.logout()
    [application] = applications_of(w.job)
    with app.test_request_context():
        applications.move(w.ana, [application.id], "interview")
        messages.send_message(w.ana, application.id, "Can we talk on Thursday?")
        messages.send_message(w.priya, application.id, "Yes, Thursday works.")
    assert remind(app, w) == 0

    to_priya = subjects(mailbox.to(w.priya.email))
    assert any("News about your application" in s for s in to_priya)  # kept
    assert not any("New message" in s for s in to_priya)  # turned off
    assert not any("expires" in s for s in to_priya)  # turned off
    assert any("was sent" in s for s in to_priya)  # her own action's receipt: always
    to_ana = subjects(mailbox.to(w.ana.email))
    assert not any("New applicant" in s for s in to_ana)  # turned off
    assert any("New message from Priya" in s for s in to_ana)  # kept
    # The page still tells them: e-mail choices never hide a notification.
    db.session.expire_all()
    kinds = set(db.session.scalars(db.select(Notification.kind)))
    assert {"message_to_seeker", "stage", "applied"} <= kinds


def test_a_link_naming_a_deleted_or_someone_elses_saved_search_is_refused(world, app, client):
    from portal.models import SavedSearch
    from portal.services import email_preferences

    search = SavedSearch(user_id=world.priya.id, kind="jobs", query_string="q=cpc", name="CPC")
    db.session.add(search)
    db.session.commit()
    with app.test_request_context():
        search_link = email_preferences.unsubscribe_url(world.priya, EmailKind.ALERTS, search)
        # Signed for Linda, but naming Priya's search: refused.
        crossed = email_preferences.unsubscribe_url(world.linda, EmailKind.ALERTS, search)
    assert client.get(search_link.replace("http://localhost", "")).status_code == 200
    assert client.post(crossed.replace("http://localhost", "")).status_code == 404
    db.session.delete(db.session.get(SavedSearch, search.id))
    db.session.commit()
    assert client.post(search_link.replace("http://localhost", "")).status_code == 404
