"""What the cross-document comparison reads from one event: its type family, the days it may have
happened on, its place, actors, casualties and the words of its evidence.

`event_features(event, doc_id, published_utc, outlet)` takes an event as contract JSON (what the
store keeps) and returns an `EventFeatures`; `to_json`/`from_json` store it beside the event so a
comparison never re-reads the document.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

# PLOVER v2's own grouping of its 16 types into verbal/material cooperation/conflict. Two reports of
# one real event may code it differently inside a family ("police shot dead two protesters" is an
# ASSAULT, "protesters clashed with police" a PROTEST), never across families.
FAMILY = {
    "AGREE": "coop-verbal",
    "CONSULT": "coop-verbal",
    "SUPPORT": "coop-verbal",
    "CONCEDE": "coop-verbal",
    "COOPERATE": "coop-material",
    "AID": "coop-material",
    "RETREAT": "coop-material",
    "REQUEST": "conflict-verbal",
    "ACCUSE": "conflict-verbal",
    "REJECT": "conflict-verbal",
    "THREATEN": "conflict-verbal",
    "PROTEST": "conflict-material",
    "SANCTION": "conflict-material",
    "MOBILIZE": "conflict-material",
    "COERCE": "conflict-material",
    "ASSAULT": "conflict-material",
}
# Modalities that can describe the same real event: a claimed attack is the attack.
MODALITY_GROUP = {
    "asserted": "real",
    "claimed": "real",
    "future": "future",
    "negated": "negated",
    "hypothetical": "hypothetical",
}
# An event dated only by its report's publication day happened on that day or in the days before:
# follow-up reports without a date phrase tell of events up to a few days old.
PUBLICATION_LOOKBACK_DAYS = 3
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Return the words the text comparison ignores (data/generic_words.txt)."""
    lines = (DATA / "generic_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def stem(word: str) -> str:
    """Return a light stem: plural and verb endings off, so reports that inflect differently agree."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix, keep in (("ings", 4), ("ing", 4), ("ies", 3), ("ed", 4), ("es", 4), ("s", 3)):
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: -len(suffix)]
            if suffix == "ies":
                w += "y"
            elif suffix in ("ing", "ed", "ings") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # "bombbed" never happens, but "stopped" -> "stop"
            break
    return w


def word_weights(texts: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Return the informative (words, names) of some sentences, each L2-normalised.

    Names are capitalised words inside a sentence (places, groups, people): two attacks in one city
    share them, so they are compared apart from the common words that say what happened (car bomb,
    market, patrol). Numbers weigh half: casualty figures change from report to report.
    """
    words: dict[str, float] = {}
    names: dict[str, float] = {}
    generic = generic_words()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            for i, m in enumerate(WORD.finditer(sentence)):
                raw = m.group()
                s = stem(raw)
                if len(s) < 2 or s in generic:
                    continue
                if raw[0].isupper() and i > 0:
                    names[s] = 1.0
                else:
                    words[s] = max(words.get(s, 0.0), 0.5 if s.isdigit() else 1.0)
    return _normalised(words), _normalised(names)


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: round(v / norm, 5) for w, v in sorted(weights.items())}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the cosine of two L2-normalised word-weight maps."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)


PlaceKey = tuple[float, float, str, str | None, str | None]  # lat, lon, precision, country, admin1


