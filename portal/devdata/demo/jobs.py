"""The demo employers' jobs, in the job services' step format (see `demo.employers`): every
demo seeker has at least two jobs that fit and a near miss with a clear reason
(tests/integration/test_demo_matching.py holds the demo to it). A data catalogue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

WEEKDAYS = [0, 1, 2, 3, 4]
SUN_TO_THU = [6, 0, 1, 2, 3]


def _job(**values: Any) -> dict[str, Any]:
    """One demo job in the services' step format, with sensible defaults."""
    base: dict[str, Any] = {
        "role_type": "coder",
        "employment_type": "full_time",
        "openings": 1,
        "required_credentials": [],
        "preferred_credentials": [],
        "specialties": [],
        "code_sets": [],
        "systems": [],
        "min_years": 0,
        "new_graduates_welcome": False,
        "training_provided": False,
        "work_mode": "remote",
        "offices": [],
        "applicant_countries": [],
        "applicant_regions": [],
        "timezone": "America/New_York",
        "schedule_flexible": False,
        "shift_patterns": [],
        "accepts_part_time": False,
        "hours_min": None,
        "hours_max": None,
        "pay_max": None,
        "charts_per_day": None,
        "qa_accuracy": None,
        "equipment": None,
        "onsite_training_weeks": None,
        "no_dependent_care": False,
        "questions": [],
        "apply_method": "portal",
        "apply_url": None,
        "expires_on": None,
        "after": None,  # "filled" to show a finished job
    }
    base.update(values)
    return base


