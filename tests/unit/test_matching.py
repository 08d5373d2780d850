"""Hard requirements, score and explanation of portal.matching.match()."""

from dataclasses import replace
from datetime import date

import pytest

from portal.matching import (
    CODE_SET_FAMILY,
    INELIGIBLE_CAP,
    WEIGHTS,
    CandidateFacts,
    HeldCredential,
    Pay,
    TimeRange,
    haversine_km,
    match,
)
from tests.fixtures.matching_facts import (
    AUSTIN,
    TODAY,
    creds,
    item,
    make_candidate,
    make_job,
    north_of_austin,
    weekdays,
)

# --- required credential groups -------------------------------------------------------------

RHIT_AND_CCS_OR_CIC = make_job(required_credential_groups=[["RHIT"], ["CCS", "CIC"]])


@pytest.mark.parametrize(
    ("held", "eligible"),
    [
        (("RHIT", "CIC"), True),
        (("RHIT", "CCS"), True),
        (("RHIT", "CCS", "CIC"), True),
        (("RHIT",), False),
        (("CCS", "CIC"), False),
        (("RHIA", "CCS-P"), False),
        ((), False),
    ],
)
def test_required_groups_mean_rhit_and_one_of_ccs_or_cic(held, eligible):
    result = match(RHIT_AND_CCS_OR_CIC, make_candidate(credentials=creds(*held)), TODAY)
    assert result.eligible is eligible


def test_required_groups_explain_what_is_held_and_what_is_missing():
    result = match(RHIT_AND_CCS_OR_CIC, make_candidate(credentials=creds("RHIT")), TODAY)
    rhit = item(result, "credential:RHIT")
    either = item(result, "credential:CCS|CIC")
    assert (rhit.status, rhit.required, rhit.detail) == ("met", True, "Has RHIT (required) ✓")
    assert (either.status, either.label) == ("missing", "CCS or CIC")
    assert either.detail == "Missing one of CCS or CIC (required)"
    assert result.missing == [either]
    assert result.blocking == [either]


def test_credential_codes_are_exact_cpc_a_does_not_satisfy_cpc():
    job = make_job(required_credential_groups=[["CPC"]])
    apprentice = match(job, make_candidate(credentials=creds("CPC-A")), TODAY)
    assert not apprentice.eligible
    assert item(apprentice, "credential:CPC").detail == (
        "Missing CPC (required); CPC-A (apprentice) does not count as CPC"
    )
    assert match(job, make_candidate(credentials=creds("CPC")), TODAY).eligible
    # ... and the other way round: CPC-A required is not met by CPC.
    job_a = make_job(required_credential_groups=[["CPC-A"]])
    assert not match(job_a, make_candidate(credentials=creds("CPC")), TODAY).eligible


def test_expired_credential_does_not_count():
    job = make_job(required_credential_groups=[["CPC"]])
    lapsed = [HeldCredential("CPC", date(2026, 1, 3), True)]
    result = match(job, make_candidate(credentials=lapsed), TODAY)
    assert not result.eligible
    assert "CPC expired on 3 Jan 2026" in item(result, "credential:CPC").detail


def test_credential_is_valid_through_its_expiry_date():
    job = make_job(required_credential_groups=[["CPC"]])
    on_the_day = [HeldCredential("CPC", TODAY, False)]
    assert match(job, make_candidate(credentials=on_the_day), TODAY).eligible
    assert not match(job, make_candidate(credentials=on_the_day), date(2026, 3, 3)).eligible


def test_a_renewed_record_wins_over_an_expired_one():
    job = make_job(required_credential_groups=[["CCS"]])
    held = [HeldCredential("CCS", date(2025, 6, 1), True), HeldCredential("ccs", date(2027, 6, 1))]
    assert match(job, make_candidate(credentials=held), TODAY).eligible


# --- work mode and location -----------------------------------------------------------------


