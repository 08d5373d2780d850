"""Jobs: the posting steps, the workflow (draft → preview → publish or review → closed, filled,
expired; renew, duplicate), why a job waits for a moderator, and the lists of jobs.

Where to look:
- `steps`: the steps and the typed input each step form builds (`BasicsInput`, ...).
- `checks` and `schedule`: the rules of each step; `credentials`: "RHIT and (CCS or CIC)".
- `posting`: save a step, read a saved job back (`saved_input`), what stops publishing.
- `workflow`: publish, close, renew, duplicate, delete, expire.
- `holds`: why a job waits for a moderator and who may read why.
- `visibility`: who may see a job (the public rule itself is `Job.is_public()` on the model).
- `listing`: an organization's jobs, the newest public ones, a job's readable address.
"""

from portal.services.jobs.checks import DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS, default_expiry
from portal.services.jobs.credentials import format_credential_groups, parse_credential_groups
from portal.services.jobs.holds import (
    NEW_ORGANIZATION_DAYS,
    NEW_ORGANIZATION_JOBS,
    REPORTS_TO_HOLD,
    approval_fingerprint,
    hold_reason_text,
    hold_reasons,
    hold_texts_for,
    moderation_card,
    on_probation,
)
from portal.services.jobs.listing import (
    JobList,
    NewestJobs,
    employer_dashboard,
    job_slug,
    newest_public,
    newest_public_jobs,
    organization_jobs,
    public_jobs_in_order,
    public_jobs_of,
)
from portal.services.jobs.posting import (
    check_step,
    pay_defaults,
    publish_problems,
    save_step,
    saved_input,
)
from portal.services.jobs.statuses import CLOSABLE, EDITABLE, FINISHED, STATUS_LABELS
from portal.services.jobs.steps import (
    APPLY_METHODS,
    EQUIPMENT,
    MAX_OFFICES,
    MAX_QUESTIONS,
    MAX_SHIFT_PATTERNS,
    STEP_TITLES,
    STEPS,
    ApplyInput,
    BasicsInput,
    JobInput,
    JobInvalid,
    OfficeInput,
    PayInput,
    QuestionInput,
    RequirementsInput,
    ScheduleInput,
    ShiftInput,
    StepInput,
)
from portal.services.jobs.visibility import (
    can_view,
    is_closed_to_applicants,
    member_job,
    visitors_page_stamp,
)
from portal.services.jobs.workflow import (
    bulk_close,
    close,
    delete_draft,
    duplicate,
    expire_due,
    mark_filled,
    publish,
    renew,
)

__all__ = [
    "APPLY_METHODS",
    "CLOSABLE",
    "DEFAULT_EXPIRY_DAYS",
    "EDITABLE",
    "EQUIPMENT",
    "FINISHED",
    "MAX_EXPIRY_DAYS",
    "MAX_OFFICES",
    "MAX_QUESTIONS",
    "MAX_SHIFT_PATTERNS",
    "NEW_ORGANIZATION_DAYS",
    "NEW_ORGANIZATION_JOBS",
    "REPORTS_TO_HOLD",
    "STATUS_LABELS",
    "STEPS",
    "STEP_TITLES",
    "ApplyInput",
    "BasicsInput",
    "JobInput",
    "JobInvalid",
    "JobList",
    "NewestJobs",
    "OfficeInput",
    "PayInput",
    "QuestionInput",
    "RequirementsInput",
    "ScheduleInput",
    "ShiftInput",
    "StepInput",
    "approval_fingerprint",
    "bulk_close",
    "can_view",
    "check_step",
    "close",
    "default_expiry",
    "delete_draft",
    "duplicate",
    "employer_dashboard",
    "expire_due",
    "format_credential_groups",
    "hold_reason_text",
    "hold_reasons",
    "hold_texts_for",
    "is_closed_to_applicants",
    "job_slug",
    "mark_filled",
    "member_job",
    "moderation_card",
    "newest_public",
    "newest_public_jobs",
    "on_probation",
    "organization_jobs",
    "parse_credential_groups",
    "pay_defaults",
    "public_jobs_in_order",
    "public_jobs_of",
    "publish",
    "publish_problems",
    "renew",
    "save_step",
    "saved_input",
    "visitors_page_stamp",
]
