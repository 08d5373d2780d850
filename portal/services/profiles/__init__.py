"""Coder profiles: the four steps, credentials and their verification, the résumé, and how
complete a profile is.

- `steps`: the profile wizard (basics, credentials, availability, pay and privacy)
- `credentials`: credentials with their proofs, and their verification
- `progress`: the completeness meter, the next step, credential expiry alerts
- `visibility`: revealing a seeker to an organization; résumé and proof downloads
- `inputs`: what the steps accept, and the rules the forms share with them

Who may see what is ONE rule beside the model: `portal.models.profile_view.profile_view_for`;
`Profile.visible_to_employers()` is the SQL condition for any count or list of profiles.
"""

from portal.services.profiles.credentials import (
    PROOF_OUTCOMES,
    add_credential,
    can_verify,
    credential_to_verify,
    credentials_to_check,
    delete_credential,
    own_credential,
    review_proof,
    unverify_credential,
    update_credential,
    verify_credential,
)
from portal.services.profiles.inputs import (
    MAX_PAY,
    MAX_SLOTS_PER_DAY,
    MAX_TRAVEL_KM,
    MAX_WEEKLY_HOURS,
    MAX_YEARS,
    AvailabilityInput,
    Basics,
    CredentialInput,
    PayPrivacy,
    expiry_problem,
    hours_problem,
    pay_problem,
    ranges_problems,
    unknown_slugs,
)
from portal.services.profiles.progress import (
    Completeness,
    CompletenessItem,
    CredentialAlert,
    completeness,
    credential_alerts,
    next_step,
)
from portal.services.profiles.steps import (
    delete_resume,
    finish_credentials,
    profile_of,
    save_availability,
    save_basics,
    save_pay_privacy,
)
from portal.services.profiles.visibility import proof_for, resume_for, reveal_profile_to

__all__ = [
    "MAX_PAY",
    "MAX_SLOTS_PER_DAY",
    "MAX_TRAVEL_KM",
    "MAX_WEEKLY_HOURS",
    "MAX_YEARS",
    "PROOF_OUTCOMES",
    "AvailabilityInput",
    "Basics",
    "Completeness",
    "CompletenessItem",
    "CredentialAlert",
    "CredentialInput",
    "PayPrivacy",
    "add_credential",
    "can_verify",
    "completeness",
    "credential_alerts",
    "credential_to_verify",
    "credentials_to_check",
    "delete_credential",
    "delete_resume",
    "expiry_problem",
    "finish_credentials",
    "hours_problem",
    "next_step",
    "own_credential",
    "pay_problem",
    "profile_of",
    "proof_for",
    "ranges_problems",
    "resume_for",
    "reveal_profile_to",
    "review_proof",
    "save_availability",
    "save_basics",
    "save_pay_privacy",
    "unknown_slugs",
    "unverify_credential",
    "update_credential",
    "verify_credential",
]
