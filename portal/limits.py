"""Length limits of what people type, named once: the model's column, the form's validator, the
service's check and the seed data all read them, so they cannot drift apart."""

from __future__ import annotations

# People and accounts
NAME_MAX = 120
EMAIL_MAX = 254
PHONE_MAX = 32
TIMEZONE_MAX = 64

# Organizations and schools
ORGANIZATION_NAME_MAX = 160
SCHOOL_NAME_MAX = 160
WEBSITE_MAX = 300
ABOUT_MAX = 5000

# Jobs
JOB_TITLE_MAX = 160
JOB_DESCRIPTION_MIN = 30
JOB_DESCRIPTION_MAX = 20_000
JOB_OFFICE_CITY_MAX = 120
JOB_OFFICE_REGION_MAX = 64
JOB_QUESTION_MAX = 300
JOB_APPLY_URL_MAX = 500

# Profiles and credentials
HEADLINE_MAX = 160
CREDENTIAL_NUMBER_MAX = 64
