"""What the cross-document comparison reads from one event: its type family, the days it may have
happened on, its place, actors, casualties and the words of its evidence.

`event_features(event, doc_id, published_utc, outlet)` takes an event as contract JSON (what the
store keeps) and returns an `EventFeatures`; `to_json`/`from_json` store it beside the event so a
comparison never re-reads the document.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

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
def generic_words() -> tuple[frozenset[str], frozenset[str]]:
    """Return the stems of the words the text comparison ignores (data/generic_words.txt): always,
    and only when capitalised (the months "March" and "May", not the verbs)."""
    lines = (DATA / "generic_words.txt").read_text(encoding="utf-8").splitlines()
    words = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
    return (
        frozenset(stem(w) for w in words if not w[0].isupper()),
        frozenset(stem(w) for w in words if w[0].isupper()),
    )


def _word_classes(name: str) -> dict[str, str]:
    """Return word stem -> class from a data file of lines 'class: word word ...'."""
    path = DATA / name
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, colon, words = line.partition(":")
        if not colon or not words.split():
            raise ValueError(f"{path}:{n}: expected 'class: word word ...', got {line!r}")
        out.update((stem(w), label.strip()) for w in words.split())
    return out


@lru_cache(maxsize=1)
def target_classes() -> dict[str, str]:
    """Return word stem -> the class of target it names (data/targets.txt)."""
    return _word_classes("targets.txt")


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Return word stem -> the word the text comparison counts it as (data/synonyms.txt: "abducted"
    and "kidnapped" are one word)."""
    return {w: f"~{label}" for w, label in _word_classes("synonyms.txt").items()}


# Where a sentence refers back to another incident: "two days after", "a day before", "less than a
# week after" (clause_windows).
BACK_REFERENCE = re.compile(
    r"\b(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d+)\s+"
    r"(?:days?|weeks?|hours?|months?)|(?:less|more)\s+than\s+(?:a|an|one|two|three)\s+(?:days?|weeks?)"
    r"|the\s+day|hours|days|weeks)\s+(?:after|before)\b",
    re.I,
)
# A dateline: the place (and date, and agency) before the first dash of the text.
DATELINE = re.compile(r"[^\n]{0,80}?\s[-\u2013\u2014]\s")
NUMBER_NAMES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split()
)
# Numbers told in words weigh like figures: casualty counts change from report to report.
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve dozen dozens hundred hundreds "
    "thousand thousands".split()
)
# Endings a plural "s" never takes off ("minibus", "press", "crisis").
KEEP_S = ("ss", "us", "is")


@lru_cache(maxsize=65536)  # news repeats its words: most are stemmed once
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
    same = synonyms()
    for text, window in zip(texts, windows or [None] * len(texts), strict=True):
        lo, hi = window or (0, len(text))
        for at, s, is_name, number in _tokens(text):
            if not lo <= at < hi:
                continue
            if is_name:
                if s not in places:
                    names[s] = 1.0
            else:
                s = same.get(s, s)
                weight = 0.5 if number or s.isdigit() else 1.0
                words[s] = max(words.get(s, 0.0), weight)
    return _normalised(words), _normalised(names)


