"""Fuzzing: every form and every query string of the site, fed by Hypothesis, never gives a 500.

The forms and pages come from walking the demo world as each kind of user
(`tests/security/site_walker.py`), so new ones are fuzzed without being listed here. Inputs:
any Unicode, control characters and NUL, 1 MB strings, numbers and dates where words are
expected and the other way round, a key sent several times, keys left out, keys nobody asked
for, file fields with files that are not what they claim. Runs on SQLite and, when
PORTAL_TEST_DATABASE_URL is set (always in CI), PostgreSQL.

Bounded and repeatable: `FUZZ_EXAMPLES` examples per form and per page (default below),
derandomized (the same inputs on every run, on every machine), no example database, no
shrinking (a failure is reported with the input that caused it).
"""

from __future__ import annotations

import io
import os
from urllib.parse import parse_qsl, urlencode, urlsplit

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.security.site_walker import (
    Field,
    FormSpec,
    as_submitted,
    distinct_forms,
    log_in,
    path_shape,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
PAGE_EXAMPLES = max(1, EXAMPLES // 2)
MEGABYTE = "x" * (1024 * 1024 + 1)

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
)

# Inputs that broke or could break something somewhere.
NASTY = [
    "",
    " ",
    "\x00",
    "coder\x00",
    "\r\nBcc: victim@example.com",
    "\x1b[31m\x07\x08\x7f",
    "\u202egnp.exe",
    "\ufeff",
    "'; DROP TABLE users; --",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "%00",
    "../../../etc/passwd",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "-0.0",
    "٣٤",
    "１２",
    "2026-02-30",
    "0000-00-00",
    "25:61",
    "https://evil.example/",
    "javascript:alert(1)",
    "//evil.example",
    "🙂" * 300,
    "é" * 301,
    "a" * 1001,
    "a" * 70_000,
    MEGABYTE,
]

any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
nasty = st.sampled_from(NASTY)
words = st.one_of(any_text, nasty)


def _plain_value(field: Field) -> st.SearchStrategy[str]:
    """A value a person could send for this field."""
    real = [o for o in field.options if o]
    if real:
        return st.sampled_from(real)
    return {
        "number": st.integers(-5, 100_000).map(str),
        "date": st.dates().map(lambda d: d.isoformat()),
        "time": st.times().map(lambda t: t.strftime("%H:%M")),
        "email": st.from_regex(r"[a-z]{1,12}@example\.(com|in|sa)", fullmatch=True),
    }.get(field.kind, st.just(field.value) if field.value.strip() else any_text)


def _file() -> st.SearchStrategy:
    contents = st.one_of(
        st.binary(max_size=2000),
        st.sampled_from(
            [
                b"%PDF-1.4 not really",
                b"\x89PNG\r\n\x1a\n<script>alert(1)</script>",
                b"\xff\xd8\xff\xe0" + b"\x00" * 100,
                b"",
            ]
        ),
    )
    names = st.one_of(st.sampled_from(["cv.pdf", "../../x.pdf", "a\x00.pdf", "é" * 300]), words)
    return st.tuples(contents, names).map(lambda t: (io.BytesIO(t[0]), t[1]))


@st.composite
def submissions(draw, fields: tuple[Field, ...]) -> list[tuple[str, object]]:
    """One fuzzed submission: each field plain, wrong, repeated or left out; extra keys."""
    pairs: list[tuple[str, object]] = []
    for field in fields:
        if field.name == "csrf_token":
            continue
        if field.kind == "file":
            if draw(st.booleans()):
                pairs.append((field.name, draw(_file())))
            continue
        how = draw(st.sampled_from(["plain", "plain", "words", "nasty", "repeat", "omit"]))
        if how == "plain":
            pairs.append((field.name, draw(_plain_value(field))))
        elif how == "words":
            pairs.append((field.name, draw(any_text)))
        elif how == "nasty":
            pairs.append((field.name, draw(nasty)))
        elif how == "repeat":
            values = draw(st.lists(st.one_of(_plain_value(field), words), min_size=2, max_size=4))
            pairs += [(field.name, v) for v in values]
    extra = draw(st.lists(st.tuples(words, words), max_size=3))
    return pairs + extra


def _fuzz_form(client, form: FormSpec, failures: list[str]) -> None:
    @FUZZ_SETTINGS
    @given(data=submissions(form.fields))
    def post(data):
        response = client.post(form.action, data=MultiDict(data))
        if response.status_code >= 500:
            shown = [(k, v[:80] if isinstance(v, str) else v) for k, v in data]
            failures.append(f"{form} → {response.status_code} with {shown!r}")

    post()


def test_no_form_gives_a_500(demo_site, client):
    forms = distinct_forms(demo_site.forms)
    assert len(forms) >= 40, "the walk should reach the site's forms"
    failures: list[str] = []
    for form in forms:
        if not log_in(client, form.account):
            continue  # an administrator's button disabled the account meanwhile
        if form.method == "GET":
            _fuzz_query(client, form.action, [f.name for f in form.fields], failures)
        else:
            # Once as the page gives it, then fuzzed.
            client.post(form.action, data=MultiDict(as_submitted(form)))
            _fuzz_form(client, form, failures)
    assert failures == []


@st.composite
def queries(draw, keys: list[str]) -> str:
    pairs = [(k, draw(words)) for k in draw(st.lists(st.sampled_from(keys), max_size=6))]
    pairs += draw(st.lists(st.tuples(words, words), max_size=2))
    return urlencode([(k, v[:5000]) for k, v in pairs])


def _fuzz_query(
    client, url: str, keys: list[str], failures: list[str], examples: int = EXAMPLES
) -> None:
    path = urlsplit(url).path
    keys = keys or ["q", "page", "sort"]

    @settings(FUZZ_SETTINGS, max_examples=examples)
    @given(query=queries(keys))
    def get(query):
        response = client.get(f"{path}?{query}")
        if response.status_code >= 500:
            failures.append(f"GET {path}?{query[:300]} → {response.status_code}")

    get()


# Sent once for each known key of each page: the values that break number parsing and paging.
EDGES = ["99999999999999999999", "-1", "NaN", "1e309", "a" * 5000]
COMMON_KEYS = ["page", "sort", "q"]


def _known_keys(site, url: str) -> list[str]:
    """The keys a page's own links and search forms use, and the usual ones."""
    parts = urlsplit(url)
    keys = {k for k, _v in parse_qsl(parts.query, keep_blank_values=True)} | set(COMMON_KEYS)
    for form in site.forms:
        if form.method == "GET" and urlsplit(form.action).path == parts.path:
            keys |= {f.name for f in form.fields}
    return sorted(keys)


def test_no_query_string_or_address_gives_a_500(demo_site, client):
    failures: list[str] = []
    seen: set[str] = set()
    for account, url in demo_site.all_pages():
        shape = path_shape(url).split("?")[0]
        if shape in seen:
            continue
        seen.add(shape)
        if not log_in(client, account):
            continue
        parts = urlsplit(url)
        keys = _known_keys(demo_site, url)
        _fuzz_query(client, url, keys, failures, PAGE_EXAMPLES)
        for key in keys:
            for value in EDGES:
                response = client.get(parts.path + "?" + urlencode([(key, value)]))
                if response.status_code >= 500:
                    failures.append(
                        f"GET {parts.path}?{key}={value[:20]} as {account} → {response.status_code}"
                    )
        # The last part of the address, replaced.
        base = parts.path.rstrip("/").rsplit("/", 1)[0]
        for tail in ("%00", "%E2%80%AE", "..%2f..%2f", "9" * 30, "-1", "%F0%9F%99%82" * 50):
            response = client.get(f"{base}/{tail}")
            if response.status_code >= 500:
                failures.append(f"GET {base}/{tail} as {account} → {response.status_code}")
    assert len(seen) >= 40, "the walk should reach the site's pages"
    assert failures == []