@dataclass(frozen=True)
class EventFeatures:
    """One event as the cross-document comparison sees it."""

    event_id: str
    doc_id: str
    sort_key: str  # publication time (UTC) + ids: the canonical order of events
    type: str | None
    family: str | None
    mode: str | None
    modality: str
    day_lo: int | None  # the days (proleptic ordinals) the event may have happened on
    day_hi: int | None
    precision: str
    places: tuple[PlaceKey, ...]  # the event's place, then the places named in its evidence
    countries: tuple[str, ...]  # countries of those places
    actors: tuple[str, ...]  # informative actor and recipient keys ("SDNREB", "name:houthis")
    fatalities: int | None
    words: dict[str, float]
    names: dict[str, float]

    def to_json(self) -> str:
        """Return the features as one JSON string (stored beside the event)."""
        return json.dumps(self.__dict__, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> EventFeatures:
        """Rebuild features stored by to_json."""
        d = json.loads(text)
        d["places"] = tuple(tuple(p) for p in d["places"])
        d["countries"], d["actors"] = tuple(d["countries"]), tuple(d["actors"])
        return cls(**d)


def date_interval(value: str | None, precision: str) -> tuple[int | None, int | None]:
    """Return the first and last day (ordinals) an event dated `value` at `precision` may have happened on."""
    if not value:
        return None, None
    try:
        if precision == "year" or re.fullmatch(r"\d{4}", value):
            year = int(value[:4])
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        if precision == "month" or re.fullmatch(r"\d{4}-\d{2}", value):
            first = date(int(value[:4]), int(value[5:7]), 1)
            following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
            return first.toordinal(), following.toordinal() - 1
        day = date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None, None
    if precision == "week":
        return day, day + 6
    if precision == "publication":
        return day - PUBLICATION_LOOKBACK_DAYS, day
    return day, day


# Sectors whose actors are told apart by name (a rebel group, a party); for the rest (government,
# army, police, civilians) the country and sector code is the informative key.
NAMED_SECTORS = {"REB", "INS", "IGO", "NGO", "OPP", "PTY", "CRM", "MED", "BUS", "EDU", "REL"}
# The title tells the article's main event: its words join those of an event told in the lead.
LEAD_CHARS = 600


def _actor_keys(actors: list[dict[str, Any]]) -> set[str]:
    keys = set()
    for a in actors:
        code = a.get("code") or ""
        if len(code) >= 6:
            keys.add(code)
        if a.get("name") and a.get("sector") in NAMED_SECTORS:
            keys.add(f"name:{a['name'].lower()}")
    return keys


def _place_key(p: dict[str, Any]) -> PlaceKey | None:
    if p.get("lat") is None or p.get("lon") is None:
        return None
    return (
        round(p["lat"], 4),
        round(p["lon"], 4),
        p.get("precision") or "country",
        p.get("country"),
        p.get("admin1"),
    )


def _evidence_places(event: dict[str, Any], places: list[dict[str, Any]]) -> list[PlaceKey]:
    spans = [(s["start"], s["end"]) for s in event.get("evidence") or []]
    keys: list[PlaceKey] = []
    for p in [event.get("location") or {}] + [
        p for p in places if p.get("start") is not None and any(a <= p["start"] < b for a, b in spans)
    ]:
        key = _place_key(p)
        if key is not None and key not in keys:
            keys.append(key)
    return keys


def _sentence_case(title: str) -> str:
    """Return a Title Case Headline in lower case (its capitals mark no names); others unchanged."""
    words = [w for w in title.split() if w[:1].isalpha()]
    capitalised = sum(w[0].isupper() for w in words)
    return title.lower() if words and capitalised / len(words) > 0.6 else title


def event_features(
    event: dict[str, Any],
    doc_id: str,
    published_utc: str | None,
    places: list[dict[str, Any]] | None = None,
    title: str | None = None,
) -> EventFeatures:
    """Return the comparison features of one event (contract JSON) reported by document doc_id.

    `places` are the document's place mentions (contract JSON, with offsets) and `title` its headline.
    """
    plover = event.get("plover") or {}
    people = (event.get("actors") or []) + (event.get("recipients") or [])
    lo, hi = date_interval(event.get("date"), event.get("date_precision") or "publication")
    evidence = event.get("evidence") or []
    texts = [s["text"] for s in evidence]
    if title and evidence and evidence[0]["start"] < LEAD_CHARS:
        texts.append(_sentence_case(title))
    words, names = word_weights(texts)
    place_keys = _evidence_places(event, places or [])
    return EventFeatures(
        event_id=event["event_id"],
        doc_id=doc_id,
        sort_key=f"{published_utc or '9999'}|{doc_id}|{event['event_id']}",
        type=plover.get("type"),
        family=FAMILY.get(plover.get("type") or ""),
        mode=plover.get("mode"),
        modality=event.get("modality") or "asserted",
        day_lo=lo,
        day_hi=hi,
        precision=event.get("date_precision") or "publication",
        places=tuple(place_keys),
        countries=tuple(sorted({p[3] for p in place_keys if p[3]})),
        actors=tuple(sorted(_actor_keys(people))),
        fatalities=event.get("fatalities"),
        words=words,
        names=names,
    )
