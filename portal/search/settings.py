"""Index settings, kept in code and applied through `flask search configure` (rebuild and swap).

Two indexes, `{MEILI_INDEX_PREFIX}jobs` and `{MEILI_INDEX_PREFIX}profiles`. Rules that matter:
- Credential codes are never free text: they are filter values (`credentials`,
  `required_credentials`, `credentials_held`, `cred_until.<CODE>` …) and the query parser turns a
  code typed in the keyword box into a filter. A hyphen is a separator for the tokenizer, so
  "CPC" would match "CPC-A" as text; as a filter value it never does.
- Typo tolerance is off for credential words and numbers; synonyms come from the taxonomy.
- Filterable attributes are granular: equality only for codes, flags and ids; comparison only
  where a range is asked for. `proximityPrecision: byAttribute` (short structured fields).
- `match_facts` (what ranked lists score from, a seeker's exact coordinates included) is in no
  list below: never searched, filtered or sorted on. `document_version` is filterable so that
  `sync.ensure_indexes` can count documents of an older shape.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from portal import taxonomy

INDEXES = ("jobs", "profiles")
ENTITY_INDEX = {"job": "jobs", "profile": "profiles"}
REBUILD_SUFFIX = "__rebuild"
MAX_TOTAL_HITS = 1000
MAX_VALUES_PER_FACET = 60


def index_uid(name: str, rebuild: bool = False) -> str:
    """`portal_jobs`, or `portal_jobs__rebuild` for the copy being rebuilt."""
    prefix = current_app.config.get("MEILI_INDEX_PREFIX", "portal_")
    return f"{prefix}{name}{REBUILD_SUFFIX if rebuild else ''}"


def _equality(*patterns: str) -> dict[str, Any]:
    return {
        "attributePatterns": list(patterns),
        "features": {"facetSearch": False, "filter": {"equality": True, "comparison": False}},
    }


def _comparison(*patterns: str) -> dict[str, Any]:
    return {
        "attributePatterns": list(patterns),
        "features": {"facetSearch": False, "filter": {"equality": True, "comparison": True}},
    }


def _typo_tolerance() -> dict[str, Any]:
    return {
        "enabled": True,
        # "codr" is 4 letters: allow one typo from 4 so "medcal codr" still finds coders.
        "minWordSizeForTypos": {"oneTypo": 4, "twoTypos": 8},
        "disableOnWords": sorted(set(taxonomy.TYPO_EXEMPT_WORDS)),
        "disableOnAttributes": [],
        "disableOnNumbers": True,
    }


def _common() -> dict[str, Any]:
    return {
        "synonyms": taxonomy.build_synonyms(),
        "typoTolerance": _typo_tolerance(),
        "proximityPrecision": "byAttribute",
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
        "faceting": {
            "maxValuesPerFacet": MAX_VALUES_PER_FACET,
            "sortFacetValuesBy": {"*": "count"},
        },
        "displayedAttributes": ["*"],
        "distinctAttribute": None,
        "stopWords": [],
    }


JOB_SEARCHABLE = [
    "title",
    "role_names",
    "specialty_names",
    "work_mode_names",
    "employment_type_name",
    "organization_name",
    "code_set_names",
    "system_names",
    "office_cities",
    "description",
]
PROFILE_SEARCHABLE = [
    "headline",
    "role_names",
    "specialty_names",
    "code_set_names",
    "system_names",
    "school_name",
    "region_name",
    "summary",
    "name",
]


def job_settings() -> dict[str, Any]:
    return {
        **_common(),
        "searchableAttributes": JOB_SEARCHABLE,
        "filterableAttributes": [
            _equality(
                "credentials",
                "required_credentials",
                "preferred_credentials",
                "specialties",
                "code_sets",
                "systems",
                "role_types",
                "work_mode",
                "employment_type",
                "country",
                "applicant_countries",
                "hours_band",
                "pay_currency",
                "pay_period",
                "pay_tags",
                "new_graduates_welcome",
                "organization_verified",
                "organization_id",
                "flexible_hours",
                "job_id",
                "office_countries",
                "office_regions",
                "applicant_regions",
                "document_version",
            ),
            _comparison(
                "hours_min",
                "hours_max",
                "hours_needed",
                "pay_hourly_min",
                "pay_hourly_max",
                "min_years",
                "published_at",
                "expires_at",
                "office_slot",
                "shift_starts_local",
                "shift_starts_utc",
                "shift_quarters_utc",
            ),
            "_geo",
        ],
        "sortableAttributes": ["_geo", "pay_currency", "pay_hourly_max", "published_at"],
        "rankingRules": [
            "words",
            "typo",
            "proximity",
            "attribute",
            "sort",
            "exactness",
            "published_at:desc",
        ],
    }


def profile_settings() -> dict[str, Any]:
    return {
        **_common(),
        "searchableAttributes": PROFILE_SEARCHABLE,
        "filterableAttributes": [
            _equality(
                "credentials_held",
                "credentials_verified",
                "has_verified",
                "school_verified",
                "specialties",
                "code_sets",
                "systems",
                "role_types",
                "languages",
                "work_modes",
                "employment_types",
                "country",
                "region",
                "school_id",
                "hours_band",
                "new_graduate",
                "willing_to_relocate",
                "anonymous",
                "pay_currency",
                "document_version",
            ),
            _comparison(
                "cred_until.*",
                "years_experience",
                "hours_min",
                "hours_max",
                "usable_hours",
                "pay_hourly_min",
                "travel_km",
                "available_from",
                "updated_at",
            ),
            "_geo",
        ],
        "sortableAttributes": ["_geo", "updated_at", "years_experience"],
        "rankingRules": [
            "words",
            "typo",
            "proximity",
            "attribute",
            "sort",
            "exactness",
            "updated_at:desc",
        ],
    }


def settings_for(name: str) -> dict[str, Any]:
    return {"jobs": job_settings, "profiles": profile_settings}[name]()


# Lists whose order Meilisearch does not keep or that mean a set.
_UNORDERED = {"sortableAttributes", "stopWords"}


def _normalise(key: str, value: Any) -> Any:
    if key in _UNORDERED and isinstance(value, list):
        return sorted(value)
    if key == "synonyms" and isinstance(value, dict):
        return {k: sorted(v) for k, v in sorted(value.items())}
    if key == "typoTolerance" and isinstance(value, dict):
        return {
            **value,
            "disableOnWords": sorted(value.get("disableOnWords", [])),
            "disableOnAttributes": sorted(value.get("disableOnAttributes", [])),
        }
    return value


def settings_drift(name: str, live: dict[str, Any]) -> list[str]:
    """Names of the settings whose live value differs from the code (empty: up to date)."""
    wanted = settings_for(name)
    return [
        key
        for key, value in wanted.items()
        if _normalise(key, value) != _normalise(key, live.get(key))
    ]
