"""Bugs found by walking through the portal as a new user would (QA pass); one test each."""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

import portal
from portal.errors import NotFound, PermissionDenied
from portal.extensions import db
from portal.models import Invitation, JobStatus, Message, OrganizationInvitation, Role
from tests.fixtures.app import count
from tests.fixtures.factories import (
    JobFactory,
    ScreeningQuestionFactory,
    UserFactory,
    admin,
    employer,
)
from tests.fixtures.files import pdf_bytes
from tests.fixtures.jobs import job, post_steps, publish, step_data
from tests.fixtures.world import applications_of, apply_via_page


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


# Safety: employers' words to candidates ------------------------------------------------------


def test_an_invitation_that_asks_for_money_waits_for_a_moderator(world, client, auth, mailbox):
    """The invite form said "Do not ask for money" but sent "pay a registration fee" anyway.
    Now such an invitation waits for a moderator, and the employer is not told which words."""
    auth.login(world.ana.email)
    url = f"/employer/jobs/{world.job.id}/invite/{world.priya_profile.id}"
    response = client.post(
        url, data={"message": "Please pay a registration fee of $50 first."}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert "Our team checks this message before it is delivered." in html
    assert "registration fee" not in html
    [invitation] = db.session.scalars(sa.select(Invitation)).all()
    assert invitation.held_at is not None
    assert invitation.held_reasons[0]["code"] == "money"
    assert mailbox.to(world.priya.email) == []
    auth.logout()
    auth.login(world.priya.email)
    assert client.get(f"/invitations/{invitation.id}").status_code == 404
    assert "Mercy Valley" not in client.get("/invitations").get_data(as_text=True)


def test_an_employer_message_that_asks_for_money_waits_for_a_moderator(world, client, auth):
    auth.login(world.priya.email)
    assert apply_via_page(client, world.job).status_code == 302
    [application] = applications_of(world.job)
    auth.logout()
    auth.login(world.ana.email)
    url = f"/employer/applicants/{application.id}/messages"
    response = client.post(
        url, data={"body": "Kindly pay the training fee by UPI."}, follow_redirects=True
    )
    assert "Our team checks this message before it is delivered." in response.get_data(as_text=True)
    [held] = db.session.scalars(sa.select(Message)).all()
    assert held.held_at is not None
    assert client.post(url, data={"body": "See you on Thursday."}).status_code == 302
    auth.logout()
    # The seeker sees the honest message only; their own words are not policed: "do I need to
    # pay a fee?" is a fair question.
    auth.login(world.priya.email)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "See you on Thursday." in page and "training fee" not in page
    asked = client.post(
        f"/applications/{application.id}", data={"body": "Do I have to pay a training fee?"}
    )
    assert asked.status_code == 302
    assert count(Message, Message.held_at.is_not(None)) == 1


# Pages that confused a new user -----------------------------------------------------------------


def test_the_applicant_page_has_one_element_per_id(world, client, auth):
    """The note box and the message box were both id="body": the "Add a note" label and the
    error link pointed at the message box."""
    auth.login(world.priya.email)
    apply_via_page(client, world.job)
    [application] = applications_of(world.job)
    auth.logout()
    auth.login(world.ana.email)
    html = client.get(f"/employer/applicants/{application.id}").get_data(as_text=True)
    ids = [i for i in _ids(html) if i != "csrf_token"]
    assert len(ids) == len(set(ids))
    assert '<label for="note_body">' in html
    failed = client.post(f"/employer/applicants/{application.id}/notes", data={"body": " "})
    assert 'href="#note_body"' in failed.get_data(as_text=True)
    saved = client.post(f"/employer/applicants/{application.id}/notes", data={"body": "Call her"})
    assert saved.status_code == 302


def test_pay_step_says_optional_once(world, client, auth):
    auth.login(world.priya.email)
    html = client.get("/profile/pay").get_data(as_text=True)
    assert "Up to (for a range)" in html
    assert "(optional, for a range)" not in html


def test_a_chosen_proof_lost_to_another_error_is_announced(world, client, auth):
    """The proof was silently dropped when the dates were wrong; the credential then saved
    without it on the next try."""
    auth.login(world.priya.email)
    response = client.post(
        "/profile/credentials",
        data={
            "kind": "CRC",
            "issued_on": "2099-01-01",
            "proof": (io.BytesIO(pdf_bytes()), "c.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter a date that is today or in the past." in html
    assert "Your proof was not saved yet" in html
    # Nothing chosen, nothing to announce.
    plain = client.post("/profile/credentials", data={"kind": "CRC", "issued_on": "2099-01-01"})
    assert "Your proof was not saved yet" not in plain.get_data(as_text=True)


def test_a_chosen_resume_lost_to_an_unanswered_question_is_announced(world, client, auth):
    ScreeningQuestionFactory(job=world.job, text="Can you work US day shifts?")
    auth.login(world.priya.email)
    response = apply_via_page(
        client, world.job, resume_choice="upload", resume_file=(io.BytesIO(pdf_bytes()), "cv.pdf")
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Answer yes or no." in html
    assert "Your résumé was not sent yet" in html


def test_check_answers_changes_a_credential_on_its_own_page(world, client, auth):
    """ "Change" next to CPC led to the "add another credential" form, and read "change cpc"."""
    auth.login(world.priya.email)
    credential = world.priya_profile.credentials[0]
    html = client.get("/profile/check").get_data(as_text=True)
    assert (
        f'href="/profile/credentials/{credential.id}?next=check">Change'
        '<span class="visually-hidden"> CPC</span>'
    ) in html
    assert '<span class="visually-hidden"> headline</span>' in html  # other rows unchanged


def test_the_job_page_links_a_seeker_to_how_they_match_and_to_their_application(
    world, client, auth
):
    """The page included a template that does not exist, so a seeker saw no match at all; and
    after applying it still offered "Apply for this job"."""
    html = client.get(f"/jobs/{world.job.id}").get_data(as_text=True)
    assert "How you match this job" not in html  # visitors: nothing to match
    auth.login(world.priya.email)
    html = client.get(f"/jobs/{world.job.id}").get_data(as_text=True)
    assert f'href="/jobs/{world.job.id}/match"' in html
    apply_via_page(client, world.job)
    [application] = applications_of(world.job)
    html = client.get(f"/jobs/{world.job.id}").get_data(as_text=True)
    assert "You applied on" in html
    assert f'href="/applications/{application.id}"' in html
    assert "Apply for this job</button>" not in html


def test_a_deal_breaker_question_is_described_as_it_works(world, client, auth):
    """Job page: "(you must answer yes)"; apply form: "You can still apply if your answer is
    no". The second is the rule: a no is allowed and marked for the employer."""
    ScreeningQuestionFactory(job=world.job, text="Do you hold an active CPC?", must_be_yes=True)
    html = client.get(f"/jobs/{world.job.id}").get_data(as_text=True)
    assert "(the employer needs a yes)" in html and "must answer yes" not in html
    auth.login(world.ana.email)
    step = client.get(f"/employer/jobs/{world.job.id}/edit/apply").get_data(as_text=True)
    assert "A yes is needed for this job (a deal-breaker)" in step
    assert "Only people who answer yes can apply" not in step
    assert "It must start with https://" not in step  # http:// is accepted too


def test_the_invitation_email_does_not_claim_the_name_is_hidden_when_it_is_not(
    world, client, auth, mailbox
):

    job_id, priya_id, linda_id = world.job.id, world.priya_profile.id, world.linda_profile.id
    priya_email, linda_email, ana_email = world.priya.email, world.linda.email, world.ana.email
    world.priya_profile.anonymous = False  # Linda stays anonymous
    db.session.commit()
    db.session.close()
    auth.login(ana_email)
    client.post(f"/employer/jobs/{job_id}/invite/{priya_id}", data={})
    client.post(f"/employer/jobs/{job_id}/invite/{linda_id}", data={})
    [to_priya] = mailbox.to(priya_email)
    assert "They do not know your name" not in mailbox.text(to_priya)
    assert "See the job and how you match" in mailbox.text(to_priya)
    [to_linda] = mailbox.to(linda_email)
    assert "They do not know your name" in mailbox.text(to_linda)


def test_a_visitor_can_reach_job_search_from_every_page(client):
    html = client.get("/companies/no-such-company").get_data(as_text=True)
    assert '<a href="/jobs"' in html and ">Search jobs</a>" in html


# Employer job posting ---------------------------------------------------------------------------


def test_a_job_step_lists_every_problem_at_once(client, auth):
    """With one typing mistake (charts "lots") the other problems (pay "twenty", accuracy 150)
    only showed after fixing it and sending again."""
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client)
    data = {
        **step_data()["pay"],
        "pay_min": "twenty",
        "charts_per_day": "lots",
        "qa_accuracy": "150",
    }
    response = client.post(f"/employer/jobs/{job_id}/edit/pay", data=data)
    html = response.get_data(as_text=True)
    assert "Enter a whole number, like 5." in html  # the form's own check
    assert "Enter the lowest pay, for example 25 or 25000." in html
    assert "Enter the accuracy as a percentage from 50 to 100." in html
    assert html.count("Enter a whole number, like 5.") == 2  # summary and field, not doubled
    new = client.post("/employer/jobs/new", data={"openings": "two"}).get_data(as_text=True)
    assert "Enter the job title" in new and "Describe the job" in new


def test_conditionally_required_job_fields_are_not_marked_optional(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client)
    html = client.get(f"/employer/jobs/{job_id}/edit/schedule").get_data(as_text=True)
    legend = re.search(
        r"<legend>For remote work: countries applicants may live in(.*?)</legend>", html
    )
    assert legend and "optional" not in legend.group(1)
    for first_of_many in ("shift1_start", "shift1_end", "office1_city", "hours_min"):
        assert re.search(rf'for="{first_of_many}">[^<]*</label>\s*<(?!span)', html), first_of_many
    assert 'for="office2_city">City <span class="optional">(optional)</span></label>' in html


def test_an_employer_without_jobs_is_told_how_to_post_one(client, auth):
    user, _org = employer()
    auth.login(user.email)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "You have not posted a job yet." in html and "No jobs match." not in html
    filtered = client.get("/employer/jobs?status=closed").get_data(as_text=True)
    assert "No jobs match." in filtered


def test_one_week_of_onsite_training_is_singular(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client, pay={"onsite_training_weeks": "1"})
    html = client.get(f"/employer/jobs/{job_id}/preview").get_data(as_text=True)
    assert "The first week is training at the office." in html


# Admin ------------------------------------------------------------------------------------------


def test_admin_counts_read_right_for_one(client, auth):
    """ "1 organizations to verify, 1 jobs waiting"; "0 waiting jobs stay in the queue"."""
    from tests.fixtures.forms import evidence

    moderator = admin()
    _user, organization = employer(verified=False)
    auth.login(moderator.email)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Organizations to verify: 1 · Jobs waiting: 0 · Reports: 0" in html
    response = client.post(
        f"/admin/organizations/{organization.id}/verify",
        data={**evidence(), "confirm": "yes"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert f"{organization.name} is verified." in html and "0 waiting jobs" not in html


# Ready for other languages ----------------------------------------------------------------------

SERVICE_ERRORS = {"ValidationFailed", "PermissionDenied", "NotFound", "Conflict", "DomainError"}
TRANSLATED_MODULES = [
    *sorted(Path(portal.__file__).parent.joinpath("services").glob("*.py")),
    Path(portal.__file__).parent / "security.py",
]


def _untranslated(path: Path) -> list[str]:
    """Messages a service raises as bare text, and f-strings inside `_()` (a translator would
    get the already-filled text, never found in the catalogue)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (  # a job step's problems: problems.append((field, message))
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and ast.unparse(node.func) == "problems.append"
            and isinstance(node.args[0], ast.Tuple)
            and isinstance(node.args[0].elts[1], ast.Constant | ast.JoinedStr)
        ):
            found.append(f"{path.name}:{node.lineno} {ast.unparse(node.args[0])[:60]}")
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        first = node.args[0] if node.args else None
        bare = isinstance(first, ast.JoinedStr) or (
            isinstance(first, ast.Constant) and isinstance(first.value, str)
        )
        if node.func.id in SERVICE_ERRORS and bare:
            found.append(f"{path.name}:{node.lineno} {ast.unparse(first)[:60]}")
        if node.func.id in ("_", "_l") and isinstance(first, ast.JoinedStr):
            found.append(f"{path.name}:{node.lineno} f-string in {node.func.id}()")
    return found


def test_service_messages_go_through_translation():
    """About 90 messages raised by services were plain English strings that no catalogue would
    ever see ("No such job.", "Only an owner can do this.", "Office 2: enter the city.")."""
    problems = [p for path in TRANSLATED_MODULES for p in _untranslated(path)]
    assert problems == []


def test_messages_are_extracted_for_translators(tmp_path):
    """`make translations` (babel.cfg) finds the strings of Python, pages and e-mails."""
    pot = tmp_path / "messages.pot"
    root = Path(portal.__file__).parent.parent
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg"]
        + ["-k", "_l", "-o", str(pot), "."],
        cwd=root,
        check=True,
        capture_output=True,
    )
    catalogue = pot.read_text()
    for msgid in (
        "Only an owner can do this.",  # a service
        "Office %(n)s: enter the city.",  # a service, with a named placeholder
        "Welcome, %(name)s.",  # a view
        "It asks for money (a fee, deposit, training or equipment)",  # lazy, module level
        "There is a problem",  # a template macro
        "Confirm your e-mail address",  # an e-mail subject
    ):
        assert f'msgid "{msgid}"' in catalogue, msgid


def test_a_service_message_is_translated_in_a_request(app, tmp_path):
    """Messages are built at call time, so they follow the reader's language, placeholders
    included."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from flask_babel import Domain, force_locale

    from portal.services.organizations import accept_invitation, require_organization

    catalog = Catalog(locale="fr")
    catalog.add("Create your organization first.", "Créez d'abord votre organisation.")
    catalog.add(
        "This invitation is for %(email)s. Log in with that address to accept it.",
        "Cette invitation est pour %(email)s. Connectez-vous avec cette adresse.",
    )
    (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)
    with open(tmp_path / "fr" / "LC_MESSAGES" / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)

    user = UserFactory(role=Role.EMPLOYER, email="someone@example.com")
    _owner, organization = employer()
    invitation = OrganizationInvitation(organization_id=organization.id, email="other@example.com")
    with app.test_request_context("/"), force_locale("fr"):
        Domain(str(tmp_path)).as_default()
        with pytest.raises(NotFound) as refused:
            require_organization(user)
        assert refused.value.message == "Créez d'abord votre organisation."
        with pytest.raises(PermissionDenied) as refused:
            accept_invitation(user, invitation)
        assert refused.value.message == (
            "Cette invitation est pour other@example.com. Connectez-vous avec cette adresse."
        )


# Forms read right with a screen reader ----------------------------------------------------------


def test_optional_is_announced_with_the_field_name(client, auth):
    """ "(optional)" sat after </label>, so a screen reader did not read it with the field."""
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client)
    for step in ("basics", "requirements", "schedule", "pay", "apply"):
        html = client.get(f"/employer/jobs/{job_id}/edit/{step}").get_data(as_text=True)
        assert '</label> <span class="optional">' not in html, step
        assert '</legend> <span class="optional">' not in html, step
    html = client.get(f"/employer/jobs/{job_id}/edit/pay").get_data(as_text=True)
    assert re.search(
        r'<label for="charts_per_day">[^<]+ <span class="optional">\(optional\)</span></label>',
        html,
    )


# Times name their zone ---------------------------------------------------------------------------


def test_message_times_are_in_the_readers_zone_and_name_it(world, client, auth):
    """ "27 Nov 2026, 3:08 AM" named no zone, and said "AM" where job times say "am". A seeker
    with a profile zone but no account zone sees her own time."""

    auth.login(world.priya.email)
    apply_via_page(client, world.job)
    [application] = applications_of(world.job)
    client.post(f"/applications/{application.id}", data={"body": "Is Thursday fine?"})
    [message] = db.session.scalars(sa.select(Message)).all()
    message.created_at = datetime(2026, 11, 26, 21, 38)  # naive UTC
    world.priya.timezone = None
    world.priya_profile.timezone = "Asia/Kolkata"
    db.session.commit()
    html = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "27 Nov 2026, 3:08 am India time" in html
    assert " AM" not in html and " PM" not in html
    auth.logout()
    auth.login(world.ana.email)  # an employer without a zone: UTC, named
    html = client.get(f"/employer/applicants/{application.id}").get_data(as_text=True)
    assert "26 Nov 2026, 9:38 pm UTC" in html
    world.ana.timezone = "America/New_York"
    db.session.commit()
    html = client.get(f"/employer/applicants/{application.id}").get_data(as_text=True)
    assert "26 Nov 2026, 4:38 pm New York time" in html


# Welcome -----------------------------------------------------------------------------------------


def test_a_first_login_is_not_welcomed_back(client, auth):
    user = UserFactory(role="seeker", name="Nadia Khan")
    first = auth.login(user.email)
    html = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Welcome, Nadia Khan." in html and "Welcome back" not in html
    auth.logout()
    again = auth.login(user.email)
    assert "Welcome back, Nadia Khan." in client.get(again.headers["Location"]).get_data(
        as_text=True
    )


# Employer dashboard ------------------------------------------------------------------------------


def test_the_employer_dashboard_counts_applicants_per_job(world, client, auth):
    """UX.md: "jobs with counts (new applicants, best matches)"; the table had none."""
    from tests.fixtures.app import counting

    for seeker in (world.priya, world.linda):
        auth.login(seeker.email)
        apply_via_page(client, world.job, confirm_unmet="y")  # Linda lacks the CPC required
        auth.logout()
    first, second = applications_of(world.job)
    auth.login(world.ana.email)
    client.post(
        f"/employer/jobs/{world.job.id}/applicants/move",
        data={"application_ids": [first.id], "stage": "reviewing"},
    )
    html = client.get("/dashboard").get_data(as_text=True)
    row = re.search(rf"<tr>\s*<td>[^\n]*pick-{world.job.id}.*?</tr>", html, re.S).group(0)
    assert re.search(r'data-label="Applicants"><a [^>]*>2<', row)
    assert re.search(r'data-label="New"><a href="[^"]*stage=applied"><strong>1<', row)
    assert f'href="/employer/jobs/{world.job.id}/candidates"' in row
    assert "Best candidates" in row

    # One grouped query for all the listed jobs, however many there are.
    with counting() as few:
        client.get("/dashboard")
    for n in range(4):
        JobFactory(organization=world.org_a, created_by_id=world.ana.id, title=f"Coder {n}")
    with counting() as many:
        html = client.get("/dashboard").get_data(as_text=True)
    assert html.count('data-label="Applicants"') == 5
    assert len(many) == len(few)


# Credentials to check ----------------------------------------------------------------------------


def test_verifying_from_the_list_returns_to_the_list(world, client, auth):
    from portal.models import CredentialStatus

    [credential] = world.priya_profile.credentials
    credential.status = CredentialStatus.PROOF_UPLOADED
    db.session.commit()
    auth.login(admin().email)
    html = client.get("/profile/credentials/to-check").get_data(as_text=True)
    link = re.search(rf'href="(/profile/credentials/{credential.id}/verify\?next=[^"]+)"', html)
    url = link.group(1).replace("&amp;", "&")
    assert 'href="/profile/credentials/to-check">Back<' in client.get(url).get_data(as_text=True)
    done = client.post(url, data={"method": "Checked the AAPC credential directory"})
    assert done.headers["Location"].endswith("/profile/credentials/to-check")
    # Withdrawing goes back to the list too; a foreign `next` is ignored.
    undone = client.post(
        f"/profile/credentials/{credential.id}/unverify?next=/profile/credentials/to-check"
    )
    assert undone.headers["Location"].endswith("/profile/credentials/to-check")
    for unsafe in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            f"/profile/credentials/{credential.id}/verify",
            query_string={"next": unsafe},
            data={"method": "Our exam records"},
        )
        assert response.headers["Location"].endswith(f"/profile/{world.priya_profile.id}")


# Moderation ---------------------------------------------------------------------------------------


def test_an_empty_rejection_reason_is_explained_by_the_portal(client, auth):
    """The textarea was `required`: the browser's bubble showed instead of the portal's error
    summary and message, and the server's own check was never seen."""
    user, _org = employer(verified=False)
    auth.login(user.email)
    job_id = post_steps(client)
    publish(client, job_id)
    auth.logout()
    auth.login(admin().email)
    queue = client.get("/admin/moderation").get_data(as_text=True)
    # The reason is asked on its own page, never between "Approve" and "Reject".
    assert f'href="/admin/jobs/{job_id}/reject"' in queue and "<textarea" not in queue
    html = client.get(f"/admin/jobs/{job_id}/reject").get_data(as_text=True)
    assert re.search(r'<textarea [^>]*id="reason"[^>]*>', html)
    # `novalidate`: the portal's own message shows, not the browser's bubble.
    form = re.search(rf'<form [^>]*action="/admin/jobs/{job_id}/reject"[^>]*>', html).group(0)
    assert "novalidate" in form

    response = client.post(f"/admin/jobs/{job_id}/reject", data={"reason": "  "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<a href="#reason">Write the reason the employer will read' in html
    assert '<p class="field-error" id="reason-error">' in html
    assert 'aria-describedby="reason-error"' in html
    too_long = "x" * 1001
    response = client.post(f"/admin/jobs/{job_id}/reject", data={"reason": too_long})
    assert "Use at most 1000 characters for the reason." in response.get_data(as_text=True)
    assert too_long in response.get_data(as_text=True)  # what was typed is kept
    assert job(job_id).status == JobStatus.PENDING_REVIEW


# Demo data ----------------------------------------------------------------------------------------


def test_demo_data_goes_through_the_services_and_asks_nobody_for_money(app):
    """Demo texts are made by the same services as the pages, so the money rule refuses a demo
    invitation or message that asks for a fee (loading would fail here)."""
    from portal.devdata.demo import load_demo_data
    from portal.models import Job as JobModel
    from portal.moderation import scan

    load_demo_data()
    texts = [i.message for i in db.session.scalars(sa.select(Invitation)).all()] + [
        m.body for m in db.session.scalars(sa.select(Message)).all()
    ]
    assert count(Invitation) >= 1 and count(Message) >= 1
    assert [t for t in texts if scan(t).asks_for_money] == []
    held = db.session.scalars(
        sa.select(JobModel).where(JobModel.status == JobStatus.PENDING_REVIEW)
    ).all()
    assert [j.title for j in held if any(r["code"] == "money" for r in j.held_reasons)] == []