def test_remote_job_with_applicant_countries():
    job = make_job(applicant_countries=frozenset({"US"}))
    assert match(job, make_candidate(country="US"), TODAY).eligible
    abroad = match(job, make_candidate(country="IN", region=None), TODAY)
    assert not abroad.eligible
    assert item(abroad, "work_mode").detail == "Lives in India; the job hires from United States"
    assert not match(job, make_candidate(country=None), TODAY).eligible


def test_remote_job_with_applicant_regions_limits_only_that_country():
    job = make_job(
        applicant_countries=frozenset({"US", "IN"}), applicant_regions=frozenset({"US-TX"})
    )
    assert match(job, make_candidate(country="US", region="US-TX"), TODAY).eligible
    assert match(job, make_candidate(country="US", region="tx"), TODAY).eligible
    assert not match(job, make_candidate(country="US", region="US-CA"), TODAY).eligible
    assert not match(job, make_candidate(country="US", region=None), TODAY).eligible
    assert match(job, make_candidate(country="IN", region="IN-KA"), TODAY).eligible


def test_places_in_match_reasons_are_named_not_coded():
    """QA: reasons said "Lives in IN-KL; the job hires from IN-TN" to employers and seekers."""
    job = make_job(applicant_countries=frozenset({"IN"}), applicant_regions=frozenset({"IN-TN"}))
    outside = item(match(job, make_candidate(country="IN", region="IN-KL"), TODAY), "work_mode")
    assert outside.detail == "Lives in Kerala; the job hires from Tamil Nadu"
    inside = item(match(job, make_candidate(country="IN", region="IN-TN"), TODAY), "work_mode")
    assert inside.detail == "Works from home in Tamil Nadu, where the job hires"


def test_remote_job_without_applicant_places_hires_from_anywhere():
    assert match(make_job(), make_candidate(country="PH", region=None), TODAY).eligible


def test_remote_job_needs_a_candidate_who_accepts_remote_work():
    onsite_only = make_candidate(work_modes=frozenset({"onsite"}))
    result = match(make_job(), onsite_only, TODAY)
    assert not result.eligible
    assert item(result, "work_mode").status == "missing"


def test_haversine_distance():
    assert haversine_km(AUSTIN, north_of_austin(14)) == pytest.approx(14, abs=0.01)
    # Austin to Houston is about 235 km in a straight line.
    assert haversine_km(AUSTIN, (29.7604, -95.3698)) == pytest.approx(235, abs=5)


def test_onsite_job_within_travel_distance():
    job = make_job(work_mode="onsite", office_locations=[(0.0, 0.0), AUSTIN])
    near = make_candidate(
        work_modes=frozenset({"onsite"}), location=north_of_austin(14), travel_km=30
    )
    result = match(job, near, TODAY)
    assert result.eligible
    assert item(result, "work_mode").detail == "Lives 14 km from the office (travels up to 30 km)"


def test_onsite_job_beyond_travel_distance_unless_willing_to_relocate():
    job = make_job(work_mode="onsite", office_locations=[AUSTIN])
    far = make_candidate(
        work_modes=frozenset({"onsite"}), location=north_of_austin(56), travel_km=30
    )
    result = match(job, far, TODAY)
    assert not result.eligible
    assert item(result, "work_mode").detail == "Lives 56 km from the office (travels up to 30 km)"
    assert match(job, replace(far, willing_to_relocate=True), TODAY).eligible


def test_hybrid_job_needs_hybrid_accepted():
    job = make_job(work_mode="hybrid", office_locations=[AUSTIN])
    near = make_candidate(location=north_of_austin(5), travel_km=30)
    assert not match(job, replace(near, work_modes=frozenset({"remote"})), TODAY).eligible
    assert match(job, replace(near, work_modes=frozenset({"remote", "hybrid"})), TODAY).eligible


# --- hours ----------------------------------------------------------------------------------


