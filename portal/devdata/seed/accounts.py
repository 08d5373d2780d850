"""The first phase: an administrator, training schools (each with its placement officer) and
employer organizations with their owners and recruiters, in the US, India and the Gulf."""

from __future__ import annotations

from datetime import timedelta

from portal import taxonomy
from portal.devdata.seed.draw import ascii_slug
from portal.devdata.seed.state import OrgInfo, SeedState
from portal.models import Organization, OrganizationMember, School, User


def admin_and_schools(state: SeedState) -> None:
    rng = state.rng
    state.admin_id = state.take(User)
    users = [
        state.user(
            state.admin_id,
            "Seed Administrator",
            f"admin.{state.admin_id}@codermatch.example",
            "admin",
            state.past(400, 300),
        )
    ]
    state.report.accounts["admin"] = users[0]["email"]
    schools = []
    names = ("Coding Academy", "Institute of Medical Coding", "School of Health Information",
             "Medical Coding Training Centre", "Career College of Medical Billing")  # fmt: skip
    for n in range(state.sizes.school_count()):
        country = rng.choices(("US", "IN", "SA", "AE"), (55, 35, 5, 5))[0]
        city = state.city_pick[country].pick(rng)
        locale = {"US": "en_US", "IN": "en_IN"}.get(country, "en_IN")
        first, last = state.names.person(rng, locale)
        owner_id = state.take(User)
        school_id = state.take(School)
        name = f"{city.name} {names[n % len(names)]}"
        created = state.past(700, 200)
        slug = ascii_slug(name, "-")
        users.append(
            state.user(
                owner_id,
                f"{first} {last}",
                f"placement.{owner_id}@{slug}.example",
                "school",
                created,
            )  # fmt: skip
        )
        schools.append(
            {
                "id": school_id,
                "owner_id": owner_id,
                "name": name,
                "website": f"https://{slug}.example",
                "country": country,
                "city": city.name,
                "about": "CPC, CCS and CRC exam courses, online and in the evenings, "
                "for career changers and people returning to work.",
                "created_at": created,
                "updated_at": created,
                "verified_at": created + timedelta(days=3),
                "verified_by_id": state.admin_id,
                "verification_declined_at": None,
                "verification_note": None,
            }
        )
        state.schools.setdefault(country, []).append(school_id)
        state.school_owner[school_id] = owner_id
        state.report.accounts.setdefault("school", users[-1]["email"])
    state.insert(User, users)
    state.insert(School, schools)
    state.progress("accounts", len(users))


def organizations(state: SeedState) -> None:
    rng = state.rng
    users, orgs, members = [], [], []
    us_suffix = {
        "hospital": ("Health System", "Medical Center", "Regional Hospital"),
        "clinic": ("Family Clinics", "Community Health Centers", "Urgent Care"),
        "physician_practice": ("Physicians Group", "Medical Associates", "Specialty Partners"),
        "insurer": ("Health Plan", "Medicare Advantage Plan"),
        "staffing_agency": ("Coding Staffing", "HIM Staffing Partners"),
    }
    in_suffix = (
        "Healthcare Solutions Pvt Ltd", "Medical Billing Services", "RCM Services",
        "Health Information Services", "Medical Coding Pvt Ltd",
    )  # fmt: skip
    gulf_names = (
        "Al Noor", "Al Salam", "Al Zahra", "Al Hayat", "Al Shifa", "Al Rahma", "Al Amal",
        "Dar Al Shifa", "Al Hammadi", "Al Kindi", "Al Mana", "Al Ahli", "Al Razi",
    )  # fmt: skip
    gulf_suffix = ("Hospital", "Medical Group", "Specialist Hospital", "Polyclinic",
                   "Medical Center")  # fmt: skip
    sizes = list(taxonomy.ORGANIZATION_SIZES)
    for _ in range(state.sizes.orgs):
        country = rng.choices(
            ("US", "IN", "SA", "AE", "QA", "KW", "OM", "BH"), (50, 30, 9, 6, 2, 1, 1, 1)
        )[0]
        city = state.city_pick[country].pick(rng)
        if country == "US":
            kind = rng.choices(list(us_suffix), (30, 20, 25, 10, 15))[0]
            base = rng.choice((city.name, state.names.person(rng, "en_US")[1]))
            name = f"{base} {rng.choice(us_suffix[kind])}"
            locale = "en_US"
        elif country == "IN":
            kind = rng.choices(("bpo", "hospital", "staffing_agency"), (80, 12, 8))[0]
            base = rng.choice((city.name, state.names.person(rng, "en_IN")[1], "Sri Sai",
                               "Medisys", "Careline", "Omega"))  # fmt: skip
            name = f"{base} {rng.choice(in_suffix)}"
            locale = "en_IN"
        else:
            kind = rng.choices(("hospital", "clinic", "insurer"), (60, 30, 10))[0]
            name = f"{rng.choice(gulf_names)} {rng.choice(gulf_suffix)}, {city.name}"
            locale = rng.choice(("ar_SA", "en_IN"))
        org_id = state.take(Organization)
        created = state.past(900, 60)
        slug = f"{ascii_slug(name, '-')[:60]}-{org_id}"
        verified = rng.random() < 0.72
        member_ids = []
        for position in range(rng.choices((1, 2, 3), (55, 30, 15))[0]):
            first, last = state.names.person(rng, locale)
            user_id = state.take(User)
            handle = ascii_slug(f"{first}.{last}") or "recruiter"
            users.append(
                state.user(user_id, f"{first} {last}",
                           f"{handle}.{user_id}@{slug[:40]}.example", "employer", created)
            )  # fmt: skip
            members.append(
                {
                    "id": state.take(OrganizationMember),
                    "organization_id": org_id,
                    "user_id": user_id,
                    "role": "owner" if position == 0 else "recruiter",
                    "created_at": created,
                }
            )
            member_ids.append(user_id)
        orgs.append(
            {
                "id": org_id,
                "name": name,
                "slug": slug,
                "kind": kind,
                "website": f"https://{slug}.example",
                "country": country,
                "size": rng.choice(sizes),
                "about": f"{name} employs medical coders and billers in "
                f"{taxonomy.label(taxonomy.COUNTRIES, country)}.\n\n"
                "We never charge candidates any fee.",
                "verified_at": created + timedelta(days=2) if verified else None,
                "verified_by_id": state.admin_id if verified else None,
                "created_at": created,
                "verification_declined_at": None,
                "verification_note": None,
                "established_at": created + timedelta(days=45) if verified else None,
                "updated_at": created,
            }
        )
        state.orgs.append(OrgInfo(org_id, country, city, kind, name, member_ids, verified))
    state.insert(User, users)
    state.insert(Organization, orgs)
    state.insert(OrganizationMember, members)
    state.progress("organizations", len(orgs))


# profiles ------------------------------------------------------------------------------------
