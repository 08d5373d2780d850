"""Domain vocabulary for CoderMatch: credentials, specialties, code sets, pay and places.

This module is the single source of truth for the words of the medical coding trade. Forms build
their choices from it, the search index takes its synonyms and facets from it, and matching
compares the same keys, so a slug means the same thing everywhere. It is plain data with a few
small helpers: no Flask, no database. Labels are English data; views translate them when shown.

Keys (slugs and codes) are stored in the database: add new ones freely, but never rename or reuse
an existing key without a migration.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

# ---------------------------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Credential:
    """A coding credential. ``body`` is "AAPC" or "AHIMA" ("" for the catch-all OTHER)."""

    code: str
    body: str
    name: str
    hint: str


AAPC = "AAPC"
AHIMA = "AHIMA"

_CREDENTIAL_LIST: tuple[Credential, ...] = (
    # Most common first: the two entry/core credentials of each body, then the rest.
    Credential(
        "CPC",
        AAPC,
        "Certified Professional Coder",
        "The most common coding certificate, for doctors' offices and outpatient work",
    ),
    Credential(
        "CPC-A",
        AAPC,
        "Certified Professional Coder - Apprentice",
        "You passed the CPC exam but have less than 2 years of experience",
    ),
    Credential(
        "CCS",
        AHIMA,
        "Certified Coding Specialist",
        "Coding certificate for hospital work, including inpatient stays",
    ),
    Credential(
        "CCA",
        AHIMA,
        "Certified Coding Associate",
        "Beginner coding certificate for people starting out",
    ),
    Credential(
        "COC",
        AAPC,
        "Certified Outpatient Coder",
        "Coding for hospital outpatient visits and day surgery centres",
    ),
    Credential(
        "CIC",
        AAPC,
        "Certified Inpatient Coder",
        "Coding for patients who stay in the hospital overnight or longer",
    ),
    Credential(
        "CRC",
        AAPC,
        "Certified Risk Adjustment Coder",
        "Coding long-term illnesses for health plans (risk adjustment, HCC)",
    ),
    Credential(
        "CCS-P",
        AHIMA,
        "Certified Coding Specialist - Physician-based",
        "Coding certificate for work in doctors' offices and clinics",
    ),
    Credential(
        "RHIT",
        AHIMA,
        "Registered Health Information Technician",
        "Health records technician, usually with a 2-year college degree",
    ),
    Credential(
        "RHIA",
        AHIMA,
        "Registered Health Information Administrator",
        "Health records manager, usually with a 4-year college degree or more",
    ),
    Credential(
        "CPB",
        AAPC,
        "Certified Professional Biller",
        "Billing certificate: sending claims and getting them paid",
    ),
    Credential(
        "CPMA",
        AAPC,
        "Certified Professional Medical Auditor",
        "Checking other people's coding and records for mistakes",
    ),
    Credential(
        "CDIP",
        AHIMA,
        "Certified Documentation Integrity Practitioner",
        "Helping doctors write complete and clear medical records (CDI)",
    ),
    Credential(
        "CEMC",
        AAPC,
        "Certified Evaluation and Management Coder",
        "Choosing the right level for doctor visits (E/M coding)",
    ),
    Credential(
        "CEDC",
        AAPC,
        "Certified Emergency Department Coder",
        "Coding visits to the hospital emergency room",
    ),
    Credential(
        "CANPC",
        AAPC,
        "Certified Anesthesia and Pain Management Coder",
        "Coding anesthesia and pain treatment",
    ),
    Credential(
        "CIRCC",
        AAPC,
        "Certified Interventional Radiology Cardiovascular Coder",
        "Coding heart and blood-vessel procedures done with imaging",
    ),
    Credential(
        "CCC",
        AAPC,
        "Certified Cardiology Coder",
        "Coding heart care",
    ),
    Credential(
        "CGSC",
        AAPC,
        "Certified General Surgery Coder",
        "Coding general surgery",
    ),
    Credential(
        "COBGC",
        AAPC,
        "Certified Obstetrics Gynecology Coder",
        "Coding pregnancy, childbirth and women's health care",
    ),
    Credential(
        "CPEDC",
        AAPC,
        "Certified Pediatrics Coder",
        "Coding care for children",
    ),
    Credential(
        "CDEO",
        AAPC,
        "Certified Documentation Expert - Outpatient",
        "Checking that outpatient medical records are complete and clear",
    ),
    Credential(
        "CPPM",
        AAPC,
        "Certified Physician Practice Manager",
        "Running the business side of a doctor's office",
    ),
    Credential(
        "CHDA",
        AHIMA,
        "Certified Health Data Analyst",
        "Working with health numbers and reports",
    ),
    Credential(
        "CHPS",
        AHIMA,
        "Certified in Healthcare Privacy and Security",
        "Keeping patient information private and safe",
    ),
    Credential(
        "OTHER",
        "",
        "Other credential",
        "A certificate that is not in this list",
    ),
)

CREDENTIALS: dict[str, Credential] = {c.code: c for c in _CREDENTIAL_LIST}

# Apprentice status: holders are often new graduates, which matching and filters care about.
APPRENTICE_CREDENTIALS: frozenset[str] = frozenset({"CPC-A"})

# Lower-case credential codes, for Meilisearch ``typoTolerance.disableOnWords``: a search for
# "cpc" must never be typo-corrected into "cpb" or "coc".
TYPO_EXEMPT_WORDS: list[str] = [code.lower() for code in CREDENTIALS if code != "OTHER"]

# ---------------------------------------------------------------------------------------------
# Specialties and settings
# ---------------------------------------------------------------------------------------------

SPECIALTIES: dict[str, str] = {
    "inpatient_facility": "Inpatient facility (DRG)",
    "outpatient_facility": "Outpatient facility",
    "emergency_department": "Emergency department (ED)",
    "ambulatory_surgery": "Ambulatory surgery center (ASC)",
    "pro_fee_em": "Professional fee / E/M",
    "risk_adjustment": "Risk adjustment / HCC",
    "anesthesia": "Anesthesia and pain management",
    "radiology": "Radiology / interventional radiology",
    "cardiology": "Cardiology",
    "orthopedics": "Orthopedics",
    "ob_gyn": "OB/GYN",
    "oncology": "Oncology",
    "pathology_lab": "Pathology and lab",
    "home_health_hospice": "Home health (PDGM/OASIS) and hospice",
    "surgery": "Surgery",
    "pediatrics": "Pediatrics",
    "gastroenterology": "Gastroenterology",
    "neurology": "Neurology",
    "urology": "Urology",
    "dermatology": "Dermatology",
    "ophthalmology": "Ophthalmology",
    "behavioral_health": "Behavioral health",
    "physical_therapy": "Physical and occupational therapy",
    "auditing": "Coding audit and quality",
    "cdi": "Clinical documentation integrity (CDI)",
    "billing": "Billing",
    "charge_entry": "Charge entry",
    "ar_follow_up": "AR follow-up",
    "denials_appeals": "Denials and appeals",
    "payment_posting": "Payment posting",
}

# Families of specialties, so a long list of checkboxes can be folded into a few short ones.
SPECIALTY_FAMILIES: dict[str, tuple[str, ...]] = {
    "Settings": (
        "inpatient_facility",
        "outpatient_facility",
        "emergency_department",
        "ambulatory_surgery",
        "pro_fee_em",
        "risk_adjustment",
        "home_health_hospice",
    ),
    "Medical specialties": (
        "anesthesia",
        "radiology",
        "cardiology",
        "orthopedics",
        "ob_gyn",
        "oncology",
        "pathology_lab",
        "surgery",
        "pediatrics",
        "gastroenterology",
        "neurology",
        "urology",
        "dermatology",
        "ophthalmology",
        "behavioral_health",
        "physical_therapy",
    ),
    "Quality and revenue cycle": (
        "auditing",
        "cdi",
        "billing",
        "charge_entry",
        "ar_follow_up",
        "denials_appeals",
        "payment_posting",
    ),
}

# ---------------------------------------------------------------------------------------------
# Code sets
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeSet:
    """A code set; ``family`` groups sets that transfer: "US", "AU" (Saudi Arabia), "WHO"."""

    slug: str
    label: str
    family: str


CODE_SET_FAMILIES: dict[str, str] = {
    "US": "US code sets (ICD-10-CM, CPT, ...)",
    "AU": "Australian code sets (ICD-10-AM, ACHI), used in Saudi Arabia",
    "WHO": "WHO ICD-11",
}

_CODE_SET_LIST: tuple[CodeSet, ...] = (
    CodeSet("icd10cm", "ICD-10-CM (diagnoses)", "US"),
    CodeSet("icd10pcs", "ICD-10-PCS (inpatient procedures)", "US"),
    CodeSet("cpt", "CPT", "US"),
    CodeSet("hcpcs", "HCPCS Level II", "US"),
    CodeSet("modifiers", "Modifiers", "US"),
    CodeSet("ncci", "NCCI edits", "US"),
    CodeSet("ms_drg", "MS-DRG", "US"),
    CodeSet("icd10am", "ICD-10-AM (diagnoses)", "AU"),
    CodeSet("achi", "ACHI (procedures)", "AU"),
    CodeSet("ar_drg", "AR-DRG", "AU"),
    CodeSet("icd11", "ICD-11", "WHO"),
)

CODE_SETS: dict[str, CodeSet] = {c.slug: c for c in _CODE_SET_LIST}
CODE_SET_GROUPS: dict[str, tuple[str, ...]] = {
    label: tuple(c.slug for c in _CODE_SET_LIST if c.family == family)
    for family, label in CODE_SET_FAMILIES.items()
}


def code_set_families(slugs: Iterable[str]) -> set[str]:
    """The families ("US", "AU", "WHO") of the given code-set slugs; unknown slugs are skipped.

    Matching uses this to warn when a seeker's and a job's code sets share no family
    (ICD-10-CM experience does not transfer cleanly to ICD-10-AM).
    """
    return {CODE_SETS[s].family for s in slugs if s in CODE_SETS}


# ---------------------------------------------------------------------------------------------
# Systems (encoders, computer-assisted coding, EHRs, billing software)
# ---------------------------------------------------------------------------------------------

SYSTEMS: dict[str, str] = {
    # Encoders and computer-assisted coding
    "3m_360_encompass": "3M 360 Encompass",
    "3m_coding_reference": "3M Coding Reference",
    "optum_encoderpro": "Optum EncoderPro",
    "trucode": "TruCode",
    "cac": "Computer-assisted coding (CAC)",
    # EHRs
    "epic": "Epic",
    "oracle_health": "Oracle Health (Cerner)",
    "meditech": "Meditech",
    "athenahealth": "athenahealth",
    "eclinicalworks": "eClinicalWorks",
    "allscripts": "Allscripts (Veradigm)",
    "nextgen": "NextGen",
    # Practice management, billing and clearinghouses
    "kareo": "Kareo (Tebra)",
    "advancedmd": "AdvancedMD",
    "availity": "Availity",
    "waystar": "Waystar",
}

SYSTEM_FAMILIES: dict[str, tuple[str, ...]] = {
    "Encoders and computer-assisted coding": (
        "3m_360_encompass",
        "3m_coding_reference",
        "optum_encoderpro",
        "trucode",
        "cac",
    ),
    "Health records (EHR)": (
        "epic",
        "oracle_health",
        "meditech",
        "athenahealth",
        "eclinicalworks",
        "allscripts",
        "nextgen",
    ),
    "Practice management, billing and clearinghouses": (
        "kareo",
        "advancedmd",
        "availity",
        "waystar",
    ),
}

# ---------------------------------------------------------------------------------------------
# Jobs: roles, employment types, work modes, organizations
# ---------------------------------------------------------------------------------------------

ROLE_TYPES: dict[str, str] = {
    "coder": "Medical coder",
    "biller": "Medical biller",
    "auditor": "Coding auditor",
    "cdi": "Clinical documentation specialist (CDI)",
    "ar_follow_up": "AR follow-up",
    "coding_manager": "Coding manager or team lead",
}


class EmploymentType(NamedTuple):
    """``label`` for people, ``schema_org`` for JobPosting.employmentType."""

    label: str
    schema_org: str


EMPLOYMENT_TYPES: dict[str, EmploymentType] = {
    "full_time": EmploymentType("Full time", "FULL_TIME"),
    "part_time": EmploymentType("Part time", "PART_TIME"),
    "contract": EmploymentType("Contract", "CONTRACTOR"),
    "per_diem": EmploymentType("Per diem (paid by the day, as needed)", "PER_DIEM"),
    "temporary": EmploymentType("Temporary", "TEMPORARY"),
}

WORK_MODES: dict[str, str] = {
    "remote": "Work from home",
    "onsite": "At the office",
    "hybrid": "Hybrid",
}

ORGANIZATION_KINDS: dict[str, str] = {
    "hospital": "Hospital",
    "clinic": "Clinic",
    "physician_practice": "Physician practice",
    "bpo": "BPO / outsourcing firm",
    "insurer": "Insurance company",
    "staffing_agency": "Staffing agency",
    "other": "Other",
}

ORGANIZATION_SIZES: dict[str, str] = {
    "1-10": "1\u201310",
    "11-50": "11\u201350",
    "51-200": "51\u2013200",
    "201-500": "201\u2013500",
    "501-1000": "501\u20131,000",
    "1001-5000": "1,001\u20135,000",
    "5001+": "More than 5,000",
}

# ---------------------------------------------------------------------------------------------
# Pay
# ---------------------------------------------------------------------------------------------

CURRENCIES: dict[str, str] = {
    "USD": "US dollar (USD)",
    "INR": "Indian rupee (INR)",
    "AED": "UAE dirham (AED)",
    "SAR": "Saudi riyal (SAR)",
    "QAR": "Qatari riyal (QAR)",
    "KWD": "Kuwaiti dinar (KWD)",
    "OMR": "Omani rial (OMR)",
    "BHD": "Bahraini dinar (BHD)",
    "EUR": "Euro (EUR)",
    "GBP": "British pound (GBP)",
    "CAD": "Canadian dollar (CAD)",
    "AUD": "Australian dollar (AUD)",
    "PHP": "Philippine peso (PHP)",
}


class PayPeriod(NamedTuple):
    """``label`` reads after an amount ("$25 an hour"); ``unit_text`` is schema.org's unitText."""

    label: str
    unit_text: str | None


