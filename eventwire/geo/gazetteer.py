"""Read access to the SQLite gazetteer: candidates for a name, demonyms, places by id."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventwire.errors import EventwireError
from eventwire.geo.names import name_key
from eventwire.geo.paths import GAZETTEER_VERSION, default_path
from eventwire.geo.sources import ALTERNATE, SKELETON

# Candidates kept per name, the most populous first: "Washington" has hundreds of namesakes and
# the right one is inside the first 40 by population for every gold toponym we looked at, while
# scoring all of them makes long documents slow.
MAX_CANDIDATES = 40
# The gazetteer matcher proposes names the NER missed only for places at least this populous
# (or areas, countries and curated sites): below it, a capitalised word is more often a surname
# or a company than a village (measured on the LGL/TR-News texts).
MATCHER_MIN_POPULATION = 15_000
CACHE_SIZE = 50_000
MMAP_BYTES = 256 * 1024 * 1024  # map the whole file (about 70 MB): lookups then skip read() calls
DEMONYM_PREFIX = "demonym:"
# The code and data files a gazetteer is built from (relative to this package): a file built from
# other versions of them is stale and is rebuilt on open (the schema version alone misses new
# names and centres).
BUILD_INPUTS = ("build.py", "sources.py", "centres.py", "names.py", "data/aliases.tsv", "data/sites.tsv")


def build_revision() -> str:
    """Return a short hash of the BUILD_INPUTS, stored in the gazetteer's meta table as `revision`."""
    digest = hashlib.sha256()
    for name in BUILD_INPUTS:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to, with how the name matched it (`kind`)."""

    pid: int
    gid: int | None
    name: str
    country: str | None
    lat: float
    lon: float
    feature: str
    precision: str
    population: int
    a1: int | None
    a2: int | None
    admin1: str | None
    admin2: str | None
    kind: int


class Gazetteer:
    """The gazetteer file opened read-only; every lookup is cached."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self._conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            meta = dict(self._conn.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            raise EventwireError(
                f"cannot read gazetteer {path}: {exc}; delete it and run "
                "`python -m eventwire.geo.build` to rebuild it"
            ) from exc
        if meta.get("version") != GAZETTEER_VERSION:
            raise EventwireError(
                f"gazetteer {path} has version {meta.get('version')}, expected "
                f"{GAZETTEER_VERSION}; rebuild it with `python -m eventwire.geo.build`"
            )
        self.meta = meta
        self.demonyms = dict(self._conn.execute("SELECT key, country FROM demonyms"))
        self._country_pid = dict(self._conn.execute("SELECT country, pid FROM places WHERE feature = 'PCLI'"))
        self.candidates = lru_cache(maxsize=CACHE_SIZE)(self._candidates)  # type: ignore[method-assign]
        self.place = lru_cache(maxsize=CACHE_SIZE)(self._place)  # type: ignore[method-assign]
        self.demonym_candidates = lru_cache(maxsize=CACHE_SIZE)(self._demonym_candidates)  # type: ignore[method-assign]

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open the gazetteer at `path` (default location if None), building it first if missing or
        built from other code or data (see BUILD_INPUTS)."""
        path = path or default_path()
        if path.exists():
            gazetteer = cls(path)
            if gazetteer.meta.get("revision") == build_revision():
                return gazetteer
            gazetteer.close()
        from eventwire.geo.build import build  # only when it must be built (half a minute)

        build(path)
        return cls(path)

    def close(self) -> None:
        """Close the SQLite connection."""
        self._conn.close()

    def _candidates(self, key: str) -> tuple[Candidate, ...]:
        """Return the places whose name has lookup key `key`, most populous first."""
        rows = self._conn.execute(
            "SELECT p.pid, p.gid, p.name, p.country, p.lat, p.lon, p.feature, p.precision, p.population,"
            " p.a1, p.a2, p.admin1, p.admin2, n.kind FROM names n JOIN places p ON p.pid = n.pid"
            " WHERE n.key = ? ORDER BY n.kind IN (?, ?), p.population DESC LIMIT ?",
            (key, ALTERNATE, SKELETON, MAX_CANDIDATES),
        ).fetchall()
        return tuple(Candidate(*row) for row in rows)

    def _place(self, pid: int) -> Candidate | None:
        """Return the place with internal id `pid` (its own name, kind 0), or None."""
        row = self._conn.execute(
            "SELECT pid, gid, name, country, lat, lon, feature, precision, population, a1, a2, admin1,"
            " admin2, 0 FROM places WHERE pid = ?",
            (pid,),
        ).fetchone()
        return Candidate(*row) if row else None

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Return the candidates for a surface name."""
        return self.candidates(name_key(name))

    def is_demonym(self, text: str) -> bool:
        """Return True when `text` is a nationality word ("Iraqi", "Americans")."""
        return self._demonym_iso3(text) is not None

    def _demonym_iso3(self, text: str) -> str | None:
        return self.demonym_country(name_key(text))

    def demonym_country(self, key: str) -> str | None:
        """Return the ISO alpha-3 country of a nationality word's lookup key ("iraqis"), or None."""
        return self.demonyms.get(key) or (self.demonyms.get(key[:-1]) if key.endswith("s") else None)

    def _demonym_candidates(self, text: str) -> tuple[Candidate, ...]:
        """Return the country a nationality word names ("Iraqi" -> Iraq), or ()."""
        iso3 = self._demonym_iso3(text)
        if iso3 is None:
            return ()
        place = self.place(self._country_pid[iso3]) if iso3 in self._country_pid else None
        return (place,) if place else ()

    def country(self, iso3: str) -> Candidate | None:
        """Return the country with ISO alpha-3 code `iso3`, or None."""
        return self.place(self._country_pid[iso3]) if iso3 in self._country_pid else None

    def candidates_for(self, key: str) -> tuple[Candidate, ...]:
        """Return candidates for a lookup key, or for a "demonym:<word>" key the country it names."""
        if key.startswith(DEMONYM_PREFIX):
            return self.demonym_candidates(key[len(DEMONYM_PREFIX) :])
        return self.candidates(key)

    def matchable(self, key: str) -> bool:
        """Return True when the matcher may propose `key` as a place the NER missed."""
        return any(
            c.kind not in (ALTERNATE, SKELETON)
            and (c.population >= MATCHER_MIN_POPULATION or c.precision in ("country", "admin1", "site"))
            for c in self.candidates(key)
        )
