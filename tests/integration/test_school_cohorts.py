"""Training schools, round two: staff, cohorts, graduate import from CSV, the graduate's claim by
the mailed link, leaving the school, placement figures and jobs for a cohort."""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from portal.extensions import db
from portal.models import (
    Application,
    ApplicationEvent,
    Cohort,
    Graduate,
    GraduateImport,
    Job,
    MailOutbox,
    Profile,
    Role,
    SchoolMember,
    Stage,
    User,
    utcnow,
)
from tests.fixtures.factories import (
    PASSWORD,
    JobFactory,
    OrganizationFactory,
    SchoolFactory,
    UserFactory,
)

HEADINGS = "name,email,credential,credential_number,exam_date,phone\n"
FIVE_ROWS = HEADINGS + (
    "Asha Menon,asha@example.in,CPC-A,01234567,2026-05-14,+91 98470 12345\n"
    '"Lopez, Maria",maria@example.com,CCA,,14/05/2026,\n'
    "\n"
    "Wrong Mail,not-an-address,CPC-A,,,\n"
    "Ravi Kumar,ravi@example.in,cpc-a,555,2026-05-14,\n"
    "Fatima Noor,fatima@example.sa,Certified Coding Associate,,,\n"
)


@pytest.fixture
def school(app):
    owner = UserFactory(role=Role.SCHOOL, email="owner@academy.example", name="Olivia Owner")
    return SchoolFactory(owner=owner, name="Coding Academy")


@pytest.fixture
def cohort(school):
    group = Cohort(
        school_id=school.id,
        name="CPC batch, May 2026",
        credential="CPC-A",
        starts_on=date(2025, 11, 1),
        graduates_on=date(2026, 5, 1),
    )
    db.session.add(group)
    db.session.commit()
    return group


def upload(client, cohort, text: str | bytes, filename: str = "grads.csv"):
    data = text.encode() if isinstance(text, str) else text
    from io import BytesIO

    return client.post(
        f"/school/cohorts/{cohort.id}/import",
        data={"file": (BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def latest_import() -> GraduateImport:
    return db.session.scalars(sa.select(GraduateImport).order_by(GraduateImport.id.desc())).first()


def problems_by_line(pending: GraduateImport) -> dict[int, list[str]]:
    return {row["line"]: row["problems"] for row in pending.rows if row["problems"]}


# CSV edge cases --------------------------------------------------------------------------------


def test_a_five_row_file_with_a_bad_line_is_reported_before_anything_is_saved(client, auth, cohort):
    auth.login("owner@academy.example")
    response = upload(client, cohort, FIVE_ROWS)
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "4 graduates can be imported" in preview and "1 line has a problem" in preview
    assert "is not an e-mail address" in preview and "Lopez, Maria" in preview
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Graduate)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailOutbox)) == 0
    rows = {row["line"]: row for row in latest_import().rows}
    assert rows[3]["exam_date"] == "2026-05-14"  # 14/05/2026 read unambiguously
    assert rows[6]["credential"] == "CPC-A" and rows[7]["credential"] == "CCA"


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-8", "José Peña"), ("utf-8-sig", "José Peña"), ("cp1252", "José Peña")],
)
def test_excel_encodings_are_read(client, auth, cohort, encoding, name):
    auth.login("owner@academy.example")
    text = HEADINGS + f"{name},jose@example.com,CPC-A,,,\n"
    upload(client, cohort, text.encode(encoding))
    [row] = latest_import().rows
    assert row["name"] == name and not row["problems"]


def test_semicolons_and_tabs_and_other_headings_are_read(client, auth, cohort):
    auth.login("owner@academy.example")
    upload(client, cohort, "Full name;E-mail address;Certification\nAsha;asha@example.in;CPC-A\n")
    assert latest_import().rows[0]["email"] == "asha@example.in"
    upload(client, cohort, "Name\tEmail\tCredential\nRavi\travi@example.in\tCCA\n")
    assert latest_import().rows[0]["credential"] == "CCA"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("first,last,mail\nAsha,Menon,a@example.in\n", "Missing: name, email, credential"),
        ("", "The file is empty."),
        ("\n\n", "The file is empty."),
        (HEADINGS, "The file has headings but no graduates."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Missing: name, email, credential"),
    ],
)
def test_a_file_that_is_not_a_list_of_graduates_gets_a_clear_message(
    client, auth, cohort, content, message
):
    auth.login("owner@academy.example")
    response = upload(client, cohort, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GraduateImport)) == 0


