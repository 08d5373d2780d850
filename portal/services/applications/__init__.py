"""Applications and invitations to apply, by what a newcomer looks for:

- `stages`: the stage machine (every change is an event; the seeker is told in plain words).
- `applying`: a seeker applies or withdraws; the click to an employer's own website.
- `seeker`: what a seeker reaches of their own applications (their dashboard too).
- `pipeline`: the employer's side: a job's applicants, moving them, notes, ratings, résumés.
- `overview`: applicant counts for the employer's pages and dashboard.
- `invitations`: an employer invites a candidate from "best candidates"; the answer.
- `explanation`: the match explanation, now or as saved with the application.

Another organization's applications, notes and invitations are `NotFound`, like ones that do
not exist; a seeker reaches only their own. Notifications and e-mails go out through
`services.notifications` and `services.email_preferences`, which know nothing of applications.
"""

from portal.services.applications.applying import (
    MAX_COVER_NOTE,
    ApplyInput,
    ApplyResult,
    CheckedApplication,
    apply,
    apply_problem,
    check_application,
    open_job,
    record_external_click,
    withdraw,
)
from portal.services.applications.explanation import (
    current_match,
    match_items,
    unmet_requirements,
)
from portal.services.applications.invitations import (
    MAX_INVITATION_MESSAGE,
    InviteTarget,
    SentInvitation,
    accept_invitation,
    decline_invitation,
    deliver_invitation,
    invitation_match,
    invitation_message_for_seeker,
    invitations_left_today,
    invite,
    invite_target,
    invited_profile_ids,
    organization_invitations,
    seeker_invitation,
    seeker_invitations,
)
from portal.services.applications.overview import (
    ApplicantCounts,
    EmployerSummary,
    applicant_counts,
    employer_summary,
    organization_overview,
)
from portal.services.applications.pipeline import (
    MAX_NOTE,
    ApplicantView,
    MoveResult,
    Pipeline,
    PipelineQuery,
    ResumeFile,
    add_note,
    applicant_view,
    employer_application,
    move,
    pipeline,
    resume_for_application,
    set_rating,
)
from portal.services.applications.seeker import (
    SeekerSummary,
    application_for,
    seeker_application,
    seeker_applications,
    seeker_summary,
    seeker_timeline,
)

__all__ = [
    "MAX_COVER_NOTE",
    "MAX_INVITATION_MESSAGE",
    "MAX_NOTE",
    "ApplicantCounts",
    "ApplicantView",
    "ApplyInput",
    "ApplyResult",
    "CheckedApplication",
    "EmployerSummary",
    "MoveResult",
    "Pipeline",
    "PipelineQuery",
    "ResumeFile",
    "InviteTarget",
    "SeekerSummary",
    "SentInvitation",
    "accept_invitation",
    "add_note",
    "applicant_counts",
    "applicant_view",
    "application_for",
    "apply",
    "apply_problem",
    "check_application",
    "current_match",
    "decline_invitation",
    "deliver_invitation",
    "employer_application",
    "employer_summary",
    "invitation_match",
    "invitation_message_for_seeker",
    "invitations_left_today",
    "invite",
    "invite_target",
    "invited_profile_ids",
    "match_items",
    "move",
    "open_job",
    "organization_invitations",
    "organization_overview",
    "pipeline",
    "record_external_click",
    "resume_for_application",
    "seeker_application",
    "seeker_applications",
    "seeker_invitation",
    "seeker_invitations",
    "seeker_summary",
    "seeker_timeline",
    "set_rating",
    "unmet_requirements",
    "withdraw",
]
