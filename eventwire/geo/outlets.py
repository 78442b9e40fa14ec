"""Where an outlet's stories are: its "local lexicon", learnt from the places of its other articles.

A local paper names "Alexandria" or "Columbus" without a state because its readers know which one is
meant; the places its other stories name unambiguously tell us too. `OutletArea` holds, for one
outlet (a web host such as "thetowntalk.com", else the outlet's name), the share of its articles'
places in each country and in each ADM1. The resolver reads it as two context features of every
candidate (resolve.CONTEXT_FEATURES `outlet_country`, `outlet_admin1`), so a namesake in the
outlet's home state wins when the story itself says nothing; a story that names its own state or
country still decides (the trees weigh both).

The areas come from documents already processed (`Store.outlet_areas`: the outlet's documents stored
by ingests that finished, read once when a run starts; a run never changes them, so its output does
not depend on the order of its documents or on its workers, and a killed ingest teaches nothing) or,
in the evaluation, from the corpus's other articles of the same outlet (never the article itself).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from eventwire.geo.locate import GUESSED_FEATURES

# An outlet's area is only trusted once this many of its articles name places: one or two stories
# say little about where a paper is.
MIN_ARTICLES = 3
# Place features that are not a pick of the name itself (backoff.FOCUS_FEATURE: the document's focus
# standing in for a name the gazetteer lacks; locate.UNLISTED_FEATURE: a name only a locative
# frame found): no evidence of where the outlet is. Neither has a GeoNames id, which is how the store
# tells them apart (Store.outlet_areas).
UNSURE_FEATURES = GUESSED_FEATURES

# A place as the area counts it: (ISO alpha-3 country, ADM1 name, precision).
AreaPlace = tuple["str | None", "str | None", str]


@dataclass(frozen=True)
class OutletArea:
    """Shares of an outlet's articles' places by country and by (country, ADM1); each article
    weighs one, split among its places (sub-national places only for the ADM1 shares)."""

    articles: int
    countries: Mapping[str, float] = field(default_factory=dict)
    admin1s: Mapping[tuple[str, str], float] = field(default_factory=dict)

    def country_share(self, country: str | None) -> float:
        return self.countries.get(country, 0.0) if country else 0.0

    def admin1_share(self, country: str | None, admin1: str | None) -> float:
        return self.admin1s.get((country, admin1), 0.0) if country and admin1 else 0.0


class AreaCounter:
    """Adds up an outlet's articles one at a time (a store streams them: its memory is the areas',
    not the articles')."""

    def __init__(self) -> None:
        self.countries: dict[str, float] = defaultdict(float)
        self.admin1s: dict[tuple[str, str], float] = defaultdict(float)
        self.n = self.n_local = 0

    def add(self, places: Sequence[AreaPlace]) -> None:
        """Count one article's places (an article naming no country is skipped)."""
        placed = [(cc, a1, precision) for cc, a1, precision in places if cc]
        if not placed:
            return
        self.n += 1
        for cc, _a1, _precision in placed:
            self.countries[cc] += 1 / len(placed)
        local = [(cc, a1) for cc, a1, precision in placed if a1 and precision != "country"]
        self.n_local += bool(local)
        for key in local:
            self.admin1s[key] += 1 / len(local)

    def area(self) -> OutletArea | None:
        """Return the area counted so far, or None under MIN_ARTICLES articles."""
        if self.n < MIN_ARTICLES:
            return None
        return OutletArea(
            self.n,
            {cc: w / self.n for cc, w in self.countries.items()},
            {key: w / max(self.n_local, 1) for key, w in self.admin1s.items()},
        )


def outlet_area(articles: Iterable[Sequence[AreaPlace]]) -> OutletArea | None:
    """Return the area of an outlet from its articles' places, or None under MIN_ARTICLES articles."""
    counter = AreaCounter()
    for places in articles:
        counter.add(places)
    return counter.area()


def outlet_key(url: str | None, outlet: str | None = None) -> str | None:
    """Return the key an outlet is known by: its web host without "www." ("thetowntalk.com"),
    else its name in lower case, else None."""
    host = _host(url) if url else None
    if host:
        return host
    name = (outlet or "").strip().lower()
    return name or None


def _host(url: str) -> str | None:
    """Return the web host of a URL (or of a bare "www.example.com") without "www.", or None when
    the text has none (a malformed URL is no error here: the outlet's name is used instead)."""
    text = url.strip()
    try:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    except ValueError:  # "http://[::1": an unclosed IPv6 bracket
        return None
    host = host.removeprefix("www.")
    return host if "." in host and not any(c.isspace() for c in host) else None


def place_of(
    country: str | None, admin1: str | None, precision: str, feature: str | None
) -> AreaPlace | None:
    """Return a resolved place as the area counts it, or None when it is no evidence (UNSURE_FEATURES)."""
    if feature in UNSURE_FEATURES:
        return None
    return (country, admin1, precision)
