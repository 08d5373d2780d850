"""What goes together in the trade, per market: tracks (credentials, specialties, code sets and
systems that belong together), languages, pay, weekly availability and application stages.
A data catalogue."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Track:
    key: str
    role: str
    title: str  # as in a job title: "Professional fee coder"
    specialties: tuple[str, ...]  # the first is the track's own, others are often added
    required: tuple[tuple[str, ...], ...]  # credential groups a job asks for (may be empty)
    preferred: tuple[str, ...]
    code_sets: tuple[str, ...]
    systems: tuple[str, ...]
    held: tuple[str, ...]  # credentials a seeker on this track commonly holds, most common first
    apprentice: str | None = None  # what a new graduate holds instead


US_SETS = ("icd10cm", "cpt", "hcpcs", "modifiers", "ncci")
TRACKS: dict[str, Track] = {
    t.key: t
    for t in (
        Track("pro_fee", "coder", "Professional fee coder",
              ("pro_fee_em", "dermatology", "pediatrics", "ob_gyn", "neurology", "urology",
               "gastroenterology", "behavioral_health"),
              (("CPC", "CCS-P"),), ("CEMC", "CPMA"), US_SETS,
              ("epic", "athenahealth", "eclinicalworks", "nextgen", "3m_coding_reference"),
              ("CPC", "CCS-P", "CEMC", "COC"), "CPC-A"),
        Track("inpatient", "coder", "Inpatient DRG coder",
              ("inpatient_facility", "cdi", "auditing"),
              (("CCS", "CIC"),), ("RHIT", "CDIP"), ("icd10cm", "icd10pcs", "ms_drg"),
              ("epic", "3m_360_encompass", "oracle_health", "meditech", "cac"),
              ("CCS", "CIC", "RHIT", "RHIA")),
        Track("outpatient", "coder", "Outpatient facility coder",
              ("outpatient_facility", "ambulatory_surgery", "pathology_lab"),
              (("COC", "CPC", "CCS"),), ("CCS",), US_SETS,
              ("epic", "3m_360_encompass", "optum_encoderpro", "trucode"),
              ("COC", "CPC", "CCS"), "CPC-A"),
        Track("ed", "coder", "Emergency department coder",
              ("emergency_department", "pro_fee_em"),
              (("CPC", "COC", "CEDC"),), ("CEDC",), ("icd10cm", "cpt", "modifiers"),
              ("epic", "trucode", "3m_coding_reference"), ("CPC", "CEDC", "COC"), "CPC-A"),
        Track("risk", "coder", "Risk adjustment coder (HCC)",
              ("risk_adjustment", "auditing"),
              (("CRC",),), ("CPC", "CCS"), ("icd10cm",),
              ("optum_encoderpro", "epic", "3m_coding_reference"), ("CRC", "CPC")),
        Track("radiology", "coder", "Radiology coder",
              ("radiology",), (("CPC", "COC"),), ("CIRCC",), ("icd10cm", "cpt", "modifiers"),
              ("eclinicalworks", "trucode", "3m_coding_reference"), ("CPC", "CIRCC", "COC"),
              "CPC-A"),
        Track("anesthesia", "coder", "Anesthesia and pain management coder",
              ("anesthesia",), (("CPC",),), ("CANPC",), ("icd10cm", "cpt", "modifiers"),
              ("athenahealth", "advancedmd"), ("CPC", "CANPC")),
        Track("surgery", "coder", "Surgical coder",
              ("surgery", "orthopedics", "ambulatory_surgery"),
              (("CPC", "CCS-P"),), ("CGSC",), US_SETS, ("epic", "3m_coding_reference"),
              ("CPC", "CGSC", "CCS-P")),
        Track("cardiology", "coder", "Cardiology coder",
              ("cardiology", "radiology"), (("CPC",),), ("CCC", "CIRCC"),
              ("icd10cm", "cpt", "modifiers"), ("epic", "oracle_health"), ("CPC", "CCC")),
        Track("oncology", "coder", "Oncology and hematology coder",
              ("oncology",), (("CPC", "CCS"),), (), ("icd10cm", "cpt", "hcpcs"),
              ("epic", "oracle_health"), ("CPC", "CCS")),
        Track("home_health", "coder", "Home health and hospice coder",
              ("home_health_hospice",), (("CPC", "CCS", "RHIT"),), ("COC",), ("icd10cm",),
              ("kareo", "optum_encoderpro"), ("CPC", "CCS", "RHIT")),
        Track("billing", "biller", "Medical biller",
              ("billing", "charge_entry", "payment_posting", "denials_appeals"),
              (), ("CPB", "CPC"), ("icd10cm", "cpt", "hcpcs"),
              ("kareo", "advancedmd", "availity", "waystar", "athenahealth"), ("CPB",)),
        Track("ar", "ar_follow_up", "AR follow-up executive",
              ("ar_follow_up", "denials_appeals", "billing"),
              (), ("CPB",), ("icd10cm", "cpt"), ("availity", "waystar", "kareo"), ("CPB",)),
        Track("audit", "auditor", "Coding quality auditor",
              ("auditing", "pro_fee_em", "inpatient_facility"),
              (("CPMA", "CCS", "CPC"),), ("CPMA", "CDIP"), US_SETS,
              ("epic", "3m_360_encompass", "optum_encoderpro"), ("CPC", "CPMA", "CCS")),
        Track("cdi", "cdi", "Clinical documentation specialist",
              ("cdi", "inpatient_facility"),
              (("CDIP", "CCS", "RHIA"),), ("CDIP",), ("icd10cm", "icd10pcs", "ms_drg"),
              ("epic", "3m_360_encompass", "cac"), ("CDIP", "CCS", "RHIA")),
        Track("gulf_clinical", "coder", "Clinical coder, ICD-10-AM and ACHI",
              ("inpatient_facility", "ambulatory_surgery", "outpatient_facility"),
              (("CCS", "CIC"),), ("CPC",), ("icd10am", "achi", "ar_drg"),
              ("oracle_health", "epic"), ("CCS", "CIC", "CPC")),
    )
}  # fmt: skip

# Which tracks people follow, per market ("US", "IN", "SA" and the other Gulf states).
TRACK_WEIGHTS: dict[str, dict[str, float]] = {
    "US": {"pro_fee": 24, "inpatient": 14, "outpatient": 11, "ed": 6, "risk": 12, "radiology": 5,
           "anesthesia": 3, "surgery": 4, "cardiology": 3, "oncology": 2, "home_health": 3,
           "billing": 7, "ar": 1, "audit": 4, "cdi": 2},
    "IN": {"pro_fee": 24, "radiology": 9, "ed": 8, "risk": 11, "outpatient": 7, "inpatient": 6,
           "anesthesia": 4, "surgery": 5, "cardiology": 3, "billing": 8, "ar": 13, "audit": 2},
    "SA": {"gulf_clinical": 60, "inpatient": 12, "outpatient": 8, "pro_fee": 8, "billing": 8,
           "audit": 2, "cdi": 2},
    "GULF": {"pro_fee": 22, "outpatient": 16, "inpatient": 18, "gulf_clinical": 12,
             "billing": 16, "audit": 6, "radiology": 5, "ed": 5},
}  # fmt: skip

LANGUAGES_BY_REGION = {
    "TN": "tamil", "KL": "malayalam", "KA": "kannada", "AP": "telugu", "TS": "telugu",
    "MH": "marathi", "WB": "bengali", "GJ": "gujarati", "PB": "punjabi", "CH": "punjabi",
}  # fmt: skip

# (currency, period, low, high) per country: what a mid-career coder asks or is paid.
PAY: dict[str, tuple[str, str, float, float]] = {
    "US": ("USD", "hour", 19, 42),
    "IN": ("INR", "month", 16000, 60000),
    "SA": ("SAR", "month", 5500, 16000),
    "AE": ("AED", "month", 6000, 18000),
    "QA": ("QAR", "month", 6000, 16000),
    "KW": ("KWD", "month", 450, 1300),
    "OM": ("OMR", "month", 450, 1200),
    "BH": ("BHD", "month", 450, 1200),
}

# Weekly patterns (days, start, end, hours wanted) in local time; day 0 is Monday.
WEEKDAYS = (0, 1, 2, 3, 4)
SUN_THU = (6, 0, 1, 2, 3)
AVAILABILITY: dict[str, list[tuple[float, str, tuple[int, ...], str, str, int, int]]] = {
    # weight, kind, days, start, end, hours_min, hours_max
    "US": [
        (40, "day", WEEKDAYS, "08:00", "16:30", 36, 40),
        (18, "school_hours", WEEKDAYS, "09:00", "14:30", 20, 27),
        (12, "mornings", WEEKDAYS, "07:00", "12:00", 20, 25),
        (10, "evenings", (0, 1, 2, 3), "18:00", "22:00", 12, 16),
        (10, "retiree", (0, 1, 2, 3), "09:00", "14:00", 15, 20),
        (10, "weekend", (5, 6), "08:00", "16:00", 12, 16),
    ],
    "IN": [
        (38, "us_night", WEEKDAYS, "19:30", "04:30", 40, 45),
        (12, "us_evening", WEEKDAYS, "18:30", "03:30", 40, 45),
        (30, "day", (0, 1, 2, 3, 4, 5), "09:30", "17:30", 40, 48),
        (20, "homemaker", WEEKDAYS, "10:00", "15:00", 20, 25),
    ],
    "GULF_SUN": [
        (75, "day", SUN_THU, "08:00", "16:00", 40, 40),
        (25, "evening", SUN_THU, "16:00", "20:00", 16, 20),
    ],
    "GULF_MON": [
        (75, "day", WEEKDAYS, "08:00", "17:00", 40, 45),
        (25, "evening", WEEKDAYS, "16:00", "20:00", 16, 20),
    ],
}

STAGE_WEIGHTS = {
    "applied": 44,
    "reviewing": 18,
    "shortlisted": 8,
    "interview": 6,
    "offer": 2,
    "hired": 3,
    "rejected": 17,
    "withdrawn": 2,
}
PIPELINE = ("applied", "reviewing", "shortlisted", "interview", "offer", "hired")


def stage_weights(**changes: float) -> dict[str, float]:
    return {**STAGE_WEIGHTS, **changes}