PAY_PERIODS: dict[str, PayPeriod] = {
    "hour": PayPeriod("an hour", "HOUR"),
    "chart": PayPeriod("a chart", None),  # schema.org has no per-piece unit
    "day": PayPeriod("a day", "DAY"),
    "week": PayPeriod("a week", "WEEK"),
    "month": PayPeriod("a month", "MONTH"),
    "year": PayPeriod("a year", "YEAR"),
}

# Working hours in one pay period (full time: 8 h a day, 40 h a week, 2080 h a year).
# A month is a twelfth of the year (about 173.33 h), so monthly and yearly pay compare evenly.
# Per-chart pay has no fixed hours and cannot be converted.
HOURS_PER_PERIOD: dict[str, float | None] = {
    "hour": 1.0,
    "chart": None,
    "day": 8.0,
    "week": 40.0,
    "month": 2080 / 12,
    "year": 2080.0,
}


def to_hourly(amount: float | int | Decimal, period: str) -> float | None:
    """An amount paid per ``period`` as an hourly rate, or None for per-chart or unknown periods.

    The currency is unchanged: compare only amounts in the same currency.
    """
    hours = HOURS_PER_PERIOD.get(period)
    if hours is None:
        return None
    return float(amount) / hours


# ---------------------------------------------------------------------------------------------
# Languages and places
# ---------------------------------------------------------------------------------------------

