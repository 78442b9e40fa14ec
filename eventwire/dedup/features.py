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
    """Return the stems of the words the text comparison ignores (data/generic_words.txt)."""
    lines = (DATA / "generic_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(stem(w.strip()) for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def target_classes() -> dict[str, str]:
    """Return word stem -> the class of target it names (data/targets.txt)."""
    path = DATA / "targets.txt"
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, colon, words = line.partition(":")
        if not colon or not words.split():
            raise ValueError(f"{path}:{n}: expected 'class: word word ...', got {line!r}")
        out.update((stem(w), name.strip()) for w in words.split())
    return out


# Numbers told in words weigh like figures: casualty counts change from report to report.
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve dozen dozens hundred hundreds "
    "thousand thousands".split()
)
# Endings a plural "s" never takes off ("minibus", "press", "crisis").
KEEP_S = ("ss", "us", "is")


def stem(word: str) -> str:
    """Return a light stem: plural and verb endings and a final "e" off, so reports that inflect
    differently agree ("strikes", "striking", "strike"; "seized", "seize"; "minibuses", "minibus")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix, keep in (("ings", 4), ("ing", 4), ("ies", 3), ("ed", 4), ("es", 4), ("s", 3)):
        if not w.endswith(suffix) or len(w) - len(suffix) < keep:
            continue
        if suffix == "es" and not w[:-2].endswith(("s", "x", "z", "ch", "sh")):
            continue  # "strikes": only the "s" goes
        if suffix == "s" and w.endswith(KEEP_S):
            break
        w = w[: -len(suffix)]
        if suffix == "ies":
            w += "y"
        elif suffix in ("ing", "ed", "ings") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]  # "stopped" -> "stop"
        break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def word_weights(
    texts: list[str],
    windows: list[tuple[int, int] | None] | None = None,
    places: frozenset[str] = frozenset(),
) -> tuple[dict[str, float], dict[str, float]]:
    """Return the informative (words, names) of some sentences, each L2-normalised.

    Names are capitalised words inside a sentence (places, groups, people): two attacks in one city
    share them, so they are compared apart from the common words that say what happened (car bomb,
    market, patrol). Numbers weigh half: casualty figures change from report to report. `windows`
    gives, per text, the characters to read (None: all): an event's own part of a shared sentence.
    Names in `places` (the words of the document's resolved place names) are left out: places are
    compared by distance (score.place_agreement), and two attacks in one city share them.
    """
    words: dict[str, float] = {}
    names: dict[str, float] = {}
    generic = generic_words()
    for text, window in zip(texts, windows or [None] * len(texts), strict=True):
        lo, hi = window or (0, len(text))
        offset = 0
        for sentence in re.split(r"((?<=[.!?])\s+|\n+)", text):
            base, offset = offset, offset + len(sentence)
            for i, m in enumerate(WORD.finditer(sentence)):
                if not lo <= base + m.start() < hi:
                    continue
                raw = m.group()
                s = stem(raw)
                if len(s) < 2 or s in generic:
                    continue
                if raw[0].isupper() and i > 0:
                    if s not in places:
                        names[s] = 1.0
                else:
                    number = s.isdigit() or raw.lower() in NUMBER_WORDS
                    words[s] = max(words.get(s, 0.0), 0.5 if number else 1.0)
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
    day_lo: int | None  # the days (proleptic ordinals) its date says it happened on
    day_hi: int | None
    earliest: int | None  # the first day it may have happened on (before day_lo: a reporting day)
    precision: str
    places: tuple[PlaceKey, ...]  # the event's place, then the places named in its evidence
    countries: tuple[str, ...]  # countries of those places
    actors: tuple[str, ...]  # informative actor and recipient keys ("SDNREB", "name:houthis")
    fatalities: int | None
    targets: tuple[str, ...]  # kinds of target its text names (data/targets.txt)
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
        d.setdefault("earliest", d["day_lo"])  # stored before reporting days were known
        d["targets"] = tuple(d.get("targets") or ())
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
# The title tells the article's main event: its words join those of the event told first, when that
# is in the lead (its first this many characters).
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


def _evidence_places(
    event: dict[str, Any], places: list[dict[str, Any]], windows: dict[int, tuple[int, int]]
) -> list[PlaceKey]:
    spans = [
        (s["start"] + windows[s["start"]][0], s["start"] + windows[s["start"]][1])
        if s["start"] in windows
        else (s["start"], s["end"])
        for s in event.get("evidence") or []
    ]
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


def _trigger_at(event: dict[str, Any], span: dict[str, Any]) -> int | None:
    """Return where the event's trigger word is in an evidence span's text (None when not there)."""
    trigger = event.get("trigger")
    m = re.search(rf"\b{re.escape(trigger)}\b", span["text"], re.I) if trigger else None
    return m.start() if m else None


def own_windows(events: list[dict[str, Any]]) -> dict[str, dict[int, tuple[int, int]]]:
    """Return, per event, the part of each evidence sentence it shares with other events that is its own.

    One sentence often tells two events ("a bomb hit a minibus on Saturday, a day after a deadly
    mosque bombing"), and each gets the whole sentence as evidence. Compared whole, the two would
    look alike and each would look like the other's reports; each word therefore goes to the event
    whose trigger is nearest (cut halfway between triggers). An event whose trigger is not in a
    shared sentence ("The attack came a day after a suicide bombing") reads none of it. Keys:
    event_id, then span start.
    """
    sharing: dict[tuple[int, int], list[tuple[int | None, str]]] = {}
    for ev in events:
        for span in ev.get("evidence") or []:
            sharing.setdefault((span["start"], span["end"]), []).append(
                (_trigger_at(ev, span), ev["event_id"])
            )
    out: dict[str, dict[int, tuple[int, int]]] = {}
    for (start, end), found in sharing.items():
        positions = sorted({at for at, _ in found if at is not None})
        if len(found) < 2 or not positions or len(positions) == len(found) == 1:
            continue
        cuts = [0, *((a + b) // 2 for a, b in zip(positions, positions[1:], strict=False)), end - start]
        for at, event_id in found:
            k = positions.index(at) if at is not None else None
            out.setdefault(event_id, {})[start] = (cuts[k], cuts[k + 1]) if k is not None else (0, 0)
    return out


def lead_event(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Return the event the article tells first when it is in the lead (the one its headline is about)."""
    told = [e for e in events if e.get("evidence")]
    if not told:
        return None

    def place(e: dict[str, Any]) -> tuple[int, int]:
        first = e["evidence"][0]
        return first["start"], _trigger_at(e, first) or 0

    first = min(told, key=place)
    return first if first["evidence"][0]["start"] < LEAD_CHARS else None


def reporting_day(published: str | None) -> int | None:
    """Return the publication day (ordinal) of a report as its own time zone counts days."""
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def document_features(doc: dict[str, Any], published_utc: str | None) -> list[EventFeatures]:
    """Return the comparison features of every event of one document (contract JSON)."""
    events = doc.get("events") or []
    windows = own_windows(events)
    lead = lead_event(events)
    reported = reporting_day(doc.get("published"))
    return [
        event_features(
            ev,
            doc["doc_id"],
            published_utc,
            doc.get("places"),
            doc.get("title") if ev is lead else None,
            windows.get(ev["event_id"], {}),
            reported,
        )
        for ev in events
    ]


def event_features(
    event: dict[str, Any],
    doc_id: str,
    published_utc: str | None,
    places: list[dict[str, Any]] | None = None,
    title: str | None = None,
    windows: dict[int, tuple[int, int]] | None = None,
    reported: int | None = None,
) -> EventFeatures:
    """Return the comparison features of one event (contract JSON) reported by document doc_id.

    `places` are the document's place mentions (contract JSON, with offsets), `title` its headline
    when this is the event it is about, `windows` the event's own parts of shared sentences
    (own_windows) and `reported` the document's publication day (reporting_day).
    """
    plover = event.get("plover") or {}
    people = (event.get("actors") or []) + (event.get("recipients") or [])
    precision = event.get("date_precision") or "publication"
    lo, hi = date_interval(event.get("date"), precision)
    evidence = event.get("evidence") or []
    windows = windows or {}
    texts = [s["text"] for s in evidence]
    cut = [windows.get(s["start"]) for s in evidence]
    if title:
        texts.append(_sentence_case(title))
        cut.append(None)
    place_words = frozenset(stem(w) for p in places or [] for w in WORD.findall(p.get("text") or ""))
    words, names = word_weights(texts, cut, place_words)
    place_keys = _evidence_places(event, places or [], windows)
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
        earliest=_earliest(lo, hi, precision, reported),
        precision=precision,
        places=tuple(place_keys),
        countries=tuple(sorted({p[3] for p in place_keys if p[3]})),
        actors=tuple(sorted(_actor_keys(people))),
        fatalities=event.get("fatalities"),
        targets=tuple(sorted({target_classes()[w] for w in words if w in target_classes()})),
        words=words,
        names=names,
    )


def _earliest(lo: int | None, hi: int | None, precision: str, reported: int | None) -> int | None:
    """Return the first day an event may have happened on. A day-precision date that is its report's
    own publication day is often the day officials spoke or the toll rose ("rose to 17 on Tuesday",
    a dateline "GOMA, Jan 30"), so the event may be up to PUBLICATION_LOOKBACK_DAYS older."""
    if lo is not None and precision == "day" and lo == hi == reported:
        return lo - PUBLICATION_LOOKBACK_DAYS
    return lo
