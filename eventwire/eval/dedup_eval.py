"""Cross-document deduplication against gold: pairwise and B-cubed scores of "same real event".

Two gold sets:

- own (tests/data/dedup/corpus.txt): articles written for eventwire, several outlets per incident,
  with look-alike incidents. Each `gold:` line names an incident and a key phrase of the body.
  unseen (tests/data/dedup/unseen.txt) is a second such corpus, written after the scorer was fitted.
- meantime (../shared/gold/meantime/intra_cross-doc_annotation, never copied): Wikinews articles
  whose event mentions carry a corpus-wide `instance_id` (cross-document coreference).

In both, the articles go through the real pipeline and the real store (a temporary SQLite file, or
in memory with `use_store=False`), and each gold mention is matched to an extracted event by span:
an event whose evidence sentence holds the mention, preferring the one whose trigger is inside it, then
the one whose trigger is nearest (one sentence often tells two events).
Only matched events are scored (`coverage` says how many gold mentions found an event):

- pairwise precision/recall/F1 over pairs of matched events: "in one cluster" against "one incident";
- B-cubed precision/recall/F1 over matched events;
- `pollution`: clusters holding a matched event that also hold unmatched events of other documents.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dedup import cluster_events, document_features
from ..dedup.features import FAMILY
from ..ingest import RawDoc, content_id
from ..models import Document, to_dict

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OWN = ROOT / "tests" / "data" / "dedup" / "corpus.txt"
# Incidents written after the weights were fitted, never tuned on: the figure for unseen news.
DEFAULT_UNSEEN = ROOT / "tests" / "data" / "dedup" / "unseen.txt"
DEFAULT_MEANTIME = ROOT.parent / "shared" / "gold" / "meantime" / "intra_cross-doc_annotation"


@dataclass(frozen=True)
class GoldMention:
    """One report of a real event: the incident it reports and where the text tells it."""

    article: str
    incident: str
    type: str | None
    key: str  # verbatim phrase of the article's text (own) or the mention's tokens (MEANTIME)
    occurrence: int = 0  # which occurrence of `key` in the text (MEANTIME: tokens repeat)


@dataclass(frozen=True)
class Article:
    id: str
    raw: RawDoc
    gold: tuple[GoldMention, ...]


# ---- the own corpus -----------------------------------------------------------------------------


def load_own(path: Path = DEFAULT_OWN) -> list[Article]:
    """Return the articles of the own corpus with their gold mentions."""
    text = path.read_text(encoding="utf-8")
    articles = []
    for block in re.split(r"(?m)^=== ", text)[1:]:
        head, _, body = block.partition("\n\n")
        lines = head.splitlines()
        art_id, meta, gold = lines[0].strip(), {}, []
        for line in lines[1:]:
            key, _, value = line.partition(": ")
            if key == "gold":
                label, _, phrase = value.partition(" | ")
                incident, _, etype = label.partition(" ")
                gold.append(GoldMention(art_id, incident, etype or None, phrase.strip()))
            else:
                meta[key] = value.strip()
        body = body.strip() + "\n"
        for g in gold:
            if g.key not in body:
                raise ValueError(f"{path}: article {art_id}: gold phrase {g.key!r} is not in its text")
        raw = RawDoc(f"{path.name}#{art_id}", "record", body, content_id(body, meta.get("url")), meta)
        articles.append(Article(art_id, raw, tuple(gold)))
    return articles


# ---- MEANTIME ------------------------------------------------------------------------------------


def load_meantime(folder: Path = DEFAULT_MEANTIME) -> list[Article]:
    """Return the MEANTIME articles with their event mentions labelled by cross-document instance."""
    import xml.etree.ElementTree as ET

    from .dates_eval import _detokenize

    articles = []
    for path in sorted(folder.rglob("*.xml")):
        root = ET.parse(path).getroot()
        by_sentence: dict[int, list[tuple[str, str]]] = {}
        for t in root.iter("token"):
            by_sentence.setdefault(int(t.get("sentence", "0")), []).append((t.get("t_id", ""), t.text or ""))
        sentences = {n: _detokenize(words) for n, words in sorted(by_sentence.items())}
        title = sentences[0][0] if 0 in sentences else None
        body_numbers = [n for n in sorted(sentences) if n >= 2]
        text, where = "", {}
        for n in body_numbers:
            sentence, spans = sentences[n]
            base = len(text) + (1 if text else 0)
            text += (" " if text else "") + sentence
            where.update({t: (base + a, base + b) for t, (a, b) in spans.items()})
        instance = {}
        for ev in root.iter("EVENT"):  # without an instance_id the event is known in this article only
            instance[ev.get("m_id")] = ev.get("instance_id") or f"{path.stem}#{ev.get('m_id')}"
        refers = {}
        for rel in root.iter("REFERS_TO"):
            target = rel.find("target")
            if target is not None and target.get("m_id") in instance:
                for src in rel.findall("source"):
                    refers[src.get("m_id")] = instance[target.get("m_id")]
        gold = []
        for mention in root.iter("EVENT_MENTION"):
            ids = [a.get("t_id") for a in mention.findall("token_anchor")]
            if not ids or mention.get("m_id") not in refers or any(i not in where for i in ids):
                continue
            start, end = where[ids[0]][0], where[ids[-1]][1]
            key = text[start:end]
            occurrence = len(_spans(text[:start], key))
            gold.append(GoldMention(path.stem, refers[mention.get("m_id")], None, key, occurrence))
        created = next(
            (t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"),
            None,
        )
        meta = {
            "title": title,
            "url": root.get("url"),
            "published": f"{created}T12:00:00+00:00"
            if created and re.fullmatch(r"\d{4}-\d{2}-\d{2}", created)
            else None,
        }
        raw = RawDoc(
            f"meantime#{path.stem}",
            "record",
            text + "\n",
            content_id(text, meta["url"]),
            {k: v for k, v in meta.items() if v},
        )
        articles.append(Article(path.stem, raw, tuple(gold)))
    return articles


# ---- scoring ------------------------------------------------------------------------------------


@dataclass
class DedupReport:
    """Scores and errors of one evaluation."""

    name: str
    gold_mentions: int = 0
    matched: int = 0
    incidents: int = 0
    events: int = 0
    clusters: int = 0
    pairs_tp: int = 0
    pairs_fp: int = 0
    pairs_fn: int = 0
    b3_precision: float = 0.0
    b3_recall: float = 0.0
    polluted: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        return self.matched / self.gold_mentions if self.gold_mentions else 0.0

    @property
    def pairwise_precision(self) -> float:
        return self.pairs_tp / (self.pairs_tp + self.pairs_fp) if self.pairs_tp + self.pairs_fp else 0.0

    @property
    def pairwise_recall(self) -> float:
        return self.pairs_tp / (self.pairs_tp + self.pairs_fn) if self.pairs_tp + self.pairs_fn else 0.0

    @property
    def pairwise_f1(self) -> float:
        p, r = self.pairwise_precision, self.pairwise_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def bcubed_f1(self) -> float:
        p, r = self.b3_precision, self.b3_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _spans(text: str, key: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(key), text)]


def _trigger_distance(event: dict[str, Any], start: int, end: int) -> int:
    """Return how many characters the event's trigger is from the text span (0 inside; large when not
    found): of two events told in one sentence, the mention is the one whose trigger is next to it."""
    trigger = event.get("trigger")
    found = [
        span["start"] + m.start()
        for span in event.get("evidence") or []
        for m in (re.finditer(rf"\b{re.escape(trigger)}\b", span["text"], re.I) if trigger else ())
    ]
    return min((max(start - at, at - end, 0) for at in found), default=1 << 30)


def match_mentions(doc: dict[str, Any], gold: Sequence[GoldMention]) -> dict[GoldMention, str]:
    """Return gold mention -> event_id of the document event that reports it (by span)."""
    out: dict[GoldMention, str] = {}
    taken: set[str] = set()
    for g in gold:
        spans = _spans(doc["text"], g.key)
        if len(spans) <= g.occurrence:
            continue
        start, end = spans[g.occurrence]
        best, best_rank = None, None
        for i, ev in enumerate(doc["events"]):
            if ev["event_id"] in taken:
                continue
            if not any(s["start"] < end and start < s["end"] for s in ev.get("evidence") or []):
                continue
            trigger = (ev.get("trigger") or "").lower()
            in_key = bool(trigger) and re.search(rf"\b{re.escape(trigger)}\b", g.key.lower()) is not None
            etype = ev["plover"].get("type")
            same_family = g.type is None or FAMILY.get(etype or "") == FAMILY.get(g.type)
            if not (in_key or same_family):
                continue  # another event told in the same sentence
            first = ev["evidence"][0]
            rank = (
                not in_key,
                g.type is not None and etype != g.type,
                not same_family,
                not first["start"] <= start < first["end"],
                _trigger_distance(ev, start, end),
                len(ev["evidence"]),
                i,
            )
            if best_rank is None or rank < best_rank:
                best, best_rank = ev["event_id"], rank
        if best is not None:
            out[g] = best
            taken.add(best)
    return out


def score_clusters(
    name: str,
    docs: Sequence[dict[str, Any]],
    gold: dict[str, Sequence[GoldMention]],
    cluster_of: dict[str, str],
    describe: dict[str, str] | None = None,
) -> DedupReport:
    """Return the scores of a clustering (event_id -> cluster_id) against the gold mentions per doc_id."""
    report = DedupReport(name)
    incident_of: dict[str, str] = {}
    doc_of: dict[str, str] = {}
    for doc in docs:
        mentions = gold.get(doc["doc_id"], ())
        report.gold_mentions += len(mentions)
        for ev in doc["events"]:
            doc_of[ev["event_id"]] = doc["doc_id"]
        for g, event_id in match_mentions(doc, mentions).items():
            incident_of[event_id] = g.incident
    report.matched = len(incident_of)
    report.events = len(doc_of)
    report.incidents = len(set(incident_of.values()))
    matched = sorted(incident_of)
    report.clusters = len({cluster_of[e] for e in matched})
    describe = describe or {}
    for i, a in enumerate(matched):
        for b in matched[i + 1 :]:
            if doc_of[a] == doc_of[b]:
                continue  # two events of one document never share a cluster: pairs are cross-document
            same_gold, same_cluster = incident_of[a] == incident_of[b], cluster_of[a] == cluster_of[b]
            if same_gold and same_cluster:
                report.pairs_tp += 1
            elif same_cluster:
                report.pairs_fp += 1
                report.errors.append(
                    f"merged {incident_of[a]} {describe.get(a, a)}  WITH  {incident_of[b]} "
                    f"{describe.get(b, b)}"
                )
            elif same_gold:
                report.pairs_fn += 1
                report.errors.append(
                    f"split  {incident_of[a]} {describe.get(a, a)}  FROM  {describe.get(b, b)}"
                )
    by_cluster: dict[str, list[str]] = defaultdict(list)
    by_incident: dict[str, list[str]] = defaultdict(list)
    for e in matched:
        by_cluster[cluster_of[e]].append(e)
        by_incident[incident_of[e]].append(e)
    if matched:
        report.b3_precision = sum(
            sum(incident_of[x] == incident_of[e] for x in by_cluster[cluster_of[e]])
            / len(by_cluster[cluster_of[e]])
            for e in matched
        ) / len(matched)
        report.b3_recall = sum(
            sum(cluster_of[x] == cluster_of[e] for x in by_incident[incident_of[e]])
            / len(by_incident[incident_of[e]])
            for e in matched
        ) / len(matched)
    report.extra["gold cross-document pairs"] = (
        f"{_gold_pairs(docs, gold)}, of them with both reports matched to events: "
        f"{report.pairs_tp + report.pairs_fn}"
    )
    members: dict[str, list[str]] = defaultdict(list)
    for e, c in cluster_of.items():
        members[c].append(e)
    report.polluted = sum(
        1
        for c in {cluster_of[e] for e in matched}
        if any(
            x not in incident_of and doc_of.get(x) not in {doc_of[y] for y in members[c] if y in incident_of}
            for x in members[c]
        )
    )
    return report


def _gold_pairs(docs: Sequence[dict[str, Any]], gold: dict[str, Sequence[GoldMention]]) -> int:
    """Return how many cross-document pairs of gold mentions report one incident: what pairwise recall
    could reach if every mention were matched (MEANTIME: most of its event mentions are not conflict
    or cooperation events, so the coder finds none there)."""
    per_incident: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for g in gold.get(doc["doc_id"], ()):
            per_incident[g.incident][doc["doc_id"]] += 1
    total = 0
    for by_doc in per_incident.values():
        n = sum(by_doc.values())
        total += (n * n - sum(k * k for k in by_doc.values())) // 2
    return total


def format_report(r: DedupReport, show_errors: int = 30) -> str:
    """Return the report as text."""
    lines = [
        f"{r.name}: {r.gold_mentions} gold mentions of {r.incidents} incidents matched to events: "
        f"{r.matched} "
        f"(coverage {r.coverage:.3f}); {r.events} events extracted in all",
        f"  pairwise  P {r.pairwise_precision:.3f}  R {r.pairwise_recall:.3f}  F1 {r.pairwise_f1:.3f}  "
        f"(tp {r.pairs_tp}, fp {r.pairs_fp}, fn {r.pairs_fn})",
        f"  B-cubed   P {r.b3_precision:.3f}  R {r.b3_recall:.3f}  F1 {r.bcubed_f1:.3f}",
        f"  clusters holding matched events: {r.clusters}; of them with unmatched events of other documents: "
        f"{r.polluted}",
    ]
    lines += [f"  {k}: {v}" for k, v in r.extra.items()]
    if r.seconds:
        lines.append(f"  {r.seconds:.1f} s")
    if show_errors and r.errors:
        lines.append(f"  errors ({len(r.errors)}, first {min(show_errors, len(r.errors))}):")
        lines += [f"    {e}" for e in r.errors[:show_errors]]
    return "\n".join(lines)


# ---- running the pipeline -----------------------------------------------------------------------


def _describe(docs: Iterable[dict[str, Any]], names: dict[str, str]) -> dict[str, str]:
    out = {}
    for doc in docs:
        for ev in doc["events"]:
            loc = (ev.get("location") or {}).get("name")
            out[ev["event_id"]] = (
                f"[{names.get(doc['doc_id'], doc['doc_id'])} {ev['plover']['type']} "
                f"{ev.get('date')}/{ev.get('date_precision')} {loc} k={ev.get('fatalities')} "
                f"'{(ev.get('trigger') or '')}']"
            )
    return out


def in_memory_clusters(docs: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Return event_id -> cluster key from clustering the documents' events in memory."""
    from ..store import _utc  # one definition of the UTC stamp

    feats = [f for doc in docs for f in document_features(doc, _utc(doc.get("published")))]
    return {f.event_id: group[0].event_id for group in cluster_events(feats) for f in group}