def test_india_night_coder_meets_new_york_day_shift_after_time_zone_conversion():
    job = make_job(shift_windows=weekdays("09:00", "18:00"), hours_min=40, accepts_part_time=True)
    india = make_candidate(timezone="Asia/Kolkata", availability=weekdays("18:30", "03:30"))
    # Winter (EST): 40 h of overlap, exactly enough; summer (EDT): all 45.
    assert match(job, india, TODAY).eligible
    # Needing the whole 45 h window fails in EST but passes on EDT: the verdict does not flip
    # with the date, it says which season fits.
    whole_window = replace(job, hours_min=None, accepts_part_time=False)
    for day in (TODAY, date(2026, 3, 4), date(2026, 7, 1)):
        result = match(whole_window, india, day)
        assert not result.eligible
        assert item(result, "hours").detail == (
            "Fits only while New York clocks are on daylight-saving time: available 45 of the "
            "45 shift hours then, 40 otherwise (needs 45)"
        )


def test_hours_in_shift_are_capped_by_the_hours_the_candidate_wants():
    # 40 h, open to part-time, no minimum
    job = make_job(shift_windows=weekdays("09:00", "17:00"), accepts_part_time=True)
    afternoons = make_candidate(
        availability=weekdays("14:00", "20:00", days=range(4)), hours_max=20
    )
    result = match(job, afternoons, TODAY)
    hours = item(result, "hours")
    # No minimum: the job takes as many shift hours as the candidate wants to work.
    assert hours.detail == "Available 12 of the 40 shift hours each week (wants to work 20)"
    assert hours.status == "partial"
    assert not result.eligible
    # 3 h x 4 days + 8 h on Friday = 20 h in the shift: enough for a 20-hour-a-week candidate.
    plus_friday = [*afternoons.availability, TimeRange.parse("09:00", "17:00", 4)]
    assert match(job, replace(afternoons, availability=plus_friday), TODAY).eligible


def test_candidate_wanting_fewer_hours_than_the_job_minimum_is_not_eligible():
    job = make_job(shift_windows=weekdays("09:00", "17:00"), hours_min=40)
    full_overlap = make_candidate(availability=weekdays("09:00", "17:00"))
    assert match(job, full_overlap, TODAY).eligible
    part_timer = match(job, replace(full_overlap, hours_max=20), TODAY)
    assert not part_timer.eligible
    # Free for the whole shift, but wants to work fewer hours than the full-time shifts.
    assert item(part_timer, "hours").detail == (
        "Wants at most 20 hours a week; the shifts are 40 hours and the job does not take "
        "part-time or split shifts"
    )
    open_to_part_time = match(replace(job, accepts_part_time=True), part_timer_facts(), TODAY)
    assert item(open_to_part_time, "hours").detail == (
        "Wants at most 20 hours a week; the job needs 40"
    )


def part_timer_facts() -> CandidateFacts:
    return make_candidate(availability=weekdays("09:00", "17:00"), hours_max=20)


def test_hours_outside_the_shift_read_in_plain_words():
    """QA: "0 of the 30 hours offered fall in the job's shift; the job needs 30" was hard to
    follow. Both readers now see how many of the shift's hours the candidate can work."""
    job = make_job(shift_windows=weekdays("09:00", "15:00"), hours_min=30)
    evenings = match(job, make_candidate(availability=weekdays("17:00", "23:00")), TODAY)
    hours = item(evenings, "hours")
    assert hours.detail == "Available 0 of the 30 shift hours each week (needs 30)"
    assert hours.status == "missing" and not evenings.eligible
    nothing = match(job, make_candidate(availability=[]), TODAY)
    assert item(nothing, "hours").detail == (
        "No weekly hours given; the job's shift is 30 hours a week"
    )
    enough = match(job, make_candidate(availability=weekdays("08:00", "16:00")), TODAY)
    assert item(enough, "hours").detail == "Available 30 of the 30 shift hours each week (needs 30)"
    assert item(enough, "hours").status == "met"


def test_flexible_job_compares_weekly_hours_available():
    job = make_job(hours_min=20)
    assert match(job, make_candidate(availability=weekdays("09:00", "13:00")), TODAY).eligible
    short = match(job, make_candidate(availability=weekdays("09:00", "12:00")), TODAY)
    assert not short.eligible
    assert item(short, "hours").detail == "Can work 15 hours a week; the job needs 20"


# --- pay ------------------------------------------------------------------------------------


