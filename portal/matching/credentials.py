"""Credentials: the required ones (hard), those expiring soon, the preferred and the verified.

A credential counts through its expiry date; an apprentice credential (CPC-A) never counts as
the full one. Every line says what would close its gap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from portal.matching.model import HeldCredential, JobFacts, MatchItem
from portal.matching.phrases import _, format_date, join, join_and, join_or
from portal.matching.rules import Check, expiry_state, item


def _code(code: str) -> str:
    return code.strip().upper()


def held_on(
    held: Iterable[HeldCredential], today: date
) -> tuple[dict[str, HeldCredential], dict[str, HeldCredential]]:
    """Split held credentials into valid and expired ones, keyed by code.
    A credential is valid through its expiry date. When a code is held twice, the verified or
    later-expiring record wins.
    """
    valid: dict[str, HeldCredential] = {}
    expired: dict[str, HeldCredential] = {}
    for cred in held:
        code = _code(cred.code)
        target = valid if cred.expires_on is None or cred.expires_on >= today else expired
        current = target.get(code)
        if current is None or _better(cred, current):
            target[code] = cred
    return valid, expired


def _better(new: HeldCredential, old: HeldCredential) -> bool:
    if new.verified != old.verified:
        return new.verified
    return (new.expires_on or date.max) > (old.expires_on or date.max)


def required(
    job: JobFacts, valid: dict[str, HeldCredential], expired: dict[str, HeldCredential]
) -> Check:
    """Each required group: held (met) or missing, saying which expired or is an apprentice's."""
    items: list[MatchItem] = []
    groups = [[_code(c) for c in group if c.strip()] for group in job.required_credential_groups]
    groups = [g for g in groups if g]
    met = 0
    for codes in groups:
        key = "credential:" + "|".join(codes)
        label = join_or(codes)
        held = sorted((c for c in codes if c in valid), key=lambda c: not valid[c].verified)
        if held:
            met += 1
            detail = _("Has %(code)s (required) ✓") % {"code": held[0]}
            items.append(item(key, label, "met", detail))
            continue
        if len(codes) == 1:
            parts = [_("Missing %(code)s (required)") % {"code": codes[0]}]
            fix = _("Add %(code)s") % {"code": codes[0]}
        else:
            parts = [_("Missing one of %(codes)s (required)") % {"codes": label}]
            fix = _("Add one of %(codes)s") % {"codes": label}
        for code in codes:
            lapsed = expired.get(code)
            if lapsed is not None and lapsed.expires_on is not None:
                parts.append(
                    _("%(code)s expired on %(date)s and no longer counts")
                    % {"code": code, "date": format_date(lapsed.expires_on)}
                )
                fix = _("Renew %(code)s") % {"code": code}
            apprentice = code + "-A"
            if apprentice in valid or apprentice in expired:
                parts.append(
                    _("%(held)s (apprentice) does not count as %(code)s")
                    % {"held": apprentice, "code": code}
                )
        items.append(item(key, label, "missing", join("; ", parts), fix))
    return items, (met / len(groups) if groups else 1.0)


def expiring(job: JobFacts, valid: dict[str, HeldCredential], today: date) -> Check:
    """A credential this job asks for (required or preferred) that expires within 90 days.

    It still counts today, so eligibility is unchanged; the line says when it stops counting
    and what to do. Expired credentials are reported by the requirement they fail.
    """
    asked = {_code(c) for group in job.required_credential_groups for c in group}
    asked |= {_code(c) for c in job.preferred_credentials}
    items: list[MatchItem] = []
    for code in sorted(asked & set(valid)):
        expires_on = valid[code].expires_on
        if expires_on is None or expiry_state(expires_on, today) != "expiring":
            continue
        days = (expires_on - today).days
        numbers = {"code": code, "date": format_date(expires_on), "days": days}
        detail = (
            _("%(code)s expires on %(date)s, in %(days)s days; after that it no longer counts")
            % numbers
        )
        fix = _("Renew %(code)s before %(date)s and add the new expiry date") % numbers
        items.append(item(f"expiry:{code}", _("%(code)s expiry") % numbers, "warning", detail, fix))
    return items, 1.0


def preferred(job: JobFacts, valid: dict[str, HeldCredential]) -> Check:
    """Share of the preferred credentials held."""
    wanted = sorted({_code(c) for c in job.preferred_credentials if c.strip()})
    if not wanted:
        return [], 1.0
    have = [c for c in wanted if c in valid]
    lacking = [c for c in wanted if c not in valid]
    label = _("Preferred credentials")
    if not lacking:
        detail = _("Has %(codes)s (preferred)") % {"codes": join_and(have)}
        status = "met"
    elif have:
        detail = _("Has %(have)s; not %(lacking)s (preferred)") % {
            "have": join_and(have),
            "lacking": join_or(lacking),
        }
        status = "partial"
    else:
        detail = _("None of the preferred credentials (%(codes)s)") % {"codes": ", ".join(wanted)}
        status = "missing"
    row = item("preferred_credentials", label, status, detail)
    return [row], len(have) / len(wanted)


def verified(job: JobFacts, valid: dict[str, HeldCredential]) -> Check:
    """Verification of the credentials that matter for this job, else of all valid ones."""
    relevant: list[str] = []
    for group in job.required_credential_groups:
        held = sorted(
            (_code(c) for c in group if _code(c) in valid), key=lambda c: not valid[c].verified
        )
        if held and held[0] not in relevant:
            relevant.append(held[0])
    if not relevant:
        relevant = sorted(_code(c) for c in job.preferred_credentials if _code(c) in valid)
    if not relevant:
        relevant = sorted(valid)
    if not relevant:
        return [], 0.0
    done = [c for c in relevant if valid[c].verified]
    pending = [c for c in relevant if not valid[c].verified]
    label = _("Verified credentials")
    if not pending:
        detail, status = _("%(codes)s verified") % {"codes": join_and(done)}, "met"
    elif done:
        detail = _("%(done)s verified; %(pending)s not verified yet") % {
            "done": join_and(done),
            "pending": join_and(pending),
        }
        status = "partial"
    else:
        detail, status = _("%(codes)s not verified yet") % {"codes": join_and(pending)}, "info"
    return [item("verified_credentials", label, status, detail)], len(done) / len(relevant)