LANGUAGES: dict[str, str] = {
    "english": "English",
    "hindi": "Hindi",
    "arabic": "Arabic",
    "tamil": "Tamil",
    "telugu": "Telugu",
    "malayalam": "Malayalam",
    "kannada": "Kannada",
    "marathi": "Marathi",
    "bengali": "Bengali",
    "gujarati": "Gujarati",
    "punjabi": "Punjabi",
    "urdu": "Urdu",
    "tagalog": "Tagalog (Filipino)",
    "spanish": "Spanish",
    "french": "French",
}

# The countries this board serves most, ISO 3166-1 alpha-2 code -> English name.
COUNTRIES: dict[str, str] = {
    "US": "United States",
    "IN": "India",
    "SA": "Saudi Arabia",
    "AE": "United Arab Emirates",
    "QA": "Qatar",
    "KW": "Kuwait",
    "OM": "Oman",
    "BH": "Bahrain",
    "PH": "Philippines",
    "GB": "United Kingdom",
    "CA": "Canada",
    "AU": "Australia",
    "EG": "Egypt",
    "JO": "Jordan",
    "PK": "Pakistan",
}

# USPS / ISO 3166-2:US codes (without the "US-" prefix): the 50 states and DC.
US_STATES: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
}

# ISO 3166-2:IN codes (without the "IN-" prefix, as revised in 2023): 28 states, then 8 union
# territories.
INDIA_STATES: dict[str, str] = {
    "AP": "Andhra Pradesh",
    "AR": "Arunachal Pradesh",
    "AS": "Assam",
    "BR": "Bihar",
    "CG": "Chhattisgarh",
    "GA": "Goa",
    "GJ": "Gujarat",
    "HR": "Haryana",
    "HP": "Himachal Pradesh",
    "JH": "Jharkhand",
    "KA": "Karnataka",
    "KL": "Kerala",
    "MP": "Madhya Pradesh",
    "MH": "Maharashtra",
    "MN": "Manipur",
    "ML": "Meghalaya",
    "MZ": "Mizoram",
    "NL": "Nagaland",
    "OD": "Odisha",
    "PB": "Punjab",
    "RJ": "Rajasthan",
    "SK": "Sikkim",
    "TN": "Tamil Nadu",
    "TS": "Telangana",
    "TR": "Tripura",
    "UP": "Uttar Pradesh",
    "UK": "Uttarakhand",
    "WB": "West Bengal",
    "AN": "Andaman and Nicobar Islands",
    "CH": "Chandigarh",
    "DH": "Dadra and Nagar Haveli and Daman and Diu",
    "DL": "Delhi",
    "JK": "Jammu and Kashmir",
    "LA": "Ladakh",
    "LD": "Lakshadweep",
    "PY": "Puducherry",
}