def pay_detail(job_pay: Pay, ask: Pay) -> str:
    result = match(make_job(pay=job_pay), make_candidate(pay=ask), TODAY)
    return item(result, "pay").detail


def test_pay_compares_across_periods_per_hour():
    hourly = Pay(20, 25, "USD", "hour")
    # 57,200 a year / 2080 h = 27.50 an hour: 10% above 25.
    assert pay_detail(hourly, Pay(57200, None, "USD", "year")).startswith(
        "Asks 10% above the pay range"
    )
    # 176 a day / 8 h = 22 an hour.
    assert pay_detail(hourly, Pay(176, 200, "USD", "day")).startswith("Within the pay range")
    # 3,000 a month / 173.33 h = 17.31 an hour.
    assert pay_detail(hourly, Pay(3000, None, "USD", "month")).startswith(
        "Asks below the pay range"
    )
    # 4,160 a month is 49,920 a year = 24.00 an hour (a month is 2080/12 h, not 160 h).
    assert pay_detail(hourly, Pay(4160, None, "USD", "month")).startswith("Within the pay range")
    assert (
        pay_detail(hourly, Pay(900, None, "usd", "week"))
        == "Within the pay range (compared per hour)"
    )


def test_pay_in_different_currencies_or_per_chart_is_not_compared():
    usd = Pay(20, 25, "USD", "hour")
    inr = match(make_job(pay=usd), make_candidate(pay=Pay(300000, None, "INR", "year")), TODAY)
    assert item(inr, "pay").status == "info"
    assert "not compared" in item(inr, "pay").detail
    chart = match(make_job(pay=usd), make_candidate(pay=Pay(3, None, "USD", "chart")), TODAY)
    assert item(chart, "pay").status == "info"
    per_chart = Pay(2, 3, "USD", "chart")
    assert pay_detail(per_chart, Pay(3.3, None, "USD", "chart")) == "Asks 10% above the pay range"


def test_asking_above_the_range_lowers_the_score():
    job = make_job(pay=Pay(20, 25, "USD", "hour"))
    within = match(job, make_candidate(pay=Pay(24, None, "USD", "hour")), TODAY)
    above = match(job, make_candidate(pay=Pay(30, None, "USD", "hour")), TODAY)
    assert item(above, "pay").status == "partial"
    assert within.score > above.score


def test_unknown_pay_period_is_rejected():
    with pytest.raises(ValueError, match="pay period"):
        Pay(10, 20, "USD", "fortnight")


# --- code sets ------------------------------------------------------------------------------


def test_code_set_family_warning_for_icd10cm_experience_on_an_icd10am_role():
    job = make_job(code_sets=frozenset({"icd10am"}))
    result = match(job, make_candidate(code_sets=frozenset({"icd10cm"})), TODAY)
    warning = item(result, "code_set_family:AU")
    assert warning.status == "warning"
    assert warning.detail == (
        "Experience is in ICD-10-CM (US); this role codes in ICD-10-AM "
        "(Australian, used in Saudi Arabia)"
    )
    assert result.warnings == [warning]
    assert result.eligible  # a warning, not a blocker


def test_no_family_warning_when_the_candidate_knows_the_roles_family():
    job = make_job(code_sets=frozenset({"icd10am", "achi"}))
    both = make_candidate(code_sets=frozenset({"icd10cm", "icd10am"}))
    result = match(job, both, TODAY)
    assert result.warnings == []
    assert item(result, "code_sets").detail == "1 of 2 code sets"


def test_family_map_covers_the_domain_code_sets():
    assert {CODE_SET_FAMILY[s] for s in ("icd10cm", "cpt", "ms_drg")} == {"US"}
    assert {CODE_SET_FAMILY[s] for s in ("icd10am", "achi", "ar_drg")} == {"AU"}
    assert CODE_SET_FAMILY["icd11"] == "WHO"


# --- soft signals and the score -------------------------------------------------------------


