"""Length limits as named constants, read by the model, the form, the service and the seed, so
a column, its form field and its rule cannot drift apart."""

from __future__ import annotations

# Jobs
JOB_TITLE_MAX = 160
JOB_DESCRIPTION_MIN = 30
JOB_DESCRIPTION_MAX = 20_000
JOB_OFFICE_CITY_MAX = 120
JOB_OFFICE_REGION_MAX = 64
JOB_QUESTION_MAX = 300
JOB_APPLY_URL_MAX = 500