def test_duplicates_existing_accounts_and_other_cohorts_are_reported(client, auth, school, cohort):
    UserFactory(role="seeker", email="taken@example.com")
    other = Cohort(
        school_id=school.id,
        name="CCA batch",
        credential="CCA",
        starts_on=date(2025, 1, 1),
        graduates_on=date(2025, 6, 1),
    )
    db.session.add(other)
    db.session.flush()
    db.session.add(
        Graduate(
            school_id=school.id, cohort_id=other.id, name="Old", email="old@example.com",
            credential="CCA",
        )
    )  # fmt: skip
    db.session.commit()
    auth.login("owner@academy.example")
    upload(
        client,
        cohort,
        HEADINGS + "A,twice@example.com,CPC-A,,,\nB,TWICE@example.com,CPC-A,,,\n"
        "C,taken@example.com,CPC-A,,,\nD,old@example.com,CPC-A,,,\nE,e@example.com,XYZ,,,\n",
    )
    problems = problems_by_line(latest_import())
    assert problems[3] == ["Same e-mail as line 2."]
    assert "Already has an account here" in problems[4][0]
    assert problems[5] == ["Already in your cohort “CCA batch”."]
    assert problems[6] == ["“XYZ” is not a credential we know."]
    assert 2 not in problems


def test_ten_thousand_rows_import_in_one_go(client, auth, cohort, runner):
    auth.login("owner@academy.example")
    lines = [HEADINGS] + [
        f"Graduate {n},g{n}@example.com,CPC-A,{n},2026-05-14,\n" for n in range(10_000)
    ]
    response = upload(client, cohort, "".join(lines))
    assert response.status_code == 302
    pending = latest_import()
    assert len(pending.rows) == 10_000 and not problems_by_line(pending)
    assert client.post(f"/school/imports/{pending.id}/confirm").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Graduate)) == 10_000
    # The request queues the first claim e-mails; the scheduler's `schools invite` the rest.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailOutbox)) == 200
    runs = [runner.invoke(args=["schools", "invite"]).output for _ in range(6)]
    assert runs == [f"{n} claim e-mails queued\n" for n in (2000, 2000, 2000, 2000, 1800, 0)]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailOutbox)) == 10_000
    assert "Import at most" in upload(
        client, cohort, "".join(lines) + "x,y@example.com,CCA,,,\n"
    ).get_data(as_text=True)


def test_the_template_downloads(client, auth, cohort):
    auth.login("owner@academy.example")
    response = client.get("/school/import-template.csv")
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True).startswith(HEADINGS.strip())


# Confirm, claim, leave --------------------------------------------------------------------------


def test_confirm_saves_the_valid_rows_once_and_each_graduate_claims_by_the_mailed_link(
    client, auth, cohort, mailbox
):
    auth.login("owner@academy.example")
    upload(client, cohort, FIVE_ROWS)
    pending = latest_import()
    client.post(f"/school/imports/{pending.id}/confirm")
    again = client.post(f"/school/imports/{pending.id}/confirm", follow_redirects=True)
    assert "already imported" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Graduate)) == 4
    # Nothing about an unclaimed graduate exists for employers: no account, no profile.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Profile)) == 0

    [claim_link] = [u for u in mailbox.links("asha@example.in") if "/school/claim/" in u]
    auth.logout()
    path = claim_link.replace("http://localhost", "")
    page = client.get(path).get_data(as_text=True)
    assert "Coding Academy" in page and "01234567" in page
    bad = client.post(path, data={"name": "Asha Menon", "password": "short", "adult": "y"})
    assert bad.status_code == 400 and "Asha Menon" in bad.get_data(as_text=True)
    response = client.post(path, data={"name": "Asha Menon", "password": PASSWORD, "adult": "y"})
    assert response.headers["Location"].endswith("/profile/availability")
    assert client.get("/dashboard").status_code == 200  # logged in, e-mail confirmed

    user = db.session.scalar(sa.select(User).where(User.email == "asha@example.in"))
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == user.id))
    assert user.email_verified and profile.anonymous and profile.school.name == "Coding Academy"
    [credential] = profile.credentials
    assert (credential.kind, credential.number) == ("CPC-A", "01234567")
    assert client.get(path).status_code == 404  # used links stop working

    auth.logout()
    auth.login("owner@academy.example")
    placement = client.get("/school/placement").get_data(as_text=True)
    assert re.search(r"Claimed their profile</th><td>1<", placement)
    assert "Asha Menon" in client.get("/school/graduates").get_data(as_text=True)
    # Staff verify the credential against the exam record they imported.
    verify_page = client.get(f"/profile/credentials/{credential.id}/verify").get_data(as_text=True)
    assert "Your exam record" in verify_page and "Same number as on the profile" in verify_page
    client.post(
        f"/profile/credentials/{credential.id}/verify",
        data={"method": "Our exam record: CPC-A #01234567, cohort CPC batch, May 2026"},
    )
    db.session.refresh(credential)
    assert credential.is_verified and credential.verified_by_school_id == cohort.school_id