def store_clusters(docs: Sequence[Document], order: Sequence[int] | None = None) -> dict[str, str]:
    """Return event_id -> cluster_id after storing the documents (in `order`) in a temporary database."""
    from ..store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "dedup.db") as store:
        for i in order if order is not None else range(len(docs)):
            store.put(docs[i])
        return dict(store.db.execute("SELECT event_id, cluster_id FROM cluster_members").fetchall())


def process(articles: Sequence[Article], pipeline: Any = None) -> list[Document]:
    """Return the coded documents of the articles (the real pipeline, errors raised)."""
    from ..pipeline import Pipeline

    pipeline = pipeline or Pipeline(errors="raise")
    return list(pipeline.process([a.raw for a in articles]))


def evaluate(
    name: str, articles: Sequence[Article], docs: Sequence[Document] | None = None, use_store: bool = True
) -> DedupReport:
    """Return the scores of the articles' clusters: pipeline, then the store (or in memory)."""
    started = time.monotonic()
    docs = list(docs) if docs is not None else process(articles)
    records = [to_dict(d) for d in docs]
    cluster_of = store_clusters(docs) if use_store else in_memory_clusters(records)
    gold = {a.raw.doc_id: a.gold for a in articles}
    names = {a.raw.doc_id: a.id for a in articles}
    report = score_clusters(name, records, gold, cluster_of, _describe(records, names))
    report.seconds = time.monotonic() - started
    return report


