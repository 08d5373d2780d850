"""The public side of a job: its page in plain words, schema.org JSON-LD for Google for Jobs,
the Atom feed, the company page, and descriptions that cannot carry script."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from portal.extensions import db
from portal.models import JobOffice, JobStatus, Role, utcnow
from tests.fixtures.factories import JobFactory, OrganizationFactory, UserFactory, employer
from tests.fixtures.jobs import json_ld

ATOM = "{http://www.w3.org/2005/Atom}"


def page(client, job):
    response = client.get(f"/jobs/{job.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# JSON-LD ------------------------------------------------------------------------------------


def test_remote_job_json_ld_field_by_field(client):
    org = OrganizationFactory(name="Mercy Valley Health", website="https://mercyvalley.example")
    job = JobFactory(
        organization=org,
        title="Remote CPC coder",
        applicant_countries=["US", "IN"],
        applicant_regions=["US-TX", "US-FL"],
        employment_type="part_time",
        min_years=2,
        required_credentials=[["RHIT"], ["CCS", "CIC"]],
    )
    [data] = json_ld(page(client, job))
    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Remote CPC coder"
    assert "<p>Code physician office visits" in data["description"]
    assert data["datePosted"] == job.published_at.date().isoformat()
    assert data["validThrough"] == job.expires_at.replace(microsecond=0).isoformat() + "Z"
    assert data["employmentType"] == "PART_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Mercy Valley Health",
        "sameAs": "https://mercyvalley.example",
    }
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "State", "name": "Texas"},
        {"@type": "State", "name": "Florida"},
        {"@type": "Country", "name": "India"},
    ]
    assert "jobLocation" not in data  # remote without an office
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "unitText": "HOUR", "minValue": 28, "maxValue": 34},
    }
    assert data["url"] == f"http://localhost/jobs/{job.id}/remote-cpc-coder"
    assert data["identifier"]["value"] == str(job.id)
    assert data["directApply"] is True
    assert data["experienceRequirements"]["monthsOfExperience"] == 24
    assert data["qualifications"] == "RHIT and (CCS or CIC)"


def test_onsite_job_json_ld_has_the_office_and_monthly_pay(client):
    org = OrganizationFactory(name="ClearClaim BPO Services", country="IN", website=None)
    job = JobFactory(
        organization=org,
        title="AR follow-up executive",
        work_mode="onsite",
        applicant_countries=[],
        timezone="Asia/Kolkata",
        pay_min=Decimal("25000"),
        pay_max=Decimal("25000"),
        pay_currency="INR",
        pay_period="month",
        apply_method="external",
        apply_url="https://careers.clearclaim.example/ar",
    )
    db.session.add(
        JobOffice(job_id=job.id, city="Chennai", region="TN", country="IN", lat=13.08, lng=80.27)
    )
    db.session.commit()
    [data] = json_ld(page(client, job))
    assert "jobLocationType" not in data and "applicantLocationRequirements" not in data
    assert data["jobLocation"] == [
        {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Chennai",
                "addressRegion": "TN",
                "addressCountry": "IN",
            },
        }
    ]
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "ClearClaim BPO Services",
    }
    assert data["baseSalary"]["currency"] == "INR"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "MONTH",
        "value": 25000,
    }
    assert data["directApply"] is False


def test_per_chart_pay_has_no_base_salary(client):
    job = JobFactory(pay_min=Decimal("3.50"), pay_max=None, pay_period="chart")
    html = page(client, job)
    [data] = json_ld(html)
    assert "baseSalary" not in data
    assert "$3.50 a chart" in html


@pytest.mark.parametrize("status", ["closed", "filled", "expired"])
def test_closed_jobs_carry_no_json_ld_and_say_so(client, status):
    job = JobFactory(status=JobStatus(status), closed_at=utcnow())
    html = page(client, job)
    assert json_ld(html) == []
    assert "no longer takes applications" in html
    assert "Apply for this job" not in html
    assert 'name="robots" content="noindex"' in html


def test_job_past_its_closing_date_is_closed_before_the_cron_runs(client):
    job = JobFactory(expires_at=utcnow() - timedelta(hours=1))
    html = page(client, job)
    assert json_ld(html) == []
    assert "closing date has passed" in html


def test_json_ld_cannot_be_broken_out_of(client):
    job = JobFactory(title="Coder </script><script>alert(1)</script> & <!-- team")
    html = page(client, job)
    assert "</script><script>alert(1)" not in html
    [data] = json_ld(html)
    assert data["title"] == "Coder </script><script>alert(1)</script> & <!-- team"


@pytest.mark.parametrize("status", ["draft", "pending_review", "rejected"])
def test_unpublished_jobs_are_not_found_by_the_public(client, auth, status):
    job = JobFactory(status=JobStatus(status), published_at=None)
    assert client.get(f"/jobs/{job.id}").status_code == 404
    seeker = UserFactory(role=Role.SEEKER)
    auth.login(seeker.email)
    assert client.get(f"/jobs/{job.id}").status_code == 404
    assert client.get(f"/jobs/{job.id}/report").status_code == 404


# The page in plain words --------------------------------------------------------------------


def test_page_shows_pay_hours_terms_and_safety_next_to_apply(client):
    job = JobFactory(
        new_graduates_welcome=True,
        training_provided=True,
        onsite_training_weeks=2,
        no_dependent_care=True,
        charts_per_day=80,
        qa_accuracy=95,
    )
    html = page(client, job)
    assert "$28–$34 an hour" in html
    assert "Work from home in United States" in html
    assert "Mon–Fri 9:00 am – 5:30 pm (New York)" in html
    assert "New graduates and CPC-A holders are welcome." in html
    assert "A preceptor or training is provided." in html
    assert "The first 2 weeks are training at the office." in html
    assert "No caring for children or others while you work." in html
    assert "Quality checks expect 95% accuracy." in html
    apply_box = html.split('class="apply-box"')[1]
    assert "Employers never charge you to apply." in apply_box
    assert "Report this job" in apply_box
    assert f'<link rel="canonical" href="http://localhost/jobs/{job.id}/' in html


def test_shift_times_are_shown_in_the_viewers_time_zone(client, auth):
    job = JobFactory()
    seeker = UserFactory(role=Role.SEEKER, timezone="Asia/Kolkata")
    auth.login(seeker.email)
    html = page(client, job)
    # 9:00 am New York is 7:30 pm (standard time) or 6:30 pm (daylight saving) in India.
    assert "Mon–Fri 9:00 am – 5:30 pm New York (" in html
    assert "India time)" in html
    assert (
        "pm – 4:00 am (next day) India time" in html or "pm – 3:00 am (next day) India time" in html
    )


def test_apply_section_for_external_and_portal_jobs(app, client):
    external = JobFactory(apply_method="external", apply_url="https://careers.example.com/42")
    html = page(client, external)
    if "applications.external_apply" in app.view_functions:  # counts the click, then redirects
        href = f"/jobs/{external.id}/apply/external"
    else:
        href = "https://careers.example.com/42"
    assert f'href="{href}" rel="nofollow noopener noreferrer"' in html
    assert "The link opens careers.example.com." in html

    portal_job = JobFactory()
    html = page(client, portal_job)
    if "applications.apply" in app.view_functions:
        assert f'action="/jobs/{portal_job.id}/apply"' in html
    else:
        assert "/apply" not in html
        assert "Apply through CoderMatch" in html
    assert "Do you hold" not in html  # no questions on this job


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_description_markdown_is_sanitized(client):
    job = JobFactory(
        description=(
            "# Our team\n\nWe code **charts**.\n\n<script>alert('x')</script>\n\n"
            "[click me](javascript:alert(1)) and [our site](https://example.com/about)\n\n"
            '<img src=x onerror="alert(2)"> <a href="data:text/html,hi">data</a>\n\n'
            "<iframe src='https://evil.example'></iframe><style>body{display:none}</style>"
        )
    )
    html = page(client, job)
    body = html.split('<div class="job-description">')[1].split("</div>")[0]
    assert "<strong>charts</strong>" in body
    assert "<h3>Our team</h3>" in body  # headings start below the page's own
    assert "alert" not in body and "<script" not in body and "<iframe" not in body
    assert "onerror" not in body and "<style" not in body and "display:none" not in body
    parser = _Links()
    parser.feed(body)
    links = [attrs for tag, attrs in parser.tags if tag == "a"]
    hrefs = [a.get("href") for a in links]
    assert "https://example.com/about" in hrefs
    assert not any(h and h.startswith(("javascript:", "data:")) for h in hrefs)
    for attrs in links:
        if attrs.get("href"):
            assert "nofollow" in attrs["rel"] and "noopener" in attrs["rel"]
    # The JSON-LD description is the same sanitized HTML.
    [data] = json_ld(html)
    assert "<script" not in data["description"] and "javascript:" not in data["description"]


# Feed, company page, home ------------------------------------------------------------------


def test_feed_is_valid_atom_with_only_public_jobs(client):
    newest = JobFactory(title="Inpatient DRG coder & auditor")
    older = JobFactory(title="Remote CPC coder", published_at=utcnow() - timedelta(days=2))
    JobFactory(title="Draft job", status=JobStatus.DRAFT, published_at=None)
    JobFactory(title="Closed job", status=JobStatus.CLOSED)
    JobFactory(title="Stale job", expires_at=utcnow() - timedelta(days=1))

    response = client.get("/jobs/feed.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314 - our own output
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text
    assert root.find(f"{ATOM}updated").text.endswith("Z")
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == [
        f"Inpatient DRG coder & auditor – {newest.organization.name}",
        f"Remote CPC coder – {older.organization.name}",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://localhost/jobs/{newest.id}/inpatient-drg-coder-auditor"
    )
    assert first.find(f"{ATOM}id").text == first.find(f"{ATOM}link").get("href")
    assert "$28–$34 an hour" in first.find(f"{ATOM}summary").text
    assert first.find(f"{ATOM}author/{ATOM}name").text == newest.organization.name

    home = client.get("/").get_data(as_text=True)
    assert 'rel="alternate" type="application/atom+xml"' in home
    assert "Inpatient DRG coder &amp; auditor" in home  # newest jobs on the home page


def test_company_page_lists_open_jobs_with_the_badge(client):
    verified = OrganizationFactory(name="Mercy Valley Health", slug="mercy-valley-health")
    JobFactory(organization=verified, title="Remote CPC coder")
    JobFactory(organization=verified, title="Old job", status=JobStatus.CLOSED)
    html = client.get("/companies/mercy-valley-health").get_data(as_text=True)
    assert "Mercy Valley Health" in html and "Verified employer" in html
    assert "Remote CPC coder" in html and "Old job" not in html

    unverified = OrganizationFactory(slug="new-bpo", verified_at=None)
    html = client.get("/companies/new-bpo").get_data(as_text=True)
    assert "Not verified yet" in html and "Verified employer" not in html
    assert "has no open jobs right now" in html
    assert client.get("/companies/nobody-here").status_code == 404
    assert unverified.id


def test_member_sees_status_and_hold_reasons_on_the_job_page(client, auth):
    user, org = employer(verified=False)
    job = JobFactory(
        organization=org,
        status=JobStatus.PENDING_REVIEW,
        held_reasons=[{"code": "unverified_organization"}],
    )
    auth.login(user.email)
    html = page(client, job)
    assert "Status: Waiting for review." in html
    assert "The organization is not verified yet." in html
    assert json_ld(html) == []


def test_a_job_called_report_still_links_to_its_page(client):
    job = JobFactory(title="Report")
    html = client.get("/companies/" + job.organization.slug).get_data(as_text=True)
    assert f'href="/jobs/{job.id}/report-job"' in html
    assert '<h1 id="job-title">Report</h1>' in client.get(f"/jobs/{job.id}/report-job").get_data(
        as_text=True
    )
