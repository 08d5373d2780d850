"""Walk the site as each kind of user and collect every form and query string it offers.

Used by the fuzzing and string-length tests through the `demo_site` fixture. The world is the
demo data (every role, organizations, jobs, applications, invitations, a school), loaded
through the same services the pages use. For each demo account the walker follows the links of
the pages it sees (one or two pages of each shape, so 40 job pages count as one), and reads
every <form>: its method, action and fields with their type, choices, current value and
`maxlength`. Nothing here knows a route by name, so a page or form added later is walked too.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from portal.devdata.demo import DEMO_PASSWORD, DEMO_USERS

# Links not to follow: logging out ends the walk; files and the engine's JSON are not pages.
SKIP_PATHS = re.compile(
    r"^/(auth/logout|static/)|/(download|resume|proof|file)(/|$)|\.(pdf|png|jpg)$"
)
PAGES_PER_SHAPE = 2
MAX_PAGES_PER_ACCOUNT = 150


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    options: tuple[str, ...] = ()
    value: str = ""
    maxlength: int | None = None
    multiple: bool = False
    chosen: tuple[str, ...] = ()  # checked boxes, selected options: what the page sends as is
    required: bool = False

    @property
    def is_text(self) -> bool:
        return self.kind in ("text", "textarea", "email", "search", "tel", "url", "password")


@dataclass(frozen=True)
class FormSpec:
    account: str | None  # e-mail of the demo account that saw it; None: a visitor
    page: str
    method: str
    action: str
    fields: tuple[Field, ...]
    multipart: bool

    @property
    def shape(self) -> tuple:
        return (self.account, self.method, path_shape(self.action), self.field_names)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(sorted({f.name for f in self.fields if f.name != "csrf_token"}))

    @property
    def changes_state_only(self) -> bool:
        """A button (close, withdraw, delete, log out): nothing to type."""
        return not any(f.kind not in ("hidden", "submit") for f in self.fields)

    def __str__(self) -> str:
        return f"{self.method} {self.action} as {self.account or 'visitor'} (from {self.page})"


def path_shape(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$)", "/N", parts.path)
    keys = sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "method": (a.get("method") or "get").upper(),
                "action": a.get("action") or "",
                "enctype": a.get("enctype", ""),
                "fields": [],
            }
            self.forms.append(self._form)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select.setdefault("selected", []).append(a.get("value", ""))
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            self._form["fields"].append(
                {
                    "name": a["name"],
                    "kind": kind,
                    "value": a.get("value", "on" if kind in ("checkbox", "radio") else ""),
                    "maxlength": a.get("maxlength"),
                    "checked": "checked" in a,
                    "required": "required" in a,
                }
            )
        elif tag == "textarea":
            self._textarea = {
                "name": a["name"],
                "kind": "textarea",
                "value": "",
                "maxlength": a.get("maxlength"),
                "required": "required" in a,
            }
            self._form["fields"].append(self._textarea)
        elif tag == "select":
            self._select = {
                "name": a["name"],
                "kind": "select",
                "options": [],
                "value": "",
                "multiple": "multiple" in a,
                "required": "required" in a,
            }
            self._form["fields"].append(self._select)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _merge_fields(raw: list[dict]) -> tuple[Field, ...]:
    """Radios and checkboxes of one name become one field with choices."""
    merged: dict[str, Field] = {}
    for f in raw:
        name, kind = f["name"], f["kind"]
        options = tuple(f.get("options") or ())
        maxlength = int(f["maxlength"]) if f.get("maxlength") else None
        if kind in ("radio", "checkbox"):
            previous = merged.get(name)
            options = (*(previous.options if previous else ()), f["value"])
            earlier = previous.chosen if previous else ()
            chosen = (*earlier, f["value"]) if f["checked"] else earlier
            required = f["required"] or bool(previous and previous.required)
            merged[name] = Field(
                name, kind, options, options[0], None, kind == "checkbox", chosen, required
            )
        elif name not in merged:
            chosen = tuple(f.get("selected") or (options[:1] if kind == "select" else ()))
            merged[name] = Field(
                name,
                kind,
                options,
                f.get("value", ""),
                maxlength,
                bool(f.get("multiple")),
                chosen,
                bool(f.get("required")),
            )
    return tuple(merged.values())


def parse_page(url: str, html: str) -> tuple[list[str], list[FormSpec]]:
    parser = _PageParser()
    parser.feed(html)
    links = []
    for href in parser.links:
        target = urljoin(url, href)
        parts = urlsplit(target)
        if parts.scheme in ("http", "https") and parts.netloc not in ("localhost", ""):
            continue
        if parts.scheme not in ("", "http", "https"):
            continue
        links.append(parts.path + ("?" + parts.query if parts.query else ""))
    forms = []
    for f in parser.forms:
        action = urljoin(url, f["action"] or url)
        parts = urlsplit(action)
        forms.append(
            FormSpec(
                account=None,
                page=url,
                method=f["method"],
                action=parts.path + ("?" + parts.query if parts.query else ""),
                fields=_merge_fields(f["fields"]),
                multipart="multipart" in f["enctype"],
            )
        )
    return links, forms


@dataclass
class SiteMap:
    pages: dict[str | None, list[str]] = field(default_factory=dict)
    forms: list[FormSpec] = field(default_factory=list)

    def all_pages(self) -> Iterator[tuple[str | None, str]]:
        for account, urls in self.pages.items():
            for url in urls:
                yield account, url


def log_in(client, email: str | None) -> bool:
    """Log in as `email` (None: stay a visitor). False when the account no longer can, e.g.
    after an administrator's button disabled it or a form changed its password."""
    client.post("/auth/logout")
    if email is None:
        return True
    response = client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD})
    return response.status_code == 302


