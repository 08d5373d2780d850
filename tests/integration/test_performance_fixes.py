"""The shortcuts the benchmark led to (docs/PERFORMANCE.md) answer exactly as the slow paths:
the employer dashboard's top jobs, plain text without rendering (profile views in one go:
test_listed_views.py)."""

from __future__ import annotations

import html
import re

import nh3
import pytest
import sqlalchemy as sa

from portal.devdata.seed import Sizes, seed
from portal.extensions import db
from portal.models import Application, Stage, User
from portal.services.applications import employer_summary, organization_overview
from portal.text import markdown_text, render_markdown


def _rendered_text(text: str) -> str:
    """What `description_text` used to do: render, sanitize, strip the tags."""
    stripped = nh3.clean(str(render_markdown(text)), tags=set(), clean_content_tags={"script"})
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()


@pytest.mark.parametrize(
    "text",
    [
        "Code clinic visits and outpatient surgery.",
        "Great coder job <script>document.cookie</script> \u0002 sentinel",
        "## Duties\n\n- Assign **ICD-10-CM** codes\n- Query *providers*\n  * nested\n\n"
        "1. first\n2. second\n\n> We never charge a fee.\n\n---\n\n"
        "[Apply here](https://careers.example/a_b) or <https://auto.example>. ![logo](x.png)",
        "Use `3M 360` and ``Epic`s`` daily. \\*Not emphasis\\*. AT&T &amp; <b>bold</b> 5 < 6",
        "Setext heading\n==============\n\nsnake_case_name stays; _em_ goes.\n\n"
        "[ref][1]\n\n[1]: https://example.com",
    ],
)
def test_plain_text_has_the_words_of_the_rendered_description(text):
    assert markdown_text(text) == _rendered_text(text)


def test_the_employer_dashboard_counts_what_the_overview_counts(app):
    seed(Sizes(profiles=80, jobs=40, applications=500, orgs=1), 4, index=False)
    employer = db.session.scalar(sa.select(User).where(User.role == "employer").limit(1))
    overview = organization_overview(employer)
    summary = employer_summary(employer, limit=5)
    assert summary["new_applicants"] == sum(c["new"] for _job, c in overview)
    assert summary["new_applicants"] == db.session.scalar(
        sa.select(sa.func.count()).where(Application.stage == Stage.APPLIED)
    )
    listed = summary["jobs_with_applicants"]
    assert len(listed) == min(5, len(overview))
    counts = {job.id: c for job, c in overview}
    for job, c in listed:
        assert c == counts[job.id]
    news = [c["new"] for _job, c in listed]
    assert news == sorted(news, reverse=True)
    assert min(news) >= max(c["new"] for j, c in overview if j not in [x for x, _ in listed])
