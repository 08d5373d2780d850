"""`flask seed`: synthetic data in bulk (the `devdata` extra), then the search indexes once."""

from __future__ import annotations

import time

import click

from portal.devdata import seed as seeding
from portal.search import sync


@click.command("seed")
@click.option("--profiles", default=1000, show_default=True, help="Coder profiles.")
@click.option("--jobs", default=500, show_default=True, help="Open jobs (plus ~10% closed/draft).")
@click.option("--applications", default=10_000, show_default=True)
@click.option("--orgs", default=50, show_default=True, help="Employer organizations.")
@click.option("--schools", type=int, default=None, help="Training schools [1 per 2,000 profiles].")
@click.option("--seed", "seed_value", default=1, show_default=True, help="Same seed, same rows.")
@click.option("--no-index", is_flag=True, help="Load the database only; reindex later.")
def seed_command(
    profiles: int,
    jobs: int,
    applications: int,
    orgs: int,
    schools: int | None,
    seed_value: int,
    no_index: bool,
) -> None:
    """Load realistic synthetic data in bulk, then rebuild the search indexes once."""
    try:
        seeding.refuse_in_production()
        seeding.require_faker()
    except seeding.SeedRefused as exc:
        raise click.ClickException(str(exc)) from exc
    sizes = seeding.Sizes(profiles, jobs, applications, orgs, schools)
    total = sum(seeding.expected_rows(sizes).values())
    started = time.perf_counter()
    with click.progressbar(length=total, label="Seeding", show_pos=True) as bar:
        report = seeding.seed(
            sizes, seed_value, index=False, progress=lambda _phase, n: bar.update(n)
        )
    counts = ", ".join(f"{n:,} {table}" for table, n in report.counts.items())
    click.echo(f"Loaded {counts} in {time.perf_counter() - started:.1f}s.")
    if not no_index:
        _index()
    click.echo(
        f"Done in {time.perf_counter() - started:.1f}s. Every password: {seeding.SEED_PASSWORD!r}."
    )
    for role, email in sorted(report.accounts.items()):
        click.echo(f"  {role}: {email}")


def _index() -> None:
    """Both indexes rebuilt once; when the engine fails, the data stays and the way on is said."""
    try:
        indexed = sync.reindex(echo=click.echo)
    except (*sync.ENGINE_ERRORS, sync.TaskFailed) as exc:
        raise click.ClickException(
            f"Data loaded, but indexing failed ({exc}); run `flask search reindex`."
        ) from exc
    click.echo(f"Indexed {indexed.counts} in {indexed.seconds:.1f}s.")