def test_claim_links_expire_and_resending_is_limited_to_once_a_day(
    client, auth, app, cohort, mailbox
):
    auth.login("owner@academy.example")
    upload(client, cohort, HEADINGS + "Asha,asha@example.in,CPC-A,,,\n")
    client.post(f"/school/imports/{latest_import().id}/confirm")
    graduate = db.session.scalar(sa.select(Graduate))
    [first] = [u for u in mailbox.links("asha@example.in") if "/school/claim/" in u]

    refused = client.post(f"/school/graduates/{graduate.id}/resend", follow_redirects=True)
    assert "less than a day ago" in refused.get_data(as_text=True)
    graduate.invited_at = utcnow() - timedelta(days=2)
    db.session.commit()
    client.post(f"/school/graduates/{graduate.id}/resend")
    mailbox.clear()
    [second] = [u for u in mailbox.links("asha@example.in") if "/school/claim/" in u]
    auth.logout()
    assert client.get(first.replace("http://localhost", "")).status_code == 404  # replaced
    assert client.get(second.replace("http://localhost", "")).status_code == 200

    # The same link signed 31 days ago has expired.
    payload = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="portal.graduate-claim").loads(
        second.rsplit("/", 1)[1]
    )

    class SignedLongAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 31 * 24 * 3600

    old = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt="portal.graduate-claim", signer=SignedLongAgo
    ).dumps(payload)
    assert client.get(f"/school/claim/{old}").status_code == 404


def test_a_graduate_with_an_account_joins_after_logging_in(client, auth, cohort, mailbox, school):
    auth.login("owner@academy.example")
    upload(client, cohort, HEADINGS + "Asha,asha@example.in,CPC-A,,,\n")
    client.post(f"/school/imports/{latest_import().id}/confirm")
    [link] = [u for u in mailbox.links("asha@example.in") if "/school/claim/" in u]
    UserFactory(role=Role.SEEKER, email="asha@example.in", name="Asha Menon")
    auth.logout()
    path = link.replace("http://localhost", "")
    assert "Log in to continue" in client.get(path).get_data(as_text=True)
    auth.login("asha@example.in")
    client.post(path)
    profile = db.session.scalar(sa.select(Profile))
    assert profile.school_id == school.id and profile.credentials[0].kind == "CPC-A"


def test_a_graduate_who_leaves_is_gone_from_the_schools_lists(client, auth, cohort, mailbox):
    auth.login("owner@academy.example")
    upload(client, cohort, HEADINGS + "Asha Menon,asha@example.in,CPC-A,,,\n")
    client.post(f"/school/imports/{latest_import().id}/confirm")
    [link] = [u for u in mailbox.links("asha@example.in") if "/school/claim/" in u]
    auth.logout()
    client.post(
        link.replace("http://localhost", ""),
        data={"name": "Asha Menon", "password": PASSWORD, "adult": "y"},
    )
    profile = db.session.scalar(sa.select(Profile))
    client.post("/school/leave")
    auth.logout()

    auth.login("owner@academy.example")
    assert "Asha Menon" not in client.get("/school/graduates").get_data(as_text=True)
    assert "Asha Menon" not in client.get(f"/school/cohorts/{cohort.id}").get_data(as_text=True)
    assert client.get(f"/profile/{profile.id}").status_code == 404
    [credential] = profile.credentials
    assert client.get(f"/profile/credentials/{credential.id}/verify").status_code == 404


# Permissions ----------------------------------------------------------------------------------