# ---------------------------------------------------------------------------------------------
# Search synonyms (Meilisearch)
# ---------------------------------------------------------------------------------------------


def _synonym_form(text: str) -> str:
    """Lower-case, runs of dashes and spaces made one space (as the search tokenizer sees it)."""
    return re.sub(r"[\s\-\u2010-\u2015]+", " ", text.lower()).strip()


# Each group lists words that mean the same thing. Credential code ~ full name groups are added
# from CREDENTIALS by build_synonyms(), so they never drift apart.
SYNONYM_GROUPS: list[list[str]] = [
    ["e/m", "e&m", "em", "evaluation and management"],
    ["hcc", "risk adjustment"],
    ["ip", "inpatient"],
    ["op", "outpatient"],
    ["ed", "er", "emergency department"],
    ["ar", "accounts receivable"],
    ["cdi", "clinical documentation integrity"],
    ["remote", "work from home", "wfh", "telecommute"],
    ["pro fee", "professional fee"],
    ["drg", "diagnosis related group"],
    ["coder", "coding"],
]


def _credential_groups() -> list[list[str]]:
    return [
        [c.code.lower(), _synonym_form(c.name)] for c in CREDENTIALS.values() if c.code != "OTHER"
    ]


def build_synonyms(groups: Iterable[Iterable[str]] | None = None) -> dict[str, list[str]]:
    """A symmetric synonym map for Meilisearch's ``synonyms`` setting.

    Every word of a group maps to every other word of it; a word in several groups gets the union.
    With no argument, uses the credential code ~ name groups plus ``SYNONYM_GROUPS``.
    """
    if groups is None:
        groups = [*_credential_groups(), *SYNONYM_GROUPS]
    merged: dict[str, set[str]] = {}
    for group in groups:
        words = {w.strip().lower() for w in group if w and w.strip()}
        for word in words:
            merged.setdefault(word, set()).update(words - {word})
    return {word: sorted(others) for word, others in merged.items() if others}


