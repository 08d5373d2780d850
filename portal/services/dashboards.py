"""What the home page and each role's dashboard show. Each area adds its part here."""

from __future__ import annotations

from typing import Any

from portal.mail import mail_health
from portal.models import User
from portal.models.application import stage_label


def home_context() -> dict[str, Any]:
    from portal.services import jobs

    return {"recent_jobs": jobs.newest_public_jobs(6)}


def dashboard_context(user: User) -> dict[str, Any]:
    context: dict[str, Any] = {"user": user}
    if user.is_seeker:
        from portal.services import profiles

        profile = profiles.profile_of(user)
        context["completeness"] = profiles.completeness(profile)
        context["credential_alerts"] = profiles.credential_alerts(profile)
        from portal.services import applications

        context["application_summary"] = applications.seeker_summary(user)
        from portal.search import matches

        context["jobs_for_you"] = matches.jobs_for(profile, show=3) if profile else None
        from portal import charts
        from portal.services import activity

        context["activity_chart"] = charts.seeker_activity_chart(
            activity.seeker_activity(user, profile)
        )
    if user.is_school:
        from portal.services import schools

        context["school_summary"] = schools.summary(user)
    if user.is_employer:
        from portal.services import jobs

        context.update(jobs.employer_dashboard(user))
        from portal.services import applications

        context["applicant_summary"] = applications.employer_summary(user)
        listed = context["job_list"].jobs if context.get("job_list") else []
        context["job_counts"] = applications.applicant_counts([job.id for job in listed])
        from portal.search import matches

        context["best_candidate_jobs"] = matches.jobs_to_staff(user)
        if context.get("organization") is not None:
            from portal import charts
            from portal.services import activity

            pipeline = activity.pipeline_by_week(context["organization"])
            context["pipeline_chart"] = charts.pipeline_chart(
                pipeline, {key: stage_label(key) for key in pipeline.values}
            )
    if user.is_admin:
        from portal.services import moderation

        context["moderation_counts"] = moderation.counts()
        context["mail_health"] = mail_health()
    return context
