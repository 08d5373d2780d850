"""What the home page and each role's dashboard show. Each area adds its part here."""

from __future__ import annotations

from typing import Any

from portal import charts
from portal.mail import mail_health
from portal.models import User
from portal.models.application import stage_label
from portal.search import matches
from portal.services import activity, applications, jobs, moderation, profiles, schools

HOME_JOBS = 6  # cards under "Newest jobs"


def home_jobs() -> jobs.NewestJobs:
    """Which jobs the home page shows and a stamp of what their cards show (one statement):
    the page's version, `portal.web.conditional`."""
    return jobs.newest_public(HOME_JOBS)


def home_context(newest: jobs.NewestJobs) -> dict[str, Any]:
    return {"recent_jobs": jobs.public_jobs_in_order(newest.ids)}


def dashboard_context(user: User) -> dict[str, Any]:
    context: dict[str, Any] = {"user": user}
    if user.is_seeker:
        context.update(_seeker_part(user))
    if user.is_school:
        context["school_summary"] = schools.summary(user)
    if user.is_employer:
        context.update(_employer_part(user))
    if user.is_admin:
        context["moderation_counts"] = moderation.counts()
        context["mail_health"] = mail_health()
    return context


def _seeker_part(user: User) -> dict[str, Any]:
    profile = profiles.profile_of(user)
    return {
        "completeness": profiles.completeness(profile),
        "credential_alerts": profiles.credential_alerts(profile),
        "application_summary": applications.seeker_summary(user),
        "jobs_for_you": matches.jobs_for(profile, show=3) if profile else None,
        "activity_chart": charts.seeker_activity_chart(activity.seeker_activity(user, profile)),
    }


def _employer_part(user: User) -> dict[str, Any]:
    part: dict[str, Any] = dict(jobs.employer_dashboard(user))
    part["applicant_summary"] = applications.employer_summary(user)
    listed = part["job_list"].jobs if part.get("job_list") else []
    part["job_counts"] = applications.applicant_counts([job.id for job in listed])
    organization = part["organization"]
    part["best_candidate_jobs"] = jobs.public_jobs_of(organization, limit=5) if organization else []
    if organization is not None:
        pipeline = activity.pipeline_by_week(organization)
        part["pipeline_chart"] = charts.pipeline_chart(
            pipeline, {key: stage_label(key) for key in pipeline.values}
        )
    return part