JOBS: dict[str, list[dict[str, Any]]] = {
    "recruiter@mercyvalley.example": [
        _job(
            title="Remote CPC coder, professional fee E/M (day shift)",
            description=(
                "Code physician office and hospital visits (E/M) for our multi-specialty "
                "medical group.\n\n"
                "- Work from home anywhere in the United States\n"
                "- Monday to Friday, 8:00 am to 4:30 pm Eastern\n"
                "- A coding educator reviews your first 100 charts\n\n"
                "We send you a laptop, two monitors and a headset. Benefits from day one."
            ),
            required_credentials=[["CPC"]],
            preferred_credentials=["CEMC"],
            specialties=["pro_fee_em"],
            code_sets=["icd10cm", "cpt", "hcpcs", "modifiers"],
            systems=["epic", "3m_coding_reference"],
            min_years=2,
            applicant_countries=["US"],
            shift_patterns=[{"days": WEEKDAYS, "start": "08:00", "end": "16:30"}],
            pay_min=Decimal(28),
            pay_max=Decimal(34),
            pay_currency="USD",
            pay_period="hour",
            charts_per_day=150,
            qa_accuracy=95,
            equipment="provided",
            no_dependent_care=True,
            questions=[{"text": "Do you hold an active CPC credential?", "must_be_yes": True}],
            openings=3,
        ),
        _job(
            title="Inpatient DRG coder (hybrid, Columbus)",
            description=(
                "Assign ICD-10-CM/PCS codes and MS-DRGs for acute inpatient stays at our "
                "flagship hospital.\n\n"
                "Two weeks of training in Columbus, then three days a week at home. You work "
                "with our CDI specialists on queries."
            ),
            required_credentials=[["RHIT"], ["CCS", "CIC"]],
            preferred_credentials=["CDIP"],
            specialties=["inpatient_facility"],
            code_sets=["icd10cm", "icd10pcs", "ms_drg"],
            systems=["epic", "3m_360_encompass"],
            min_years=3,
            work_mode="hybrid",
            offices=[{"city": "Columbus", "region": "OH", "country": "US"}],
            shift_patterns=[{"days": WEEKDAYS, "start": "07:00", "end": "15:30"}],
            pay_min=Decimal(38),
            pay_max=Decimal(46),
            pay_currency="USD",
            pay_period="hour",
            charts_per_day=22,
            qa_accuracy=95,
            onsite_training_weeks=2,
            equipment="provided",
        ),
        _job(
            title="Remote outpatient coder, US day shift (from the US or India)",
            description=(
                "Code clinic visits and outpatient procedures for our Ohio clinics from home, "
                "in the United States or in India.\n\n"
                "- Monday to Friday, 8:00 am to 4:30 pm Central time (evening and night in "
                "India)\n"
                "- A coding educator reviews your first 100 charts\n\n"
                "We send you a laptop and connect you through our secure VPN."
            ),
            required_credentials=[["CPC", "COC"]],
            specialties=["outpatient_facility", "pro_fee_em", "radiology"],
            code_sets=["icd10cm", "cpt", "hcpcs", "modifiers"],
            systems=["eclinicalworks"],
            min_years=2,
            applicant_countries=["US", "IN"],
            timezone="America/Chicago",
            shift_patterns=[{"days": WEEKDAYS, "start": "08:00", "end": "16:30"}],
            pay_min=Decimal(24),
            pay_max=Decimal(30),
            pay_currency="USD",
            pay_period="hour",
            charts_per_day=120,
            qa_accuracy=95,
            equipment="provided",
            openings=2,
        ),
        _job(
            title="Inpatient coder, part-time mornings (remote)",
            description=(
                "Code acute inpatient stays (ICD-10-CM/PCS, MS-DRG) from home, any 20 to 30 "
                "hours of our 7:00 am to 3:30 pm Eastern weekday shift.\n\n"
                "Split shifts are fine: many of our coders work school hours."
            ),
            employment_type="part_time",
            required_credentials=[["CCS", "CIC", "RHIT"]],
            specialties=["inpatient_facility"],
            code_sets=["icd10cm", "icd10pcs", "ms_drg"],
            systems=["epic", "3m_360_encompass"],
            min_years=3,
            applicant_countries=["US"],
            shift_patterns=[{"days": WEEKDAYS, "start": "07:00", "end": "15:30"}],
            accepts_part_time=True,
            hours_min=20,
            hours_max=30,
            pay_min=Decimal(38),
            pay_max=Decimal(46),
            pay_currency="USD",
            pay_period="hour",
            qa_accuracy=95,
            equipment="provided",
        ),
        _job(
            title="DRG validation auditor, per diem (remote)",
            description=(
                "Validate MS-DRG assignment on a sample of inpatient claims before they are "
                "billed. Choose your own hours, 10 to 25 a week."
            ),
            role_type="auditor",
            employment_type="per_diem",
            required_credentials=[["CCS", "CDIP", "RHIA"]],
            specialties=["inpatient_facility", "auditing"],
            code_sets=["icd10cm", "icd10pcs", "ms_drg"],
            min_years=5,
            applicant_countries=["US"],
            schedule_flexible=True,
            hours_min=10,
            hours_max=25,
            pay_min=Decimal(42),
            pay_max=Decimal(50),
            pay_currency="USD",
            pay_period="hour",
            equipment="own",
        ),
        _job(
            title="Risk adjustment coder (CRC), part time, flexible hours",
            description=(
                "Review outpatient records of Medicare Advantage members and capture HCCs. "
                "Choose your own hours between 15 and 25 a week, any time of day.\n\n"
                "Ideal for experienced coders coming back from retirement or a career break."
            ),
            employment_type="part_time",
            required_credentials=[["CRC"]],
            preferred_credentials=["CPC"],
            specialties=["risk_adjustment"],
            code_sets=["icd10cm"],
            systems=["optum_encoderpro"],
            min_years=1,
            applicant_countries=["US"],
            schedule_flexible=True,
            hours_min=15,
            hours_max=25,
            pay_min=Decimal(30),
            pay_max=Decimal(36),
            pay_currency="USD",
            pay_period="hour",
            qa_accuracy=95,
            equipment="provided",
            no_dependent_care=True,
        ),
        _job(
            title="Outpatient coder, CPC-A welcome (preceptor provided)",
            description=(
                "Start your coding career with us. You code clinic visits and minor procedures "
                "with a dedicated preceptor who checks your work for the first six months.\n\n"
                "One week of onboarding in Columbus, then remote."
            ),
            required_credentials=[["CPC-A", "CPC", "COC"]],
            specialties=["outpatient_facility", "pro_fee_em"],
            code_sets=["icd10cm", "cpt"],
            new_graduates_welcome=True,
            training_provided=True,
            applicant_countries=["US"],
            applicant_regions=["US-OH", "US-IN", "US-KY", "US-MI", "US-PA"],
            offices=[{"city": "Columbus", "region": "OH", "country": "US"}],
            shift_patterns=[{"days": WEEKDAYS, "start": "09:00", "end": "17:30"}],
            pay_min=Decimal(20),
            pay_max=Decimal(23),
            pay_currency="USD",
            pay_period="hour",
            onsite_training_weeks=1,
            equipment="provided",
            openings=4,
        ),
        _job(
            title="Emergency department coder, paid per chart",
            description=(
                "Code ED facility and professional charts on your own schedule. Paid per "
                "completed chart; most of our contractors code 8 to 10 charts an hour."
            ),
            employment_type="contract",
            required_credentials=[["CPC", "COC", "CEDC"]],
            specialties=["emergency_department"],
            code_sets=["icd10cm", "cpt", "modifiers"],
            min_years=2,
            applicant_countries=["US"],
            schedule_flexible=True,
            hours_min=10,
            hours_max=30,
            pay_min=Decimal("3.50"),
            pay_max=Decimal("4.25"),
            pay_currency="USD",
            pay_period="chart",
            qa_accuracy=95,
            equipment="own",
        ),
        _job(
            title="Coding quality auditor (CPMA)",
            description=(
                "Audit a sample of professional fee charts each month and teach coders what "
                "you find. This role has been filled; thank you to everyone who applied."
            ),
            role_type="auditor",
            required_credentials=[["CPMA"]],
            specialties=["auditing", "pro_fee_em"],
            code_sets=["icd10cm", "cpt"],
            min_years=5,
            applicant_countries=["US"],
            shift_patterns=[{"days": WEEKDAYS, "start": "08:00", "end": "16:30"}],
            pay_min=Decimal(80000),
            pay_max=Decimal(92000),
            pay_currency="USD",
            pay_period="year",
            after="filled",
        ),
    ],
    "hr@clearclaim-bpo.example": [
        _job(
            title="Medical coder for US clients, night shift (hybrid, Chennai)",
            description=(
                "Code physician charts for our US clients during their working day. "
                "Three nights a week at our Guindy office, two nights from home.\n\n"
                "Cab drop after the shift for women employees. No fees of any kind are "
                "collected from candidates."
            ),
            required_credentials=[["CPC"]],
            specialties=["pro_fee_em"],
            code_sets=["icd10cm", "cpt", "modifiers"],
            systems=["eclinicalworks"],
            min_years=1,
            work_mode="hybrid",
            offices=[{"city": "Chennai", "region": "TN", "country": "IN"}],
            timezone="Asia/Kolkata",
            shift_patterns=[{"days": WEEKDAYS, "start": "19:30", "end": "04:30"}],
            pay_min=Decimal(25000),
            pay_max=Decimal(40000),
            pay_currency="INR",
            pay_period="month",
            charts_per_day=60,
            qa_accuracy=95,
            equipment="provided",
            openings=10,
        ),
        _job(
            title="Work-from-home E/M coder for US clinics (US day shift, India)",
            description=(
                "Code physician office visits for our New York clients during their working "
                "day, from home anywhere in India: 9:00 am to 5:30 pm Eastern, which is the "
                "evening and night in India.\n\n"
                "Night allowance, a company laptop and a secure VPN. No fees of any kind are "
                "collected from candidates."
            ),
            required_credentials=[["CPC"]],
            specialties=["pro_fee_em"],
            code_sets=["icd10cm", "cpt", "modifiers"],
            systems=["eclinicalworks"],
            min_years=2,
            applicant_countries=["IN"],
            timezone="America/New_York",
            shift_patterns=[{"days": WEEKDAYS, "start": "09:00", "end": "17:30"}],
            pay_min=Decimal(35000),
            pay_max=Decimal(48000),
            pay_currency="INR",
            pay_period="month",
            charts_per_day=70,
            qa_accuracy=95,
            equipment="provided",
            openings=5,
        ),
        _job(
            title="AR follow-up executive (US healthcare), freshers welcome",
            description=(
                "Call US insurance companies about unpaid claims, fix denials and file "
                "appeals. Four weeks of paid classroom training before you go live.\n\n"
                "Good spoken English needed; no coding certificate required."
            ),
            role_type="ar_follow_up",
            specialties=["ar_follow_up", "denials_appeals", "billing"],
            systems=["availity", "waystar"],
            new_graduates_welcome=True,
            training_provided=True,
            work_mode="onsite",
            offices=[{"city": "Chennai", "region": "TN", "country": "IN"}],
            timezone="Asia/Kolkata",
            shift_patterns=[{"days": WEEKDAYS, "start": "18:30", "end": "03:30"}],
            pay_min=Decimal(18000),
            pay_max=Decimal(24000),
            pay_currency="INR",
            pay_period="month",
            apply_method="external",
            apply_url="https://careers.clearclaim-bpo.example/ar-follow-up",
            openings=15,
        ),
        _job(
            title="Work-from-home radiology coder (south India, day shift)",
            description=(
                "Code outpatient radiology and interventional radiology charts from home. "
                "Day shift India time; a company laptop and secure VPN are provided."
            ),
            required_credentials=[["CPC", "COC"]],
            preferred_credentials=["CIRCC"],
            specialties=["radiology"],
            code_sets=["icd10cm", "cpt", "modifiers"],
            min_years=2,
            applicant_countries=["IN"],
            applicant_regions=["IN-TN", "IN-KL", "IN-KA", "IN-AP", "IN-TS"],
            timezone="Asia/Kolkata",
            shift_patterns=[{"days": WEEKDAYS, "start": "09:30", "end": "18:30"}],
            pay_min=Decimal(300000),
            pay_max=Decimal(420000),
            pay_currency="INR",
            pay_period="year",
            charts_per_day=180,
            qa_accuracy=96,
            equipment="provided",
            no_dependent_care=True,
        ),
    ],
    "talent@riyadhcare.example": [
        _job(
            title="Clinical coder, ICD-10-AM and ACHI (Riyadh)",
            description=(
                "Code inpatient and day-surgery episodes under the Australian Coding "
                "Standards and prepare claims for NPHIES. Sunday to Thursday at our main "
                "hospital.\n\nHousing allowance and annual flight ticket for expatriate staff."
            ),
            required_credentials=[["CCS", "CIC"]],
            specialties=["inpatient_facility", "ambulatory_surgery"],
            code_sets=["icd10am", "achi", "ar_drg"],
            systems=["oracle_health"],
            min_years=3,
            work_mode="onsite",
            offices=[{"city": "Riyadh", "region": None, "country": "SA"}],
            timezone="Asia/Riyadh",
            shift_patterns=[{"days": SUN_TO_THU, "start": "08:00", "end": "16:00"}],
            pay_min=Decimal(9000),
            pay_max=Decimal(12000),
            pay_currency="SAR",
            pay_period="month",
            openings=2,
        ),
        _job(
            title="Day-surgery coding auditor (hybrid, Riyadh)",
            description=(
                "Audit day-surgery episodes coded in ICD-10-AM and ACHI and teach the team "
                "what you find. Three days at our Olaya centre, two from home."
            ),
            role_type="auditor",
            required_credentials=[["CCS", "CIC"]],
            specialties=["ambulatory_surgery", "auditing"],
            code_sets=["icd10am", "achi"],
            min_years=4,
            work_mode="hybrid",
            offices=[{"city": "Riyadh", "region": None, "country": "SA"}],
            timezone="Asia/Riyadh",
            shift_patterns=[{"days": SUN_TO_THU, "start": "08:00", "end": "16:00"}],
            pay_min=Decimal(11000),
            pay_max=Decimal(14000),
            pay_currency="SAR",
            pay_period="month",
        ),
        _job(
            title="Inpatient clinical coder (Jeddah)",
            description=(
                "Code inpatient episodes at our new Jeddah hospital under the Australian Coding "
                "Standards. Relocation support for coders moving from other cities."
            ),
            required_credentials=[["CCS", "CIC"]],
            specialties=["inpatient_facility"],
            code_sets=["icd10am", "achi", "ar_drg"],
            min_years=3,
            work_mode="onsite",
            offices=[{"city": "Jeddah", "region": None, "country": "SA"}],
            timezone="Asia/Riyadh",
            shift_patterns=[{"days": SUN_TO_THU, "start": "08:00", "end": "16:00"}],
            pay_min=Decimal(9000),
            pay_max=Decimal(12000),
            pay_currency="SAR",
            pay_period="month",
        ),
    ],
    "hiring@desertrose.example": [
        _job(
            title="Outpatient coder, ICD-10-CM (Dubai)",
            description=(
                "Code outpatient visits for our Dubai clinics and prepare insurance claims. "
                "Saturday to Thursday mornings."
            ),
            required_credentials=[["CPC", "CCS"]],
            specialties=["outpatient_facility"],
            code_sets=["icd10cm", "cpt"],
            min_years=2,
            work_mode="onsite",
            offices=[{"city": "Dubai", "region": None, "country": "AE"}],
            timezone="Asia/Dubai",
            shift_patterns=[{"days": [5, 6, 0, 1, 2, 3], "start": "08:00", "end": "14:00"}],
            pay_min=Decimal(9000),
            pay_max=Decimal(12000),
            pay_currency="AED",
            pay_period="month",
        ),
    ],
}