@lru_cache(maxsize=4096)  # the events of one document share sentences (and its headline)
def _tokens(text: str) -> tuple[tuple[int, str, bool, bool], ...]:
    """Return (offset, stem, is a name, is a number word) of the informative words of a text: a
    capitalised word inside its sentence is a name; generic words are left out."""
    generic, capitalised = generic_words()
    out = []
    offset = 0
    for sentence in re.split(r"((?<=[.!?])\s+|\n+)", text):
        base, offset = offset, offset + len(sentence)
        for i, m in enumerate(WORD.finditer(sentence)):
            raw = m.group()
            s = stem(raw)
            if len(s) < 2 or s in generic or (raw[0].isupper() and s in capitalised):
                continue
            out.append((base + m.start(), s, raw[0].isupper() and i > 0, raw.lower() in NUMBER_WORDS))
    return tuple(out)


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
        return orjson.dumps(self.__dict__).decode()

    @classmethod
    def from_json(cls, text: str) -> EventFeatures:
        """Rebuild features stored by to_json."""
        d = orjson.loads(text)
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
    event: dict[str, Any],
    places: list[dict[str, Any]],
    windows: dict[int, tuple[int, int]],
    dateline_end: int = 0,
) -> list[PlaceKey]:
    """Return the event's place and the places named in its own part of its evidence, leaving out
    the dateline's ("AMMAN, April 16 (Meridian) -": where the reporter files from, often a capital
    or a neighbouring country, not where it happened)."""
    evidence = event.get("evidence") or []
    spans = [
        (s["start"] + windows[s["start"]][0], s["start"] + windows[s["start"]][1])
        if s["start"] in windows
        else (s["start"], s["end"])
        for s in evidence
    ]

    def told_elsewhere(at: int) -> bool:  # in its evidence, but in another event's part or the dateline
        return at < dateline_end or (
            any(s["start"] <= at < s["end"] for s in evidence) and not any(a <= at < b for a, b in spans)
        )

    keys: list[PlaceKey] = []
    location = event.get("location") or {}
    if location:
        location = {**location, "start": _location_start(location)}
    for p in [location] + [
        p for p in places if p.get("start") is not None and any(a <= p["start"] < b for a, b in spans)
    ]:
        if p.get("start") is not None and told_elsewhere(p["start"]):
            continue
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


def clause_windows(events: list[dict[str, Any]]) -> dict[str, dict[int, tuple[int, int]]]:
    """Return, per event, the clause of each evidence sentence that tells it, when the sentence also
    refers back to another incident ("... killing four, two days after air raids on a market killed
    11"). The coder often makes one event of such a sentence; its words, places and figure after the
    back-reference belong to the earlier incident, and would make the report look like one of it.
    The clause is the part between back-references that holds the event's trigger. Keys as own_windows.
    """
    out: dict[str, dict[int, tuple[int, int]]] = {}
    for ev in events:
        for span in ev.get("evidence") or []:
            text = span["text"]
            lowered = text.lower()  # the pattern needs "after" or "before": most sentences have neither
            if "after" not in lowered and "before" not in lowered:
                continue
            cuts = [m.start() for m in BACK_REFERENCE.finditer(text)]
            at = _trigger_at(ev, span) if cuts else None
            if at is None:
                continue
            bounds = [0, *cuts, len(span["text"])]
            k = max(i for i, b in enumerate(bounds[:-1]) if b <= at)
            out.setdefault(ev["event_id"], {})[span["start"]] = (bounds[k], bounds[k + 1])
    return out


def _intersect(
    a: dict[str, dict[int, tuple[int, int]]], b: dict[str, dict[int, tuple[int, int]]]
) -> dict[str, dict[int, tuple[int, int]]]:
    """Return the windows both give (a span in only one keeps its window)."""
    out = {e: dict(spans) for e, spans in a.items()}
    for e, spans in b.items():
        mine = out.setdefault(e, {})
        for start, (lo, hi) in spans.items():
            old_lo, old_hi = mine.get(start, (lo, hi))
            lo, hi = max(lo, old_lo), min(hi, old_hi)
            mine[start] = (lo, hi) if lo < hi else (0, 0)
    return out


def dateline_end(doc: dict[str, Any]) -> int:
    """Return where the dateline ("KYIV, April 30 (Meridian) - ") ends in the text, 0 without one."""
    if not doc.get("dateline"):
        return 0
    m = DATELINE.match(doc.get("text") or "")
    return m.end() if m else 0


def dateline_country(doc: dict[str, Any], end: int) -> PlaceKey | None:
    """Return the dateline's place as a country-wide place (its city says where the reporter is, its
    country usually, not always, where the news is), None without one."""
    name = (doc.get("dateline") or "").lower()
    for p in doc.get("places") or []:
        if (
            p.get("start") is not None
            and p["start"] < end
            and name
            in (
                (p.get("text") or "").lower(),
                (p.get("name") or "").lower(),
            )
        ):
            return _country_wide(p)
    return None