def accounts() -> list[str | None]:
    """A visitor and every demo account (one of each role at least)."""
    return [None, *(email for email, _name, _role in DEMO_USERS)]


def walk(client, account: str | None, start: tuple[str, ...] = ("/", "/dashboard")) -> SiteMap:
    """Every page shape reachable by links from `start`, and the forms on them."""
    assert log_in(client, account), f"could not log in as {account}"
    site = SiteMap(pages={account: []})
    seen_shapes: Counter[str] = Counter()
    seen_forms: set[tuple] = set()
    queue = list(start)
    visited: set[str] = set()
    while queue and len(site.pages[account]) < MAX_PAGES_PER_ACCOUNT:
        url = queue.pop(0)
        shape = path_shape(url)
        if url in visited or SKIP_PATHS.search(url) or seen_shapes[shape] >= PAGES_PER_SHAPE:
            continue
        visited.add(url)
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} as {account}: {response.status_code}"
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        seen_shapes[shape] += 1
        site.pages[account].append(url)
        links, forms = parse_page(url, response.get_data(as_text=True))
        queue += [link for link in links if link not in visited]
        for form in forms:
            form = dataclasses.replace(form, account=account)
            if form.action.startswith("/auth/logout") or form.shape in seen_forms:
                continue
            seen_forms.add(form.shape)
            site.forms.append(form)
    return site


def walk_everything(client) -> SiteMap:
    """The visitor's and every demo account's pages and forms."""
    site = SiteMap()
    for account in accounts():
        walked = walk(client, account)
        site.pages.update(walked.pages)
        site.forms += walked.forms
    return site


def distinct_forms(forms: list[FormSpec]) -> list[FormSpec]:
    """One form per (method, address shape, fields), the ones people type into first: buttons
    that close, withdraw or delete come last, so they do not take away what others need."""
    chosen: dict[tuple, FormSpec] = {}
    for form in forms:
        key = (form.method, path_shape(form.action).split("?")[0], form.field_names)
        chosen.setdefault(key, form)
    return sorted(chosen.values(), key=lambda f: f.changes_state_only)


# What a person would type into an empty field of each kind (fields the page leaves empty).
PLAIN_VALUES = {
    "email": "probe@example.com",
    "url": "https://example.com/jobs",
    "tel": "+1 512 555 0100",
    "number": "3",
    "date": "2027-03-01",
    "time": "09:00",
    "password": "a quiet harbour at dawn",
    "textarea": "Coding outpatient charts for a friendly team, five days a week.",
}


def as_submitted(form: FormSpec) -> list[tuple[str, str]]:
    """The form as the browser would send it, with required fields the page leaves empty
    answered plainly (the first real choice, a short text, a date)."""
    pairs: list[tuple[str, str]] = []
    for f in form.fields:
        real_options = [o for o in f.options if o]
        chosen = [c for c in f.chosen if c]
        if f.kind in ("radio", "checkbox", "select"):
            if not chosen and f.required and real_options:
                chosen = real_options[:1]
            pairs += [(f.name, value) for value in chosen]
        elif f.kind != "file":
            value = f.value if f.value.strip() else ""
            if not value and f.required:
                value = PLAIN_VALUES.get(f.kind, "Probe")
            pairs.append((f.name, value))
    return pairs