def test_school_a_never_sees_school_b(client, auth, cohort):
    auth.login("owner@academy.example")
    upload(client, cohort, HEADINGS + "Asha,asha@example.in,CPC-A,,,\n")
    pending = latest_import()
    client.post(f"/school/imports/{pending.id}/confirm")
    graduate = db.session.scalar(sa.select(Graduate))
    auth.logout()

    rival = UserFactory(role=Role.SCHOOL, email="owner@rival.example")
    SchoolFactory(owner=rival, name="Rival Institute")
    auth.login("owner@rival.example")
    for url in (
        f"/school/cohorts/{cohort.id}",
        f"/school/cohorts/{cohort.id}/import",
        f"/school/cohorts/{cohort.id}/jobs",
        f"/school/imports/{pending.id}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/school/graduates/{graduate.id}/resend").status_code == 404
    assert client.post(f"/school/imports/{pending.id}/confirm").status_code == 404
    assert "Asha" not in client.get("/school/placement.csv").get_data(as_text=True)
    auth.logout()

    UserFactory(role="employer", email="boss@example.com")
    auth.login("boss@example.com")
    assert client.get("/school/cohorts").status_code == 403
    assert client.get(f"/school/cohorts/{cohort.id}").status_code == 403


def test_the_owner_invites_staff_who_then_act_for_the_school(client, auth, school, cohort, mailbox):
    auth.login("owner@academy.example")
    client.post("/school/staff", data={"email": "teacher@academy.example"})
    [link] = [u for u in mailbox.links("teacher@academy.example") if "/school/join/" in u]
    auth.logout()

    UserFactory(role=Role.SCHOOL, email="stranger@example.com")
    auth.login("stranger@example.com")
    path = link.replace("http://localhost", "")
    refused = client.post(path, follow_redirects=True).get_data(as_text=True)
    assert "This invitation is for teacher@academy.example" in refused
    auth.logout()

    UserFactory(role=Role.SCHOOL, email="teacher@academy.example", name="Tara Teacher")
    auth.login("teacher@academy.example")
    client.post(path)
    assert db.session.scalar(sa.select(SchoolMember.user_id)) is not None
    assert "CPC batch, May 2026" in client.get("/school/cohorts").get_data(as_text=True)
    staff_page = client.get("/school/staff").get_data(as_text=True)
    assert "Tara Teacher" in staff_page and "Send invitation" not in staff_page
    assert client.post("/school/staff", data={"email": "x@example.com"}).status_code == 200
    assert not mailbox.to("x@example.com")  # staff cannot invite


# Placement figures ----------------------------------------------------------------------------


def _claimed(school, cohort, n: int, stages: list[Stage], offer_days: int | None, job: Job):
    user = UserFactory(role=Role.SEEKER, email=f"grad{n}@example.com")
    profile = Profile(
        user=user,
        steps_done=["basics", "credentials", "availability", "pay"] if n % 2 else [],
        school_id=school.id,
    )
    db.session.add(profile)
    db.session.flush()
    db.session.add(
        Graduate(
            school_id=school.id, cohort_id=cohort.id, name=f"Grad {n}", email=user.email,
            credential="CPC-A", claimed_at=utcnow(), user_id=user.id,
        )
    )  # fmt: skip
    if stages:
        application = Application(
            job_id=job.id,
            organization_id=job.organization_id,
            seeker_id=user.id,
            profile_id=profile.id,
            stage=stages[-1],
        )
        db.session.add(application)
        db.session.flush()
        for stage in stages:
            when = utcnow()
            if stage == Stage.OFFER and offer_days is not None:
                graduated = datetime.combine(cohort.graduates_on, datetime.min.time())
                when = graduated + timedelta(days=offer_days)
            db.session.add(
                ApplicationEvent(application_id=application.id, to_stage=stage, created_at=when)
            )
    db.session.commit()


