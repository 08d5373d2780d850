"""Candidate search cards read their profiles with one Core statement
(`models.profile_view.listed_views_for`), not through the ORM: what they show an employer must
be exactly what `profile_view_for`'s rules show, for every case of the rule table."""

from __future__ import annotations

from portal.extensions import db
from portal.models import Profile, ProfileReveal, RevealReason, Visibility, utcnow
from portal.models.profile_view import candidate_label, listed_views_for, profile_view_for
from tests.fixtures.factories import (
    EmployerFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
    UserFactory,
    admin,
)


def _reveal(profile: Profile, organization_id: int) -> None:
    db.session.add(
        ProfileReveal(
            profile_id=profile.id, organization_id=organization_id, reason=RevealReason.APPLIED
        )
    )


def test_listed_views_follow_the_profile_view_rules(app):
    mercy = SearchOrganizationFactory(name="Mercy Valley Hospital")
    clear = SearchOrganizationFactory(name="ClearClaim BPO")
    recruiter = EmployerFactory(owns=mercy)
    other_recruiter = EmployerFactory(owns=clear)
    people = {
        "named": SearchProfileFactory(name="Nora Named", anonymous=False),
        "anonymous": SearchProfileFactory(name="Anna Anon"),
        "revealed": SearchProfileFactory(name="Rita Revealed"),
        "revealed elsewhere": SearchProfileFactory(name="Elsa Elsewhere"),
        "hidden": SearchProfileFactory(
            name="Hugo Hidden", anonymous=False, visibility=Visibility.HIDDEN
        ),
        "closed": SearchProfileFactory(name="Carl Closed", anonymous=False, open_to_work=False),
        "disabled": SearchProfileFactory(name="Dora Disabled", anonymous=False),
    }
    _reveal(people["revealed"], mercy.id)
    _reveal(people["revealed elsewhere"], clear.id)
    people["disabled"].user.disabled_at = utcnow()
    db.session.commit()
    ids = [p.id for p in people.values()]

    listed = listed_views_for(recruiter, mercy.id, ids)
    shown = {"named", "anonymous", "revealed", "revealed elsewhere"}
    # Hidden, closed to work or disabled: never on a list of candidates.
    assert set(listed) == {people[k].id for k in shown}
    for profile_id, view in listed.items():
        expected = profile_view_for(recruiter, db.session.get(Profile, profile_id))
        assert (view.identity, view.display_name, view.location) == (
            expected.identity,
            expected.display_name,
            expected.location,
        )
    anonymous = people["anonymous"].id
    assert listed[anonymous].display_name == candidate_label(anonymous)
    assert listed[anonymous].location == "Texas, United States"  # no city
    assert listed[people["revealed"].id].display_name == "Rita Revealed"
    assert listed[people["revealed"].id].location == "Austin, Texas, United States"
    assert not listed[people["revealed elsewhere"].id].identity

    # The reveal to the other organization shows the name to its people only.
    theirs = listed_views_for(other_recruiter, clear.id, ids)
    assert theirs[people["revealed elsewhere"].id].display_name == "Elsa Elsewhere"
    assert not theirs[people["revealed"].id].identity

    # An administrator sees every name, as on a profile page.
    administrator = admin()
    everyone = listed_views_for(administrator, None, ids)
    assert set(everyone) == set(listed)
    assert all(view.identity for view in everyone.values())
    assert everyone[anonymous].display_name == "Anna Anon"

    # Lists of candidates are not shown to anyone else: they get none.
    seeker = UserFactory(role="seeker")
    assert listed_views_for(seeker, mercy.id, ids) == {}
    assert listed_views_for(EmployerFactory(), None, ids) == {}  # no organization yet
    recruiter.disabled_at = utcnow()
    db.session.commit()
    assert listed_views_for(recruiter, mercy.id, ids) == {}
