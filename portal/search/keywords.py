"""Words in the keyword box that mean a filter, not text to match.

As text, "ohio" matches only a job whose first office's city field says Ohio and "India" only
the jobs whose description names it; "night" and "weekend" match descriptions, not shifts; and
"E/M" ends in a prefix ("m", "em") that also matches Emergency and Medical. So before the
query reaches the engine:
- a US state or Indian state (name, or a US postal code typed in capitals: "OH", "TX") or a
  served country ("India", "Saudi Arabia", "USA") becomes a place filter: jobs with an office
  there or open to applicants from there;
- a large city ("Houston", "Kochi") becomes "near" that city, when no town was given;
- "night", "weekend", "mornings" … become the "When" filter (`portal.search.when`);
- short codes ("E/M", "E&M", "HCC") are searched as whole words (a phrase), never as prefixes.
`as_words=1` in the address turns the first three off ("Search “Ohio” as a word instead").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from portal import places, taxonomy
from portal.search.when import WHEN_WORDS

# A city typed as a word counts as a place only when it is this large: smaller towns share
# their names with words ("Mobile", "Billings", "Reading").
CITY_POPULATION = 300_000
COUNTRY_ALIASES = {"usa": "US", "u s a": "US", "america": "US", "uae": "AE", "ksa": "SA"}
_SHORT_CODE = re.compile(r"^[A-Za-z]{1,3}[/&][A-Za-z]{1,3}$|^[A-Z]{2,3}$")
MAX_WORDS = 3
PREPOSITIONS = frozenset({"in", "near", "at", "around", "from"})


@dataclass
class Extracted:
    q: str
    places: list[str] = field(default_factory=list)  # "US-OH", "IN"
    city: str | None = None
    when: list[str] = field(default_factory=list)


@cache
def _place_names() -> dict[str, str]:
    """Folded name → place code: countries, US and Indian states."""
    names = {places.fold(n): code for code, n in taxonomy.COUNTRIES.items()}
    names.update({places.fold(k): v for k, v in COUNTRY_ALIASES.items()})
    for country, states in places.REGIONS.items():
        for code, name in states.items():
            names.setdefault(places.fold(name), f"{country}-{code}")
    return names


@cache
def _vocabulary() -> frozenset[str]:
    """Folded words of the board's own vocabulary, never read as a city."""
    words: set[str] = set()
    for mapping in (taxonomy.ROLE_TYPES, taxonomy.SPECIALTIES, taxonomy.WORK_MODES):
        for key in mapping:
            words.update(places.fold(taxonomy.label(mapping, key)).split())
    for group in taxonomy.SYNONYM_GROUPS:
        for phrase in group:
            words.update(places.fold(phrase).split())
    return frozenset(words)


def _city(folded: str) -> str | None:
    if folded in _vocabulary():
        return None
    found = places.large_cities(CITY_POPULATION).get(folded, ())
    return max(found, key=lambda p: p.population).name if found else None


# Postal codes that are also the trade's own abbreviations: Medicare Advantage (MA), doctor
# (MD), physician assistant or prior authorization (PA), operating room (OR), medical examiner
# (ME), contractual obligation denials (CO), and IN, which also reads as India. Those states
# are found by name.
AMBIGUOUS_CODES = frozenset({"MA", "MD", "PA", "OR", "ME", "CO", "IN"})


def _code_word(word: str) -> str | None:
    """A US state's postal code typed in capitals ("OH"), never a lower-case word ("in", "or")."""
    if len(word) != 2 or not word.isupper() or word in AMBIGUOUS_CODES:
        return None
    return f"US-{word}" if word in taxonomy.US_STATES else None


def _drop_preposition(kept: list[str]) -> None:
    """ "coder in ohio": "in" belonged to the place, and as a word it would match nothing."""
    if kept and kept[-1].lower() in PREPOSITIONS:
        kept.pop()


def extract(q: str, want_city: bool = True) -> Extracted:
    """Split place and time words off the query (longest phrase first, up to three words)."""
    words = q.split()
    out = Extracted(q="")
    kept: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            bare = phrase.strip(".,;:()[]'\"")
            folded = places.fold(bare)
            code = _place_names().get(folded) or (_code_word(bare) if size == 1 else None)
            if code:
                if code not in out.places:
                    out.places.append(code)
                _drop_preposition(kept)
                break
            if size == 1 and folded in WHEN_WORDS:
                if WHEN_WORDS[folded] not in out.when:
                    out.when.append(WHEN_WORDS[folded])
                break
            city = _city(folded) if want_city and out.city is None else None
            if city:
                out.city = city
                _drop_preposition(kept)
                break
        else:
            kept.append(words[i])
            i += 1
            continue
        i += size
    out.q = " ".join(kept)
    return out


def whole_short_codes(q: str) -> str:
    """ "E/M audit" → '"E/M" audit': a short code is one whole word (a phrase), not a prefix."""
    if '"' in q:
        return q  # the person wrote their own phrases
    return " ".join(f'"{w}"' if _SHORT_CODE.match(w) else w for w in q.split())


def place_label(code: str) -> str:
    """ "US-OH" → "Ohio, United States"; "IN" → "India"."""
    country, _sep, region = code.partition("-")
    name = taxonomy.label(taxonomy.COUNTRIES, country)
    if region:
        return f"{places.REGIONS[country][region]}, {name}"
    return name


def place_choices() -> dict[str, str]:
    """Every place code the `place` parameter accepts."""
    choices = {code: code for code in taxonomy.COUNTRIES}
    for country, states in places.REGIONS.items():
        choices.update({f"{country}-{code}": code for code in states})
    return choices