def test_placement_figures_count_known_outcomes(client, auth, school, cohort):
    job = JobFactory(organization=OrganizationFactory())
    _claimed(school, cohort, 1, [Stage.APPLIED], None, job)
    _claimed(school, cohort, 2, [Stage.APPLIED, Stage.INTERVIEW], None, job)
    _claimed(school, cohort, 3, [Stage.APPLIED, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED], 30, job)
    _claimed(school, cohort, 4, [Stage.APPLIED, Stage.OFFER], 50, job)
    _claimed(school, cohort, 5, [], None, job)
    db.session.add(
        Graduate(
            school_id=school.id,
            cohort_id=cohort.id,
            name="Not yet",
            email="ny@example.com",
            credential="CPC-A",
        )
    )
    db.session.commit()

    auth.login("owner@academy.example")
    csv_text = client.get("/school/placement.csv").get_data(as_text=True)
    row = next(r for r in csv.reader(io.StringIO(csv_text)) if r[0] == "CPC batch, May 2026")
    # invited, claimed, complete (odd numbers), applied, interviewing, hired, median days
    assert row[2:] == ["6", "5", "3", "4", "3", "1", "40"]
    page = client.get("/school/placement").get_data(as_text=True)
    assert "Median days from graduation to first offer" in page
    cohort.name = "=HYPERLINK(0)"  # a cohort name a spreadsheet would run as a formula
    db.session.commit()
    assert "\n'=HYPERLINK(0)," in client.get("/school/placement.csv").get_data(as_text=True)
    # Under ten claimed graduates: no public figures.
    public = client.get(f"/school/{school.id}").get_data(as_text=True)
    assert "Placement figures appear once at least 10 graduates" in public
    for n in range(6, 11):
        _claimed(school, cohort, n, [], None, job)
    public = client.get(f"/school/{school.id}").get_data(as_text=True)
    assert re.search(r"Hired</th><td>1<", public)


# Verification, filters and jobs ---------------------------------------------------------------


def test_employers_filter_candidates_verified_by_a_school(client, auth, app, school):
    from tests.fixtures.factories import (
        EmployerFactory,
        SearchOrganizationFactory,
        SearchProfileFactory,
    )
    from tests.fixtures.search import sync_all

    verified = SearchProfileFactory(
        name="Vera Verified", anonymous=False, credentials=[("CPC-A", None, True)], school=school
    )
    credential = verified.credentials[0]
    credential.verified_by_school_id = school.id
    SearchProfileFactory(
        name="Sam Self", anonymous=False, credentials=[("CPC-A", None, True)]
    )  # verified by an admin
    db.session.commit()
    sync_all()
    auth.login(EmployerFactory(owns=SearchOrganizationFactory()).email, PASSWORD)
    page = client.get("/candidates?school_verified=1").get_data(as_text=True)
    assert "Vera Verified" in page and "Sam Self" not in page
    assert "Verified by a training school" in client.get("/candidates").get_data(as_text=True)


def test_jobs_for_a_cohort_list_fits_and_near_misses(client, auth, cohort):
    org = OrganizationFactory()
    JobFactory(
        organization=org,
        title="Apprentice coder",
        new_graduates_welcome=True,
        required_credentials=[["CPC", "CPC-A"]],
    )
    JobFactory(
        organization=org,
        title="Coder with RHIT",
        new_graduates_welcome=True,
        required_credentials=[["CPC-A"], ["RHIT"]],
    )
    JobFactory(
        organization=org,
        title="Senior only",
        new_graduates_welcome=False,
        required_credentials=[["CPC-A"]],
    )
    auth.login("owner@academy.example")
    page = client.get(f"/school/cohorts/{cohort.id}/jobs").get_data(as_text=True)
    assert page.index("Apprentice coder") < page.index("Coder with RHIT")
    assert "Fits a CPC-A holder" in page and "Also asks for RHIT." in page
    assert "Senior only" not in page
    assert "new_grads=1" in page and "credential=CPC-A" in page


def test_the_demo_school_shows_a_cohort_with_one_claimed_graduate(client, auth):
    from portal.devdata.demo import load_demo_data

    load_demo_data()
    auth.login("placement@codingacademy.example", "coding is my calling")
    cohorts = client.get("/school/cohorts").get_data(as_text=True)
    assert "CPC evening batch, autumn" in cohorts
    placement = client.get("/school/placement").get_data(as_text=True)
    assert re.search(r"Invited</th><td>6<", placement)
    assert re.search(r"Claimed their profile</th><td>1<", placement)


def test_an_unverified_school_cannot_email_graduates(client, auth, school, cohort, mailbox):
    auth.login("owner@academy.example")
    upload(client, cohort, HEADINGS + "Asha,asha@example.in,CPC-A,,,\n")
    pending = latest_import()
    school.verified_at = None  # e.g. verification withdrawn after the upload
    db.session.commit()
    page = client.get(f"/school/cohorts/{cohort.id}/import").get_data(as_text=True)
    assert "Our team checks every school before it can invite graduates" in page
    assert "Upload and check" not in page
    assert upload(client, cohort, HEADINGS + "Ravi,ravi@example.in,CPC-A,,,\n").status_code == 200
    refused = client.post(f"/school/imports/{pending.id}/confirm", follow_redirects=True)
    assert "Our team checks every school" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Graduate)) == 0
    assert not mailbox.to("asha@example.in")