SYNONYMS: dict[str, list[str]] = build_synonyms()

# ---------------------------------------------------------------------------------------------
# Helpers for forms and views
# ---------------------------------------------------------------------------------------------


def _display(value: object) -> str:
    """The human-readable text of a mapping value: a str, or its ``label`` / ``name``."""
    if isinstance(value, str):
        return value
    for attr in ("label", "name"):
        text = getattr(value, attr, None)
        if isinstance(text, str):
            return text
    return str(value)


def choices(mapping: Mapping[str, object]) -> list[tuple[str, str]]:
    """``[(key, label), ...]`` in the mapping's order, for WTForms (Multi)SelectField choices.

    Works for ``dict[str, str]`` and for values with a ``label`` (CodeSet, EmploymentType,
    PayPeriod) or a ``name`` (Credential).
    """
    return [(key, _display(value)) for key, value in mapping.items()]


def label(mapping: Mapping[str, object], key: str | None) -> str:
    """The label of ``key`` in ``mapping``; the key itself when unknown ("" for None)."""
    if key is None:
        return ""
    if key in mapping:
        return _display(mapping[key])
    return key


# The countries whose addresses name a state from a fixed list.
REGIONS: dict[str, dict[str, str]] = {"US": US_STATES, "IN": INDIA_STATES}


def region_name(country: str | None, region: str | None) -> str:
    """A state's name in the US and India ("TX" → "Texas"); elsewhere the region as entered."""
    if not region:
        return ""
    states = REGIONS.get(country or "")
    return label(states, region) if states else region


def place_name(code: str) -> str:
    """A country or country-state code in words: "IN" → "India", "US-TX" → "Texas" (an
    unknown code as it is)."""
    country, _sep, region = code.partition("-")
    if not region:
        return COUNTRIES.get(country, code)
    states = REGIONS.get(country, {})
    return states.get(region, code)


def credential_choices() -> list[tuple[str, str]]:
    """Credential choices that show the code too ("CPC - Certified Professional Coder")."""
    return [
        (c.code, c.name if c.code == "OTHER" else f"{c.code} - {c.name}")
        for c in CREDENTIALS.values()
    ]
