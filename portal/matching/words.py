"""What the job and the profile say in words: specialties, code sets, systems, experience and
the kind of employment. These only rank; none decides eligibility.

Code-set families come from `portal.taxonomy`; the names here are the short forms a sentence
uses ("ICD-10-CM", not the form's "ICD-10-CM (diagnoses)").
"""

from __future__ import annotations

from collections.abc import Iterable

from portal import taxonomy
from portal.matching.hours import takes_part_time
from portal.matching.model import CandidateFacts, JobFacts
from portal.matching.phrases import _, join, join_and, join_or
from portal.matching.rules import UNKNOWN_FIT, Check, item

# A new graduate for a job that welcomes them earns at least this share of the years points.
NEW_GRADUATE_FIT = 0.6
# Code sets that transfer between each other share a family ("US", "AU", "WHO").
CODE_SET_FAMILY: dict[str, str] = {slug: c.family for slug, c in taxonomy.CODE_SETS.items()}
FAMILY_DESCRIPTION: dict[str, str] = {
    "US": _("US"),
    "AU": _("Australian, used in Saudi Arabia"),
    "WHO": _("WHO"),
}
CODE_SET_NAMES: dict[str, str] = {
    "icd10cm": "ICD-10-CM",
    "icd10pcs": "ICD-10-PCS",
    "cpt": "CPT",
    "hcpcs": "HCPCS Level II",
    "modifiers": _("modifiers"),
    "ncci": _("NCCI edits"),
    "ms_drg": "MS-DRG",
    "icd10am": "ICD-10-AM",
    "achi": "ACHI",
    "ar_drg": "AR-DRG",
    "icd11": "ICD-11",
}
EMPLOYMENT_TYPE_NAMES: dict[str, str] = {
    "full_time": _("full-time"),
    "part_time": _("part-time"),
    "contract": _("contract"),
    "per_diem": _("per diem"),
    "temporary": _("temporary"),
    "other": _("other"),
}
_EMPLOYMENT_ALIASES = {"contractor": "contract", "fulltime": "full_time", "parttime": "part_time"}


def coverage(
    key: str, label: str, wanted: frozenset[str], have: frozenset[str], one: str, many: str
) -> Check:
    """ "3 of 4 specialties": share of what the job lists that the candidate has."""
    if not wanted:
        return [], 1.0
    count = len(wanted & have)
    total = len(wanted)
    status = "met" if count == total else "partial" if count else "missing"
    detail = _("%(count)s of %(total)s %(noun)s") % {
        "count": count,
        "total": total,
        "noun": one if total == 1 else many,
    }
    return [item(key, label, status, detail)], count / total


def code_set_family(slug: str) -> str | None:
    """The family ("US", "AU", "WHO") of a code-set slug; None when unknown."""
    return CODE_SET_FAMILY.get(slug)


def _by_family(slugs: Iterable[str]) -> dict[str, list[str]]:
    order = list(taxonomy.CODE_SETS)
    grouped: dict[str, list[str]] = {}
    for slug in sorted(slugs, key=lambda s: (order.index(s) if s in order else len(order), s)):
        family = code_set_family(slug)
        if family is not None:
            grouped.setdefault(family, []).append(slug)
    return grouped


def _describe_families(grouped: dict[str, list[str]]) -> str:
    parts: list[str] = []
    for family in sorted(grouped):
        names = join(", ", (CODE_SET_NAMES.get(s, s) for s in grouped[family]))
        parts.append(names + " (" + FAMILY_DESCRIPTION.get(family, family) + ")")
    return join_and(parts)


def code_sets(job: JobFacts, candidate: CandidateFacts) -> Check:
    """Coverage, plus a warning when experience is in another family (ICD-10-CM vs -AM)."""
    items, fraction = coverage(
        "code_sets",
        _("Code sets"),
        job.code_sets,
        candidate.code_sets,
        _("code set"),
        _("code sets"),
    )
    job_families = _by_family(job.code_sets)
    own_families = _by_family(candidate.code_sets)
    if not job_families or not own_families:
        return items, fraction
    foreign = {f: s for f, s in own_families.items() if f not in job_families} or own_families
    for family in sorted(set(job_families) - set(own_families)):
        detail = _("Experience is in %(own)s; this role codes in %(job)s") % {
            "own": _describe_families(foreign),
            "job": _describe_families({family: job_families[family]}),
        }
        items.append(item(f"code_set_family:{family}", _("Code set family"), "warning", detail))
    return items, fraction


def _years_text(years: int) -> str:
    if years == 1:
        return _("1 year")
    return _("%(years)s years") % {"years": years}


def years(job: JobFacts, candidate: CandidateFacts) -> Check:
    if job.min_years <= 0:
        return [], 1.0
    label = _("Experience")
    years = max(0, candidate.years_experience)
    asks = {"have": _years_text(years), "asks": _years_text(job.min_years)}
    if years >= job.min_years:
        detail = _("%(have)s of experience (asks for %(asks)s)") % asks
        return [item("years", label, "met", detail)], 1.0
    fraction = years / job.min_years
    if candidate.new_graduate and job.new_graduates_welcome:
        detail = _("New graduate; the job welcomes new graduates (asks for %(asks)s)") % asks
        return [item("years", label, "met", detail)], max(fraction, NEW_GRADUATE_FIT)
    detail = _("%(have)s of experience (asks for %(asks)s)") % asks
    if candidate.new_graduate:
        detail += _("; the job does not say new graduates are welcome")
    status = "partial" if years else "missing"
    return [item("years", label, status, detail)], fraction


def _employment_key(value: str) -> str:
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    return _EMPLOYMENT_ALIASES.get(key, key)


def employment_type(job: JobFacts, candidate: CandidateFacts) -> Check:
    """The kind of job wanted. Part-time is a question of hours, not of the job's word: a
    flexible 10–30 hour contract suits a part-time seeker, a fixed 42.5-hour shift does not."""
    label = _("Employment type")
    job_type = _employment_key(job.employment_type)
    wanted = sorted({_employment_key(t) for t in candidate.employment_types})
    job_words = EMPLOYMENT_TYPE_NAMES.get(job_type, job_type.replace("_", " "))
    if not wanted:
        detail = _("Employment type wanted not given; this job is %(type)s") % {"type": job_words}
        return [item("employment_type", label, "info", detail)], UNKNOWN_FIT
    if job_type in wanted:
        detail = _("Wants %(type)s work") % {"type": job_words}
        return [item("employment_type", label, "met", detail)], 1.0
    if "part_time" in wanted and takes_part_time(job):
        detail = _("Wants part-time work; this %(type)s job takes part-time hours") % {
            "type": job_words
        }
        return [item("employment_type", label, "met", detail)], 1.0
    names = [EMPLOYMENT_TYPE_NAMES.get(t, t.replace("_", " ")) for t in wanted]
    detail = _("Wants %(types)s work; this job is %(type)s") % {
        "types": join_or(names),
        "type": job_words,
    }
    if "part_time" in wanted:
        detail += " " + _("and does not take part-time hours")
    return [item("employment_type", label, "missing", detail)], 0.0
