"""All models, imported here so Alembic and `db.create_all` see every table."""

from portal.models.alert import Frequency, SavedSearch, SearchKind
from portal.models.application import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    ApplyClick,
    Invitation,
    Message,
    Notification,
    Stage,
)
from portal.models.audit import AuditEvent
from portal.models.base import utcnow
from portal.models.job import (
    Job,
    JobOffice,
    JobReport,
    JobStatus,
    ReportReason,
    ScreeningQuestion,
)
from portal.models.mail import MailOutbox
from portal.models.organization import (
    MemberRole,
    Organization,
    OrganizationInvitation,
    OrganizationMember,
    organization_of,
)
from portal.models.outbox import SearchOutbox
from portal.models.profile import (
    AvailabilitySlot,
    Credential,
    CredentialStatus,
    Profile,
    ProfileReveal,
    ProfileViewDay,
    RevealReason,
    Visibility,
)
from portal.models.ranked import RankedList, RankedListVersion
from portal.models.school import (
    Cohort,
    Course,
    Graduate,
    GraduateImport,
    School,
    SchoolInvitation,
    SchoolMember,
    SchoolRole,
    school_of,
    school_role,
)
from portal.models.user import EmailKind, EmailOptOut, Role, User
from portal.models.verification import VerificationDecision, VerificationRecord

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationNote",
    "ApplyClick",
    "AuditEvent",
    "Frequency",
    "Invitation",
    "Message",
    "Notification",
    "SavedSearch",
    "SearchKind",
    "Stage",
    "AvailabilitySlot",
    "Credential",
    "CredentialStatus",
    "Profile",
    "ProfileReveal",
    "ProfileViewDay",
    "RankedList",
    "RankedListVersion",
    "RevealReason",
    "School",
    "Visibility",
    "school_of",
    "school_role",
    "Cohort",
    "Course",
    "Graduate",
    "GraduateImport",
    "SchoolInvitation",
    "SchoolMember",
    "SchoolRole",
    "Job",
    "JobOffice",
    "JobReport",
    "JobStatus",
    "ReportReason",
    "ScreeningQuestion",
    "MailOutbox",
    "MemberRole",
    "Organization",
    "OrganizationInvitation",
    "OrganizationMember",
    "organization_of",
    "EmailKind",
    "EmailOptOut",
    "Role",
    "SearchOutbox",
    "User",
    "VerificationDecision",
    "VerificationRecord",
    "utcnow",
]
