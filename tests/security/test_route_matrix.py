"""The route × role matrix (`route_matrix.txt`): for every route and method, the status each kind
of visitor gets, with real objects in the URL.

The objects belong to the "seeker" and to the "member"'s organization (A); the other viewers own
objects of their own of the same kinds, so a refusal means "not yours", never "not found":

- anonymous: not logged in;
- seeker: owns the profile, credential, application (to A's job), notification, saved search
  and the invitation from A; named school S on their profile;
- other_seeker: another seeker with their own profile (and the report on A's job);
- member: owner of organization A, which posted the job;
- other_org: owner of organization B with its own job;
- school: owner of school S (the seeker's school, with a cohort, a graduate, an import, a
  colleague and an invitation); other_school: owner of another school;
- admin.

`test_every_route_has_a_row` walks `app.url_map`: a new route fails until it has a row, and a
row for a route that no longer exists fails too. POST rows are sent with an empty form (CSRF is
checked elsewhere: tests/security/test_baseline.py), on a fresh set of objects each, with the
viewers expected to be refused first, so an allowed action cannot hide a later refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from portal import uploads
from portal.extensions import db, limiter
from portal.models import (
    Application,
    Cohort,
    CredentialStatus,
    Graduate,
    GraduateImport,
    Invitation,
    JobReport,
    MailOutbox,
    MemberRole,
    Message,
    Notification,
    OrganizationInvitation,
    OrganizationMember,
    ProfileReveal,
    ReportReason,
    RevealReason,
    Role,
    SavedSearch,
    SchoolInvitation,
    SchoolMember,
    utcnow,
)
from portal.services.jobs import job_slug
from tests.fixtures.app import clean_tables
from tests.fixtures.factories import (
    CredentialFactory,
    JobFactory,
    OrganizationFactory,
    ProfileFactory,
    SchoolFactory,
    UserFactory,
)
from tests.fixtures.files import pdf_bytes

MATRIX_FILE = Path(__file__).with_name("route_matrix.txt")
VIEWERS = (
    "anonymous",
    "seeker",
    "other_seeker",
    "member",
    "other_org",
    "school",
    "other_school",
    "admin",
)
IGNORED_METHODS = {"HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Row:
    method: str
    rule: str
    expected: dict[str, int]


def read_matrix() -> dict[tuple[str, str], Row]:
    rows: dict[tuple[str, str], Row] = {}
    for number, line in enumerate(MATRIX_FILE.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        # The rule may hold spaces ("<any(messages, invitations):kind>"): statuses come last.
        fields = line.split()
        method, rule, statuses = fields[0], " ".join(fields[1:-8]), fields[-8:]
        assert len(fields) >= 10, f"route_matrix.txt:{number}: too few columns"
        key = (method, rule)
        assert key not in rows, f"route_matrix.txt:{number}: {method} {rule} twice"
        rows[key] = Row(method, rule, dict(zip(VIEWERS, map(int, statuses), strict=True)))
    return rows


def routes(app) -> dict[tuple[str, str], str]:
    """(method, rule) -> endpoint for every route the app serves."""
    found = {}
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            found[(method, rule.rule)] = rule.endpoint
    return found


@pytest.fixture
def db_backend():
    """Permissions do not depend on the database; one backend keeps the walk quick."""
    return "sqlite"


def test_every_route_has_a_row(app):
    served = routes(app)
    matrix = read_matrix()
    missing = sorted(set(served) - set(matrix))
    stale = sorted(set(matrix) - set(served))
    assert not missing, "Add these routes to tests/security/route_matrix.txt:\n" + "\n".join(
        f"{method} {rule}" for method, rule in missing
    )
    assert not stale, "These rows name routes that no longer exist:\n" + "\n".join(
        f"{method} {rule}" for method, rule in stale
    )


# The objects ------------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, object]
    values: dict[str, object]


PDF = pdf_bytes()
PDF_SIZE = len(PDF)


def stored_pdf() -> str:
    """A real one-page PDF in the upload folder; its stored name."""
    return uploads.store(uploads.CheckedFile(data=PDF, kind=uploads.PDF, original_name="cv.pdf"))


def build_world() -> World:
    seeker = UserFactory(role=Role.SEEKER, email="seeker@example.com")
    other_seeker = UserFactory(role=Role.SEEKER, email="other.seeker@example.com")
    member = UserFactory(role=Role.EMPLOYER, email="owner@a.example")
    recruiter = UserFactory(role=Role.EMPLOYER, email="recruiter@a.example")
    other_org_owner = UserFactory(role=Role.EMPLOYER, email="owner@b.example")
    school_staff = UserFactory(role=Role.SCHOOL, email="staff@school.example")
    other_school_staff = UserFactory(role=Role.SCHOOL, email="staff@other-school.example")
    admin = UserFactory(role=Role.ADMIN, email="admin@example.com")

    school = SchoolFactory(owner=school_staff, name="School S")
    SchoolFactory(owner=other_school_staff, name="School T")
    colleague_at_school = UserFactory(role=Role.SCHOOL, email="teacher@school.example")
    db.session.add(SchoolMember(school_id=school.id, user_id=colleague_at_school.id))
    cohort = Cohort(
        school_id=school.id,
        name="Spring cohort",
        credential="CPC",
        starts_on=date.today() - timedelta(days=120),
        graduates_on=date.today() - timedelta(days=10),
    )
    db.session.add(cohort)
    db.session.flush()
    org_a = OrganizationFactory(owner=member, name="Organization A")
    recruiter_row = OrganizationMember(user=recruiter, role=MemberRole.RECRUITER)
    org_a.members.append(recruiter_row)
    org_b = OrganizationFactory(owner=other_org_owner, name="Organization B")
    db.session.commit()
    job = JobFactory(organization=org_a, created_by_id=member.id, title="Job of A")
    second_job = JobFactory(organization=org_a, created_by_id=member.id, title="Second job of A")
    JobFactory(organization=org_b, created_by_id=other_org_owner.id, title="Job of B")

    profile = ProfileFactory(
        user=seeker,
        school_id=school.id,
        resume_file=stored_pdf(),
        resume_name="cv.pdf",
        resume_size=PDF_SIZE,
        resume_uploaded_at=utcnow(),
    )
    credential = CredentialFactory(
        profile=profile,
        kind="CPC",
        expires_on=date.today() + timedelta(days=400),
        status=CredentialStatus.PROOF_UPLOADED,
        proof_file=stored_pdf(),
        proof_name="cpc.pdf",
        proof_size=PDF_SIZE,
        proof_uploaded_at=utcnow(),
    )
    other_profile = ProfileFactory(user=other_seeker)
    CredentialFactory(profile=other_profile, kind="CCS")
    application = Application(
        job_id=job.id,
        organization_id=org_a.id,
        seeker_id=seeker.id,
        profile_id=profile.id,
        resume_file=stored_pdf(),
        resume_name="cv.pdf",
    )
    reveal = ProfileReveal(
        profile_id=profile.id, organization_id=org_a.id, reason=RevealReason.APPLIED
    )
    invitation = Invitation(
        job_id=second_job.id, organization_id=org_a.id, profile_id=profile.id, message="Hi"
    )
    notification = Notification(user_id=seeker.id, kind="stage_changed", link="/applications")
    saved = SavedSearch(user_id=seeker.id, name="Remote CPC", query_string="q=cpc")
    colleague = OrganizationInvitation(
        organization_id=org_a.id, email="new@a.example", invited_by_id=member.id
    )
    report = JobReport(
        job_id=job.id, reporter_id=other_seeker.id, reason=ReportReason.ASKS_FOR_MONEY
    )
    graduate = Graduate(
        school_id=school.id,
        cohort_id=cohort.id,
        name="Unclaimed Graduate",
        email="graduate@example.com",
        credential="CPC",
    )
    graduate_import = GraduateImport(
        school_id=school.id, cohort_id=cohort.id, created_by_id=school_staff.id, filename="g.csv"
    )
    staff_invitation = SchoolInvitation(
        school_id=school.id, email="new.teacher@school.example", invited_by_id=school_staff.id
    )
    organization_message = Message(
        application=application,
        sender_id=member.id,
        from_organization=True,
        body="Could you start on Monday?",
    )
    held_message = Message(
        application=application,
        sender_id=member.id,
        from_organization=True,
        body="Pay a deposit for your training kit first.",
        held_at=utcnow(),
        held_reasons=[],
    )
    failed_mail = MailOutbox(
        to_address="seeker@example.com",
        subject="Your application",
        text_body="Hello",
        html_body="<p>Hello</p>",
        failed_at=utcnow(),
        attempts=3,
    )
    db.session.add_all(
        [application, reveal, invitation, notification, saved, colleague, report, graduate]
    )
    db.session.add_all(
        [graduate_import, staff_invitation, failed_mail, held_message, organization_message]
    )
    db.session.commit()
    return World(
        users={
            "seeker": seeker,
            "other_seeker": other_seeker,
            "member": member,
            "other_org": other_org_owner,
            "school": school_staff,
            "other_school": other_school_staff,
            "admin": admin,
        },
        values={
            "job_id": job.id,
            "slug": job_slug(job),
            "profile_id": profile.id,
            "credential_id": credential.id,
            "application_id": application.id,
            "invitation_id": invitation.id,
            "org_invitation_id": colleague.id,
            "notification_id": notification.id,
            "search_id": saved.id,
            "member_id": recruiter_row.id,
            "org_id": org_a.id,
            "report_id": report.id,
            "user_id": seeker.id,
            "company_slug": org_a.slug,
            "school_id": school.id,
            "cohort_id": cohort.id,
            "graduate_id": graduate.id,
            "import_id": graduate_import.id,
            "staff_invitation_id": staff_invitation.id,
            "staff_user_id": colleague_at_school.id,
            "message_id": failed_mail.id,
            "kind": "messages",
            "subject_id": org_a.id,
            "seeker_message_id": organization_message.id,
            "item_id": held_message.id,
            "action": "release",
            "step": "basics",
            "token": "not-a-real-token",
            "filename": "css/site.css",
        },
    )


def url_for_row(app, rule: str, endpoint: str, world: World) -> str:
    werkzeug_rule = next(r for r in app.url_map.iter_rules() if r.rule == rule)
    values = {}
    for argument in werkzeug_rule.arguments:
        key = argument
        if argument == "invitation_id" and endpoint.startswith("employers."):
            key = "org_invitation_id"  # a colleague invited to the organization
        elif argument == "invitation_id" and endpoint.startswith("schools."):
            key = "staff_invitation_id"  # a colleague invited to the school's staff
        elif argument == "kind" and endpoint.startswith("admin.") and "held" not in rule:
            values[argument] = "organizations"  # verify / decline organization A
            continue
        elif argument == "subject_id" and "/schools/" in rule:
            key = "school_id"
        elif argument == "message_id" and endpoint != "admin.retry_mail":
            key = "seeker_message_id"  # a message in the seeker's application thread
        elif argument == "user_id" and endpoint.startswith("schools."):
            key = "staff_user_id"  # another member of the school's staff
        elif argument == "slug" and endpoint.startswith("employers."):
            key = "company_slug"
        values[argument] = world.values[key]
    return werkzeug_rule.build(values, append_unknown=False)[1]


def log_in(client, user) -> None:
    """Sign the client in as `user` without the log-in form (no rate limit, no hashing)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True


def test_the_matrix(app):
    served = routes(app)
    matrix = read_matrix()
    mismatches: list[str] = []
    world = build_world()
    ordered = sorted(matrix.values(), key=lambda row: (row.method != "GET", row.rule))
    for row in ordered:
        endpoint = served.get((row.method, row.rule))
        if endpoint is None:
            continue  # reported by test_every_route_has_a_row
        if row.method != "GET":
            db.session.remove()
            clean_tables()
            world = build_world()
        url = url_for_row(app, row.rule, endpoint, world)
        # Refusals first: an allowed POST may change what a later viewer would see.
        viewers = sorted(VIEWERS, key=lambda v: row.expected[v] < 400)
        for viewer in viewers:
            limiter.reset()  # every viewer comes from 127.0.0.1; limits are tested elsewhere
            client = app.test_client()
            if viewer != "anonymous":
                log_in(client, world.users[viewer])
            response = client.open(url, method=row.method, data={})
            if response.status_code != row.expected[viewer]:
                mismatches.append(
                    f"{row.method} {row.rule} as {viewer}: expected {row.expected[viewer]}, "
                    f"got {response.status_code}"
                )
    assert not mismatches, "\n".join(mismatches)