def test_specialty_coverage_is_explained():
    job = make_job(specialties=frozenset({"inpatient", "cardiology", "oncology", "radiology"}))
    cand = make_candidate(specialties=frozenset({"inpatient", "cardiology", "oncology", "ed"}))
    detail = item(match(job, cand, TODAY), "specialties")
    assert (detail.status, detail.detail) == ("partial", "3 of 4 specialties")


def test_new_graduates_count_only_where_welcome():
    job = make_job(min_years=2, new_graduates_welcome=True)
    grad = make_candidate(years_experience=0, new_graduate=True)
    welcome = match(job, grad, TODAY)
    shut_out = match(replace(job, new_graduates_welcome=False), grad, TODAY)
    assert item(welcome, "years").status == "met"
    assert item(shut_out, "years").status == "missing"
    assert welcome.score > shut_out.score
    assert welcome.eligible and shut_out.eligible  # years rank, they do not filter


def test_employment_type_wanted():
    job = make_job(employment_type="FULL_TIME", shift_windows=weekdays("09:00", "17:00"))
    yes = match(job, make_candidate(employment_types=frozenset({"full_time"})), TODAY)
    no = match(job, make_candidate(employment_types=frozenset({"part_time"})), TODAY)
    assert item(yes, "employment_type").status == "met"
    assert item(no, "employment_type").detail == (
        "Wants part-time work; this job is full-time and does not take part-time hours"
    )
    assert yes.score > no.score


def test_weights_add_up_to_100():
    assert sum(WEIGHTS.values()) == 100


FULL_JOB = make_job(
    required_credential_groups=[["RHIT"], ["CCS", "CIC"]],
    preferred_credentials=frozenset({"CDIP"}),
    specialties=frozenset({"inpatient", "cardiology"}),
    code_sets=frozenset({"icd10cm", "icd10pcs", "ms_drg"}),
    systems=frozenset({"epic", "3m_360_encompass"}),
    min_years=3,
    applicant_countries=frozenset({"US"}),
    shift_windows=weekdays("09:00", "17:00"),
    hours_min=40,
    employment_type="full_time",
    pay=Pay(28, 34, "USD", "hour"),
)
STRONG = make_candidate(
    credentials=creds("RHIT", "CCS", "CDIP"),
    specialties=frozenset({"inpatient", "cardiology"}),
    code_sets=frozenset({"icd10cm", "icd10pcs", "ms_drg"}),
    systems=frozenset({"epic", "3m_360_encompass"}),
    years_experience=6,
    employment_types=frozenset({"full_time"}),
    pay=Pay(62400, None, "USD", "year"),  # 30 an hour
)


def test_a_candidate_meeting_everything_scores_100():
    result = match(FULL_JOB, STRONG, TODAY)
    assert result.eligible
    assert result.score == 100
    assert {i.status for i in result.items} == {"met"}


def test_a_better_candidate_scores_higher():
    weaker = replace(
        STRONG,
        credentials=creds("RHIT", "CIC", verified=False),
        specialties=frozenset({"inpatient"}),
        systems=frozenset({"epic"}),
        years_experience=2,
    )
    strong, weak = match(FULL_JOB, STRONG, TODAY), match(FULL_JOB, weaker, TODAY)
    assert strong.eligible and weak.eligible
    assert strong.score > weak.score


def test_ineligible_results_are_capped_and_rank_below_eligible_ones():
    uncredentialed = replace(STRONG, credentials=creds("RHIT"))
    barely = replace(
        STRONG,
        credentials=creds("RHIT", "CIC", verified=False),
        specialties=frozenset(),
        code_sets=frozenset(),
        systems=frozenset(),
        years_experience=0,
        employment_types=frozenset({"contract"}),
        pay=Pay(60, None, "USD", "hour"),
    )
    blocked = match(FULL_JOB, uncredentialed, TODAY)
    eligible = match(FULL_JOB, barely, TODAY)
    assert not blocked.eligible
    assert blocked.score <= INELIGIBLE_CAP  # would be far higher without the scaling
    assert eligible.eligible
    assert eligible.score > blocked.score


def test_match_is_deterministic():
    assert match(FULL_JOB, STRONG, TODAY) == match(FULL_JOB, STRONG, TODAY)