def only_incidents(articles: Sequence[Article], incidents: set[str]) -> list[Article]:
    """Return the articles with only the gold mentions of these incidents (to score a subset)."""
    return [Article(a.id, a.raw, tuple(g for g in a.gold if g.incident in incidents)) for a in articles]


def gold_counts(articles: Sequence[Article]) -> Counter[str]:
    """Return how many gold mentions each incident has."""
    return Counter(g.incident for a in articles for g in a.gold)


# ---- wire copies --------------------------------------------------------------------------------

COPY_OUTLETS = (
    "Daily Sentinel",
    "Morning Star Online",
    "The Courier-Gazette",
    "Metro Today",
    "Northern Echo Web",
)
_CREDIT = re.compile(r"^([A-Z][A-Z .'-]+(?:, [A-Za-z .]+)?) \(([^)]+)\) - ")


def wire_copy(article: Article, n: int) -> RawDoc:
    """Return the n-th republication of an article by another outlet: new headline, outlet, URL and time,
    the credit line changed, boilerplate added and (every other copy) the last paragraph cut."""
    import json as _json
    from datetime import datetime, timedelta

    meta = dict(article.raw.meta)
    outlet = COPY_OUTLETS[n % len(COPY_OUTLETS)]
    paragraphs = article.raw.text.strip().split("\n\n")
    if n % 2 and len(paragraphs) > 2:
        paragraphs = paragraphs[:-1]
    paragraphs[0] = _CREDIT.sub(lambda m: f"{m.group(1)} ({meta.get('outlet', 'wire')}) - ", paragraphs[0])
    body = (
        "\n\n".join(
            [
                *paragraphs,
                f"Copyright {outlet}. All rights reserved. Sign up for our newsletter to get "
                "the day's top stories in your inbox.",
            ]
        )
        + "\n"
    )
    published = datetime.fromisoformat(meta["published"]) + timedelta(hours=1 + n)
    slug = re.sub(r"\W+", "-", (meta.get("title") or article.id).lower()).strip("-")
    meta.update(
        outlet=outlet,
        published=published.isoformat(),
        title=f"{meta.get('title', '')} ({outlet})",
        url=f"https://{re.sub(r'[^a-z]', '', outlet.lower())}.example/wire/{slug}-{n}",
    )
    line = _json.dumps({**meta, "text": body})
    return RawDoc(f"copies#{article.id}-{n}", "record", body, content_id(line, meta["url"]), meta)


def write_jsonl(articles: Sequence[Article], path: Path, extra: Sequence[RawDoc] = ()) -> None:
    """Write articles (and extra raw documents, e.g. wire copies) as JSON Lines for `eventwire ingest`."""
    import json as _json

    with open(path, "w", encoding="utf-8") as fh:
        for raw in [*(a.raw for a in articles), *extra]:
            fh.write(_json.dumps({**raw.meta, "text": raw.text}, ensure_ascii=False) + "\n")
