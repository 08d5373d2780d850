"""Facets and the URL state of a search page: what can be filtered, and how it reads.

A search page keeps its whole state in the query string (shareable, bookmarkable, works
without JavaScript). Each facet names its URL parameter, the index attribute, the allowed
values with their labels, and whether several values may be ticked (OR within a facet, AND
across facets). Values outside the allowed list are ignored, never sent to the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from portal import taxonomy
from portal.search.documents import HOURS_BANDS, PAY_BANDS

HOURS_BAND_LABELS: dict[str, Any] = {
    "under_20": _l("Under 20 hours a week"),
    "20_29": _l("20 to 29 hours a week"),
    "30_39": _l("30 to 39 hours a week"),
    "40_plus": _l("40 hours or more a week"),
}
assert set(HOURS_BAND_LABELS) == {key for key, _low, _high in HOURS_BANDS}


def credential_codes() -> dict[str, str]:
    return {code: code for code in taxonomy.CREDENTIALS if code != "OTHER"}


@lru_cache(maxsize=32)
def _pay_tag_choices(locale: str) -> tuple[tuple[str, str], ...]:
    from portal.formatting import money

    choices = []
    for currency, (period, thresholds) in PAY_BANDS.items():
        for threshold in thresholds:
            key = f"{currency}:{period}:{threshold}"
            choices.append(
                (key, str(_l("At least %(pay)s", pay=money(threshold, currency, period))))
            )
    return tuple(choices)


def pay_tag_choices() -> dict[str, str]:
    """ "USD:hour:25" -> "At least $25 an hour" (formatting money is slow: cached per locale)."""
    return dict(_pay_tag_choices(str(get_locale() or "en")))


def _labels(mapping: Mapping[str, Any]) -> Callable[[], dict[str, str]]:
    return lambda: {k: taxonomy.label(mapping, k) for k in mapping}


@dataclass(frozen=True)
class Facet:
    param: str
    attribute: str
    label: Any
    choices: Callable[[], dict[str, str]]
    multi: bool = True
    flag: bool = False  # a single "yes" checkbox filtering attribute = true
    hint: Any = None


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    checked: bool


@dataclass
class FacetView:
    facet: Facet
    options: list[FacetOption]

    @property
    def param(self) -> str:
        return self.facet.param

    @property
    def label(self) -> Any:
        return self.facet.label

    @property
    def active(self) -> bool:
        return any(o.checked for o in self.options)


@dataclass
class Chip:
    """An active filter shown above the results, with the URL that removes it."""

    label: str
    remove_url: str


@dataclass
class PageState:
    """The parsed query string: keyword, facet values, other parameters."""

    q: str = ""
    values: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    page: int = 1

    def args(self, **changes: Any) -> list[tuple[str, str]]:
        """The query string as pairs, with `changes` applied (None removes a parameter)."""
        pairs: list[tuple[str, str]] = []
        q = changes.pop("q", self.q)
        if q:
            pairs.append(("q", q))
        values = {**self.values, **{k: v for k, v in changes.items() if k in self.values}}
        for param, chosen in values.items():
            if chosen is None:
                continue
            pairs += [(param, v) for v in chosen]
        extra = {**self.extra, **{k: v for k, v in changes.items() if k not in self.values}}
        for key, value in extra.items():
            if value is None or value == "" or (key == "page" and int(value) <= 1):
                continue
            pairs.append((key, str(value)))
        return pairs

    def url(self, base: str, **changes: Any) -> str:
        changes.setdefault("page", None)
        pairs = self.args(**changes)
        return base + ("?" + urlencode(pairs) if pairs else "")


def parse_state(
    args: MultiDict, facets: list[Facet], extra_params: tuple[str, ...] = ()
) -> PageState:
    from portal.search.highlight import strip_control

    state = PageState(q=strip_control(args.get("q", "")).strip()[:200])
    for facet in facets:
        allowed = facet.choices()
        if facet.flag:
            chosen = ["1"] if args.get(facet.param) in ("1", "true", "yes", "on") else []
        else:
            chosen = []
            for value in args.getlist(facet.param):
                value = value.strip()
                if value in allowed and value not in chosen:
                    chosen.append(value)
            if not facet.multi:
                chosen = chosen[:1]
        state.values[facet.param] = chosen
    for key in extra_params:
        value = strip_control(args.get(key, "")).strip()[:120]
        if value:
            state.extra[key] = value
    try:
        state.page = max(1, min(int(args.get("page", 1)), 1000))
    except ValueError:
        state.page = 1
    return state


def chips(state: PageState, facets: list[Facet], base: str) -> list[Chip]:
    result = []
    if state.q:
        result.append(Chip(str(_l("Words: %(q)s", q=state.q)), state.url(base, q="")))
    for facet in facets:
        chosen = state.values.get(facet.param, [])
        if not chosen:
            continue
        labels = facet.choices()
        for value in chosen:
            name = labels.get(value, value)
            text = str(facet.label) if facet.flag else f"{facet.label}: {name}"
            remaining = [v for v in chosen if v != value]
            result.append(Chip(text, state.url(base, **{facet.param: remaining})))
    return result


def facet_views(
    state: PageState,
    facets: list[Facet],
    distributions: dict[str, dict[str, int]],
    label_overrides: dict[str, dict[str, str]] | None = None,
) -> list[FacetView]:
    """Options with counts: every value the engine counted, plus ticked ones (count 0)."""
    views = []
    for facet in facets:
        labels = {**facet.choices(), **(label_overrides or {}).get(facet.param, {})}
        counts = distributions.get(facet.attribute, {})
        chosen = state.values.get(facet.param, [])
        if facet.flag:
            count = counts.get("true", 0)
            shown = count or chosen
            options = [FacetOption("1", str(facet.label), count, bool(chosen))] if shown else []
        else:
            keys = [k for k in counts if k in labels]
            keys += [v for v in chosen if v not in keys]
            options = [
                FacetOption(k, str(labels.get(k, k)), counts.get(k, 0), k in chosen) for k in keys
            ]
            order = list(labels)
            options.sort(key=lambda o: (-o.count, order.index(o.value) if o.value in order else 0))
        views.append(FacetView(facet, options))
    return views


def facet_filter(facet: Facet, chosen: list[str]) -> str | None:
    from portal.search.engine import any_of

    if not chosen:
        return None
    if facet.flag:
        return f"{facet.attribute} = true"
    return any_of(facet.attribute, chosen)


JOB_FACETS: list[Facet] = [
    Facet("mode", "work_mode", _l("Where you work"), _labels(taxonomy.WORK_MODES)),
    Facet(
        "credential",
        "credentials",
        _l("Credential"),
        credential_codes,
        hint=_l("Jobs that ask for or prefer this credential"),
    ),
    Facet("type", "employment_type", _l("Type of job"), _labels(taxonomy.EMPLOYMENT_TYPES)),
    Facet("hours", "hours_band", _l("Hours a week"), lambda: dict(HOURS_BAND_LABELS)),
    Facet("pay", "pay_tags", _l("Pay"), pay_tag_choices, multi=False),
    Facet("specialty", "specialties", _l("Specialty"), _labels(taxonomy.SPECIALTIES)),
    Facet("country", "country", _l("Country"), _labels(taxonomy.COUNTRIES)),
    Facet(
        "new_grads",
        "new_graduates_welcome",
        _l("New graduates welcome"),
        lambda: {"1": "1"},
        flag=True,
    ),
    Facet(
        "verified",
        "organization_verified",
        _l("Verified employers only"),
        lambda: {"1": "1"},
        flag=True,
    ),
]
