"""The message thread of an application: both sides write, the other side is told in the page and
by e-mail, nobody else reads it, and no contact details travel beyond the anonymity rules."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Message, Notification
from tests.fixtures.app import count


def test_employer_and_seeker_write_to_each_other(world, applied, client, auth, mailbox):
    auth.login(world.raj.email)
    response = client.post(
        f"/employer/applicants/{applied.id}/messages",
        data={"body": "Could you talk on Tuesday at 10 am Eastern?"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/employer/applicants/{applied.id}#messages")
    auth.logout()

    # The seeker is told by e-mail, with a link that works from the e-mail, from the
    # organization's name; the recruiter's address never appears.
    [email] = mailbox.to(world.priya.email)
    assert "New message from Mercy Valley" in email["Subject"]
    text = mailbox.text(email)
    assert f"http://localhost/applications/{applied.id}#messages" in text
    assert "raj@mercy.example" not in text and "Raj Patel" not in text
    assert email["Reply-To"] is None
    assert count(Notification, user_id=world.priya.id, kind="message_to_seeker")

    auth.login(world.priya.email)
    page = client.get(f"/applications/{applied.id}").get_data(as_text=True)
    assert "Could you talk on Tuesday at 10 am Eastern?" in page
    assert "Mercy Valley" in page and "raj@mercy.example" not in page and "Raj Patel" not in page
    assert (
        db.session.scalars(sa.select(Message)).one().read_at is not None
    )  # opening the thread marks it read
    response = client.post(
        f"/applications/{applied.id}", data={"body": "Yes, Tuesday works for me."}
    )
    assert response.status_code == 302
    auth.logout()

    # The job's poster is e-mailed; every member of A sees a notification.
    [to_ana] = mailbox.to(world.ana.email)
    assert "New message from Priya Nair" in to_ana["Subject"]
    assert f"http://localhost/employer/applicants/{applied.id}#messages" in mailbox.text(to_ana)
    notified = {
        n.user_id
        for n in db.session.scalars(
            sa.select(Notification).filter_by(kind="message_to_organization")
        ).all()
    }
    assert notified == {world.ana.id, world.raj.id}
    auth.login(world.ana.email)
    page = client.get(f"/employer/applicants/{applied.id}").get_data(as_text=True)
    assert "Yes, Tuesday works for me." in page and "Could you talk on Tuesday" in page


def test_empty_and_too_long_messages_are_refused(world, applied, client, auth):
    auth.login(world.priya.email)
    response = client.post(f"/applications/{applied.id}", data={"body": "   "})
    assert response.status_code == 400
    assert "Write your message first." in response.get_data(as_text=True)
    response = client.post(f"/applications/{applied.id}", data={"body": "x" * 5001})
    assert response.status_code == 400
    assert count(Message) == 0


def test_nobody_else_reads_or_writes_the_thread(world, applied, client, auth):
    auth.login(world.raj.email)
    client.post(f"/employer/applicants/{applied.id}/messages", data={"body": "Private note"})
    auth.logout()

    auth.login(world.ben.email)  # another organization
    assert client.get(f"/employer/applicants/{applied.id}").status_code == 404
    response = client.post(f"/employer/applicants/{applied.id}/messages", data={"body": "Hi"})
    assert response.status_code == 404
    auth.logout()

    auth.login(world.linda.email)  # another seeker
    assert client.get(f"/applications/{applied.id}").status_code == 404
    assert client.post(f"/applications/{applied.id}", data={"body": "Hi"}).status_code == 404
    assert count(Message) == 1


def test_a_withdrawn_application_keeps_its_thread_but_takes_no_new_messages(
    world, applied, client, auth
):
    auth.login(world.priya.email)
    client.post(f"/applications/{applied.id}/withdraw")
    response = client.post(f"/applications/{applied.id}", data={"body": "One more thing"})
    assert response.status_code == 400
    assert count(Message) == 0


def _submission_token(page: str) -> str:
    import re

    return re.search(r'name="submission"[^>]*value="([^"]+)"', page).group(1)


def test_the_same_message_form_sent_twice_is_stored_once(world, applied, client, auth, mailbox):
    auth.login(world.priya.email)
    token = _submission_token(client.get(f"/applications/{applied.id}").get_data(as_text=True))
    data = {"body": "Yes, Tuesday works for me.", "submission": token}
    codes = [client.post(f"/applications/{applied.id}", data=data).status_code for _ in range(6)]
    assert codes == [302] * 6
    assert count(Message) == 1
    assert len(mailbox.to(world.ana.email)) == 1  # the organization is told once
    # The same text from a new form (a real second message) is kept.
    token = _submission_token(client.get(f"/applications/{applied.id}").get_data(as_text=True))
    data["submission"] = token
    assert client.post(f"/applications/{applied.id}", data=data).status_code == 302
    assert count(Message) == 2


def test_a_resent_form_with_edited_text_is_a_new_message(world, applied, client, auth):
    auth.login(world.raj.email)
    page = client.get(f"/employer/applicants/{applied.id}").get_data(as_text=True)
    token = _submission_token(page)
    url = f"/employer/applicants/{applied.id}/messages"
    client.post(url, data={"body": "Tuesday at 10?", "submission": token})
    client.post(url, data={"body": "Tuesday at 10?", "submission": token})
    client.post(url, data={"body": "Sorry, Wednesday at 10?", "submission": token})
    assert [m.body for m in db.session.scalars(sa.select(Message).order_by(Message.id))] == [
        "Tuesday at 10?",
        "Sorry, Wednesday at 10?",
    ]