def _filed_from(event: dict[str, Any], dateline: int) -> PlaceKey | None:
    """Return the event's place as a country-wide place when the coder took it from the dateline."""
    loc = event.get("location") or {}
    return _country_wide(loc) if loc and _location_start(loc) < dateline else None


def _location_start(loc: dict[str, Any]) -> int:
    """Return where an event's place is told; one the coder inferred rather than read (the dateline's
    city, the story's country: no offsets) counts as told at the top of the story, like the dateline."""
    start = loc.get("start")
    return 0 if start is None else start


def _country_wide(p: dict[str, Any]) -> PlaceKey | None:
    key = _place_key(p)
    return (key[0], key[1], "country", key[3], None) if key is not None and key[3] else None


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
    windows = _intersect(own_windows(events), clause_windows(events))
    lead = lead_event(events)
    reported = reporting_day(doc.get("published"))
    dateline = dateline_end(doc)
    filed_from = dateline_country(doc, dateline)
    return [
        event_features(
            ev,
            doc["doc_id"],
            published_utc,
            doc.get("places"),
            doc.get("title") if ev is lead else None,
            windows.get(ev["event_id"], {}),
            reported,
            dateline,
            filed_from,
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
    dateline: int = 0,
    filed_from: PlaceKey | None = None,
) -> EventFeatures:
    """Return the comparison features of one event (contract JSON) reported by document doc_id.

    `places` are the document's place mentions (contract JSON, with offsets), `title` its headline
    when this is the event it is about, `windows` the event's own parts of its evidence sentences
    (own_windows, clause_windows), `reported` the document's publication day (reporting_day) and
    `dateline` where its dateline ends (dateline_end) and `filed_from` its country (dateline_country):
    the place of an event whose evidence names none. It is not among the event's countries, so it
    never rules a pair out; another country only counts against it (score.place_agreement).
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
    place_keys = _evidence_places(event, places or [], windows, dateline)
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
        places=tuple(place_keys or [k for k in (filed_from, _filed_from(event, dateline)) if k][:1]),
        countries=tuple(sorted({p[3] for p in place_keys if p[3]})),
        actors=tuple(sorted(_actor_keys(people))),
        fatalities=_own_figure(event.get("fatalities"), evidence, windows),
        targets=tuple(sorted({target_classes()[w] for w in words if w in target_classes()})),
        words=words,
        names=names,
    )


def _own_figure(
    figure: int | None, evidence: list[dict[str, Any]], windows: dict[int, tuple[int, int]]
) -> int | None:
    """Return the event's casualty figure, or None when its evidence states it only in another event's
    part of a sentence ("... killing four, two days after air raids killed 11": 11 is not this toll)."""
    if figure is None or not windows:
        return figure
    pattern = re.compile(
        rf"\b(?:{figure}|{NUMBER_NAMES[figure]})\b" if figure < len(NUMBER_NAMES) else rf"\b{figure}\b",
        re.I,
    )
    own = elsewhere = False
    for span in evidence:
        text = span["text"]
        lo, hi = windows.get(span["start"], (0, len(text)))
        for m in pattern.finditer(text):
            if lo <= m.start() < hi:
                own = True
            else:
                elsewhere = True
    return None if elsewhere and not own else figure


def _earliest(lo: int | None, hi: int | None, precision: str, reported: int | None) -> int | None:
    """Return the first day an event may have happened on. A day-precision date that is its report's
    own publication day is often the day officials spoke or the toll rose ("rose to 17 on Tuesday",
    a dateline "GOMA, Jan 30"), so the event may be up to PUBLICATION_LOOKBACK_DAYS older."""
    if lo is not None and precision == "day" and lo == hi == reported:
        return lo - PUBLICATION_LOOKBACK_DAYS
    return lo
