"""Search pages: jobs (public), candidates (organization members), explained matches.

Every page keeps its state in the query string and works without JavaScript; with it,
`static/js/search.js` fetches the same URL with `X-Partial: results` and swaps in the filters
and results. When the engine cannot answer, the services fall back to SQL and the pages show
"Search is limited right now".
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.blueprints.search.present import comparison_rows
from portal.extensions import db
from portal.i18n import viewer_timezone
from portal.matching import MatchResult, match
from portal.models import Job, Profile, Role, organization_of, utcnow
from portal.models.profile_view import profile_view_for
from portal.search import candidate_search, job_results, job_search, matches
from portal.search.when import WHEN_CHOICES
from portal.services import activity
from portal.services.applications import invited_profile_ids
from portal.services.jobs import can_view, member_job
from portal.services.profiles import completeness, profile_of
from portal.web.permissions import acting_user, get_or_404, role_required

bp = Blueprint("search", __name__)

PARTIAL_HEADER = "X-Partial"


def _render(template: str, partial: str, **context: object) -> str:
    """The full page, or only the part that changes when search.js asks for it."""
    if request.headers.get(PARTIAL_HEADER) == "results":
        return render_template(partial, **context)
    return render_template(template, **context)


@bp.after_request
def _vary(response: Response) -> Response:
    response.vary.add(PARTIAL_HEADER)
    timing = g.get("search_timing")
    if timing:
        response.headers["Server-Timing"] = (
            f"engine;dur={timing['engine_ms']}, search;dur={timing['round_trip_ms']}"
        )
    return response


def _seeker_profile() -> Profile | None:
    if current_user.is_authenticated and current_user.is_seeker:
        return profile_of(acting_user())
    return None


# Jobs ---------------------------------------------------------------------------------------


@bp.route("/jobs")
def jobs() -> str:

    profile = _seeker_profile()
    results = job_search.search(
        request.args, url_for("search.jobs"), viewer_tz=viewer_timezone(), seeker=profile
    )
    card_matches = matches.for_cards(profile, [h.id for h in results.hits]) if profile else {}
    return _render(
        "search/jobs.html",
        "search/_jobs_results.html",
        results=results,
        radii=job_results.RADII_KM,
        seeker=current_user.is_authenticated and current_user.is_seeker,
        card_matches=card_matches,
        when_choices=WHEN_CHOICES,
        as_words_url=job_search.as_words_url(results) if results.place_words else None,
    )


# Parts of a profile that decide which jobs a seeker is eligible for (portal.services.profiles
# completeness keys): when none fits, the page says which of these are still missing.
MATCHING_PARTS = ("credentials", "hours", "location")


@bp.route("/jobs/for-you")
@role_required(Role.SEEKER)
def jobs_for_you() -> str:
    profile = _seeker_profile()
    found = matches.jobs_for(profile) if profile is not None else None
    missing = (
        [i for i in completeness(profile).items if i.key in MATCHING_PARTS and not i.done]
        if profile is not None
        else []
    )
    return render_template(
        "search/jobs_for_you.html", profile=profile, found=found, missing=missing
    )


def _match_for(
    job: Job, profile: Profile, today: date, distance_in_bands: bool = False
) -> MatchResult:
    return match(
        job.facts(),
        profile.facts(),
        today,
        distance_in_bands=distance_in_bands,
    )


@bp.route("/jobs/<int:job_id>/match")
@role_required(Role.SEEKER)
def job_match(job_id: int) -> str:
    job = get_or_404(Job, job_id, allowed=lambda job: can_view(acting_user(), job))
    profile = _seeker_profile()
    if profile is None:
        return render_template("search/job_match.html", job=job, profile=None)
    today = utcnow().date()
    result = _match_for(job, profile, today)
    view = profile_view_for(acting_user(), profile)
    rows = comparison_rows(
        job,
        profile,
        result,
        location=view.location,
        viewer_tz=viewer_timezone() or job.timezone,
        today=today,
    )
    return render_template(
        "search/job_match.html", job=job, profile=profile, result=result, rows=rows
    )


# Candidates ---------------------------------------------------------------------------------


@bp.route("/candidates")
@role_required(Role.EMPLOYER)
def candidates() -> ResponseReturnValue:
    organization = organization_of(acting_user())
    if organization is None:
        # "Find candidates" is in every employer's menu: first things first, as on the other
        # employer pages.
        flash(
            _(
                "First tell us about your organization. Then you can search for candidates. "
                "If your organization already has an account, ask a colleague to invite you."
            ),
            "info",
        )
        return redirect(url_for("employers.new_organization"))
    results = candidate_search.search(
        request.args, acting_user(), organization.id, url_for("search.candidates")
    )
    return _render(
        "search/candidates.html",
        "search/_candidates_results.html",
        results=results,
        organization=organization,
    )


def _member_job(job_id: int) -> Job:
    return member_job(acting_user(), job_id)


@bp.route("/employer/jobs/<int:job_id>/candidates")
@role_required(Role.EMPLOYER)
def best_candidates(job_id: int) -> str:
    job = _member_job(job_id)
    found, views = matches.candidates_seen_by(acting_user(), job)
    return render_template(
        "search/best_candidates.html",
        job=job,
        found=found,
        views=views,
        invited=invited_profile_ids(job.id) if found.ranked else set(),
    )


@bp.route("/employer/jobs/<int:job_id>/candidates/<int:profile_id>")
@role_required(Role.EMPLOYER)
def candidate_match(job_id: int, profile_id: int) -> str:
    job = _member_job(job_id)
    view = profile_view_for(acting_user(), db.session.get(Profile, profile_id))  # hidden: 404
    profile = view.profile
    activity.record_profile_view(acting_user(), profile)
    today = utcnow().date()
    # Where an anonymous candidate lives stays vague: the distance too, not only the city.
    result = _match_for(job, profile, today, distance_in_bands=not view.identity)
    rows = comparison_rows(
        job,
        profile,
        result,
        location=view.location,
        viewer_tz=viewer_timezone() or job.timezone,
        today=today,
    )
    return render_template(
        "search/candidate_match.html",
        job=job,
        profile=profile,
        view=view,
        result=result,
        rows=rows,
    )
