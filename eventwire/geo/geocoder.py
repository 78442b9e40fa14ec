"""The Geocoder: recognise place mentions, resolve them with document context, locate events."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.geo.backoff import FOCUS_FEATURE
from eventwire.geo.gazetteer import Candidate, Gazetteer
from eventwire.geo.locate import doc_text, event_location, linked_places
from eventwire.geo.locate_model import LocationModel
from eventwire.geo.names import SKELETON_PREFIX, has_capital
from eventwire.geo.outlets import OutletArea
from eventwire.geo.place_words import NAMED_AREA_WORDS
from eventwire.geo.recognize import find_mentions
from eventwire.geo.resolve import Mention, Resolver
from eventwire.models import Place

if TYPE_CHECKING:
    import spacy.tokens


MAX_DATELINES = 10_000  # remembered dateline resolutions (a few hundred bytes each)


# A city this large is a place in its own right inside a longer name ("the Maputo Conference Center").
MAJOR_POPULATION = 100_000
LOOKUP_CACHE = 50_000  # names looked up without context, kept per geocoder


class Geocoder:
    """Offline geocoder over the SQLite gazetteer (see docs/places.md)."""

    def __init__(self, gazetteer: Gazetteer, resolver: Resolver | None = None) -> None:
        self.gazetteer = gazetteer
        self.resolver = resolver or Resolver(gazetteer)
        self.location_model = LocationModel.load()
        # a wire's few datelines recur in every one of its articles; resolving one takes a full ranking
        self._datelines: dict[str, Candidate | None] = {}
        self._looked_up: dict[tuple[str, bool], Place | None] = {}  # see lookup_name

    @classmethod
    def load(cls, gazetteer_path: Path | str | None = None) -> Geocoder:
        """Return a Geocoder on the gazetteer at `gazetteer_path`, building it first if missing."""
        return cls(Gazetteer.open(Path(gazetteer_path) if gazetteer_path else None))

    def find_places(
        self,
        doc: spacy.tokens.Doc,
        *,
        dateline: str | None = None,
        title: str | None = None,
        outlet: OutletArea | None = None,
    ) -> list[Place]:
        """Return every place mention in doc.text with offsets, resolved in document context
        (`outlet`: where the outlet's other stories are, outlets.py)."""
        spans = find_mentions(doc, self.gazetteer)
        hints = nationality_countries(doc, self.gazetteer)
        return self.resolve_spans(doc.text, spans, dateline=dateline, title=title, hints=hints, outlet=outlet)

    def resolve_spans(
        self,
        text: str,
        spans: Sequence[tuple[int, int, str | None]],
        *,
        dateline: str | None = None,
        title: str | None = None,
        hints: Sequence[Candidate] = (),
        outlet: OutletArea | None = None,
    ) -> list[Place]:
        """Return a Place for each (start, end, cue) span of `text` that the gazetteer knows."""
        resolved = self.resolve_candidates(
            text, spans, dateline=dateline, title=title, hints=hints, outlet=outlet
        )
        return [to_place(m, c) for m, c in resolved if c is not None and _placeable(m, text)]

    def resolve_candidates(
        self,
        text: str,
        spans: Sequence[tuple[int, int, str | None]],
        *,
        dateline: str | None = None,
        title: str | None = None,
        hints: Sequence[Candidate] = (),
        outlet: OutletArea | None = None,
    ) -> list[tuple[Mention, Candidate | None]]:
        """Return each span's Mention and chosen candidate (None when the name is unknown);
        `hints` are countries that place unknown names when the document has nothing better,
        `outlet` where the outlet's other stories are."""
        mentions, context_text, anchor = self.prepare(text, spans, dateline=dateline, title=title)
        picks = self.resolver.resolve(mentions, context_text, anchor, hints, outlet)
        return list(zip(mentions[: len(spans)], picks[: len(spans)], strict=True))

    def prepare(
        self,
        text: str,
        spans: Sequence[tuple[int, int, str | None]],
        *,
        dateline: str | None,
        title: str | None,
    ) -> tuple[list[Mention], str, Candidate | None]:
        """Return the span mentions, the context text and the dateline place.

        The headline is accepted but not used: its words, added as context-only mentions, lowered
        accuracy on the fit half of LGL + TR-News by half a point (headline places recur in the body).
        """
        mentions = [self.resolver.mention(text[s:e], s, e, cue) for s, e, cue in spans]
        return mentions, text, self.resolve_dateline(dateline)

    def resolve_dateline(self, dateline: str | None) -> Candidate | None:
        """Return the dateline place ("BAGHDAD", "Kirkuk, Iraq") as a candidate, or None (remembered
        per dateline: the candidate is immutable and depends on nothing else)."""
        if not dateline:
            return None
        if dateline not in self._datelines:
            if len(self._datelines) >= MAX_DATELINES:
                self._datelines.clear()
            self._datelines[dateline] = self._resolve_dateline(dateline)
        return self._datelines[dateline]

    def _resolve_dateline(self, dateline: str) -> Candidate | None:
        parts = [p.strip() for p in dateline.split(",") if p.strip()]
        mentions = [self.resolver.mention(p.title() if p.isupper() else p, 0, 0) for p in parts]
        text = ", ".join(m.text for m in mentions)
        offset = 0
        for m in mentions:  # lay the parts out as "X, Y" so the pair features apply
            m.start, m.end = offset, offset + len(m.text)
            offset = m.end + 2
        picks = self.resolver.resolve(mentions, text)
        return picks[0]

    def resolve_name(self, name: str, *, country: str | None = None) -> Place | None:
        """Return the most likely place called `name` (in ISO3 `country` if given), or None."""
        best = self._best_candidate(name, country)
        if best is None:
            return None
        place = to_place(*best)
        return replace(place, start=None, end=None)  # a name, not a mention: no offsets in any text

    def _best_candidate(self, name: str, country: str | None = None) -> tuple[Mention, Candidate] | None:
        mention = self.resolver.mention(name, 0, len(name))
        if not mention.candidates:
            return None
        scores = self.resolver.scores(self.resolver.features([mention], name, None, [None]))[0]
        allowed = [i for i, c in enumerate(mention.candidates) if country is None or c.country == country]
        if not allowed:
            return None
        return mention, mention.candidates[max(allowed, key=lambda i: scores[i])]

    def event_location(
        self, trigger: spacy.tokens.Token, places: Sequence[Place], *, fallback: Place | None = None
    ) -> Place | None:
        """Return the place syntactically linked to `trigger` in its sentence, else `fallback`."""
        if self.location_model is None:
            return event_location(trigger, places, fallback=fallback)
        area = self.unplaced_area(trigger.doc, places)
        lookup = None if places else self.lookup_name
        place, _probability = self.location_model.choose(trigger, places, area, lookup)
        return place or fallback

    def lookup_name(self, name: str, major_only: bool) -> Place | None:
        """Return the place a name found without context most likely is (see resolve_name); with
        `major_only`, only a country, a province, a capital, a province's seat or a city of
        MAJOR_POPULATION people (a part of a longer name: "Maputo" of "the Maputo Conference
        Center"), else None. Cached per name."""
        key = (name, major_only)
        if key not in self._looked_up:
            best = self._best_candidate(name)
            place = replace(to_place(*best), start=None, end=None) if best is not None else None
            if (
                best is not None
                and major_only
                and not (
                    best[1].precision in ("country", "admin1")
                    or best[1].feature in ("PPLC", "PPLA")
                    or best[1].population >= MAJOR_POPULATION
                )
            ):
                place = None
            if len(self._looked_up) > LOOKUP_CACHE:
                self._looked_up.clear()
            self._looked_up[key] = place
        return self._looked_up[key]

    def unplaced_area(self, doc: spacy.tokens.Doc, places: Sequence[Place]) -> Place | None:
        """Return, for a text that names no place, the country its nationality words point at most
        (first named on a tie), as a country Place: the area of the names the gazetteer lacks that
        locative words make places (locate_model.unlisted_places). None when the text names a place
        or no nationality. Computed once per document."""
        if places:
            return None
        if _NATIONALITY_AREA not in doc.user_data:
            countries = Counter(c.country for c in nationality_countries(doc, self.gazetteer) if c.country)
            best = countries.most_common(1)[0][0] if countries else None
            country = self.gazetteer.country(best) if best else None
            doc.user_data[_NATIONALITY_AREA] = (
                to_place(self.resolver.mention(country.name, -1, -1), country) if country else None
            )
        return doc.user_data[_NATIONALITY_AREA]

    def linked_places(self, trigger: spacy.tokens.Token, places: Sequence[Place]) -> list[Place]:
        """Return every place of the trigger's sentence linked to it, best first ("in X and on Y")."""
        return linked_places(trigger, places)


def nationality_countries(doc: spacy.tokens.Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Return the country of every nationality word in `doc` ("the Syrian Arab Army" -> Syria)."""
    found = []
    for match in _CAPITALISED.finditer(doc_text(doc)):  # look up words, not every token
        countries = gazetteer.demonym_candidates(match.group())
        token = doc.char_span(*match.span()) if countries else None
        if token is not None and len(token) == 1 and token[0].pos_ in ("ADJ", "PROPN", "NOUN"):
            found.extend(countries)
    return found


_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z]\w*")
_NATIONALITY_AREA = "eventwire.nationality_area"


_LOCATIVE_BEFORE = re.compile(
    r"\b(in|near|at|outside|around|into|inside|from|towards?|across|of)\s+(the\s+)?$", re.IGNORECASE
)

_PLACE_NOUN_AFTER = re.compile(
    r"\s+(village|town|city|district|neighbou?rhood|suburb|quarter|area|camp|province|region)\b"
)


def _placeable(m: Mention, text: str) -> bool:
    """Return False for a name the gazetteer lacks unless the text puts it as a place ("in X").

    Such names are placed at the document's focus; without the locative word they are more often
    people or organisations the NER mislabelled (measured on LGL: 54 fewer false places, 17 fewer
    found), with it they are mostly villages (they help event location).
    """
    if not has_capital(m.text):
        return False  # "into the bush": a common noun
    if not m.backoff or (m.candidates and not m.key.startswith(SKELETON_PREFIX)):
        return True
    words = m.text.split()
    if len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in NAMED_AREA_WORDS:
        return True  # "Jobar District": a place by its own name
    return bool(
        _LOCATIVE_BEFORE.search(text[max(0, m.start - 20) : m.start]) or _PLACE_NOUN_AFTER.match(text, m.end)
    )


def to_place(mention: Mention, c: Candidate) -> Place:
    """Return the contract Place of a resolved mention."""
    return Place(
        text=mention.text,
        name=c.name,
        country=c.country,
        lat=round(c.lat, 5),
        lon=round(c.lon, 5),
        precision=c.precision,
        admin1=c.admin1,
        admin2=c.admin2,
        geonames_id=None if mention.backoff else c.gid,
        feature=FOCUS_FEATURE if mention.backoff else c.feature,
        start=mention.start if mention.start >= 0 else None,
        end=mention.end if mention.end >= 0 else None,
    )
