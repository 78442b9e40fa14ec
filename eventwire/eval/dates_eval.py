"""Evaluation of the dates stage: MEANTIME TIMEX3 values and our own gold sentences.

MEANTIME (read from ../shared/gold/meantime, never copied): every TIMEX3 of type DATE whose `value` is a
day (YYYY-MM-DD, also with a time of day), a month (YYYY-MM) or a year (YYYY) is a gold expression;
`find_dates` runs on its sentence with the article's CREATION_TIME as anchor (tense read from the
sentence). A gold expression is *found* when a mention overlaps its tokens. Figures:

- `accuracy` = correct / found: exact match of the normalised value among found expressions (the figure
  HeidelTime's ~0.88 and dateparser's ~0.63 are compared with);
- `recall` = found / gold: share of gold expressions recognised at all;
- `strict` = correct / gold: both together.

Week values (YYYY-Www) are scored separately; values we cannot represent (quarters, seasons, decades,
PRESENT_REF, durations, XXXX) are skipped and counted by kind. The creation-time expression itself
(the article's own date line) is not scored: it is the anchor.

Own set (tests/data/dates_gold.jsonl): one expression per sentence with its date and precision; the
anchor is the publication time in the event country's zone (`local_anchor`). Figures: exact (date and
precision), precision-level accuracy, and the confusion of the rest.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from eventwire.dates import DateMention, find_dates, local_anchor, parse_timestamp

DEFAULT_MEANTIME = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "meantime"
DEFAULT_OWN = Path(__file__).resolve().parents[2] / "tests" / "data" / "dates_gold.jsonl"
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "’s", "n't", "''", "'"}
_NO_SPACE_AFTER = {"(", "[", "$", "``", "#"}
_ANNOTATIONS = ("TIMEX3", "EVENT_MENTION", "ENTITY_MENTION")


@dataclass(frozen=True)
class GoldTimex:
    """One gold date expression in a reconstructed sentence."""

    doc: str
    sentence: str
    start: int
    end: int
    value: str  # normalised: YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www
    anchor: datetime


@dataclass
class Report:
    """Counts and errors of one evaluation."""

    name: str
    gold: int = 0
    found: int = 0
    correct: int = 0
    precision_correct: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)  # "day/correct", "month/found", ...
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold precision, predicted)
    errors: list[str] = field(default_factory=list)
    spurious: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        """Correct among found."""
        return self.correct / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        """Found among gold."""
        return self.found / self.gold if self.gold else 0.0

    @property
    def strict(self) -> float:
        """Correct among gold."""
        return self.correct / self.gold if self.gold else 0.0


def _detokenize(tokens: Sequence[tuple[str, str]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Return the sentence text and each token id's (start, end) in it."""
    text, spans, glue = "", {}, True
    for t_id, word in tokens:
        if text and not glue and word not in _NO_SPACE_BEFORE:
            text += " "
        spans[t_id] = (len(text), len(text) + len(word))
        text += word
        glue = word in _NO_SPACE_AFTER
    return text, spans


def normalise_gold_value(value: str) -> tuple[str | None, str]:
    """Return (value we can score or None, kind): day, month, year, week, or why it is skipped."""
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:T.*)?", value):
        return m.group(1), "day"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value, "month"
    if re.fullmatch(r"\d{4}", value):
        return value, "year"
    if m := re.fullmatch(r"(\d{4}-W\d{2})(?:-WE)?", value):
        return m.group(1), "week"
    for pattern, kind in ((r"\d{4}-Q\d", "quarter"), (r"\d{4}-(SP|SU|FA|WI)", "season"),
                          (r"FY\d{4}", "fiscal year"), (r"\d{3}", "decade"), (r"P.*", "duration"),
                          (r".*_REF", "past/present/future ref")):
        if re.fullmatch(pattern, value):
            return None, kind
    return None, "unspecified (XX)"


def predicted_value(mention: DateMention) -> str:
    """Return the mention's value in TIMEX3 form (weeks as YYYY-Www)."""
    if mention.precision == "week":
        year, week, _ = date.fromisoformat(mention.date).isocalendar()
        return f"{year:04d}-W{week:02d}"
    return mention.date


def _document_anchor(root: ET.Element, sentences: dict[str, str], spans: dict[str, tuple[int, int]],
                     tokens: dict[str, ET.Element]) -> tuple[datetime | None, str | None]:
    """Return (anchor, m_id of the timex used as anchor): CREATION_TIME, else the date line."""
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value") or ""
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return datetime.fromisoformat(value).replace(hour=12, tzinfo=UTC), timex.get("m_id")
            ids = [a.get("t_id") for a in timex.findall("token_anchor")]
            if ids:
                start, end = spans[ids[0]][0], spans[ids[-1]][1]
                sentence = sentences[tokens[ids[0]].get("sentence", "")]
                return parse_timestamp(sentence[start:end]), timex.get("m_id")
    for timex in root.iter("TIMEX3"):  # no creation time: the date line right under the headline
        ids = [a.get("t_id") for a in timex.findall("token_anchor")]
        if ids and tokens[ids[0]].get("sentence") == "1" and timex.get("type") == "DATE":
            value = timex.get("value") or ""
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return datetime.fromisoformat(value).replace(hour=12, tzinfo=UTC), timex.get("m_id")
    return None, None


@dataclass(frozen=True)
class MeantimeDoc:
    """One article: its anchor and each sentence with the spans of all its TIMEX3 (any type)."""

    name: str
    anchor: datetime | None
    sentences: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]
    annotated: int  # sentences annotated at all (MEANTIME often stops annotating part-way)


def load_meantime(folder: Path) -> tuple[list[GoldTimex], list[MeantimeDoc], Counter[str]]:
    """Return the scorable gold DATE expressions, the documents, and the skipped expressions by kind."""
    gold: list[GoldTimex] = []
    docs: list[MeantimeDoc] = []
    skipped: Counter[str] = Counter()
    for path in sorted(folder.rglob("*.xml")):
        root = ET.parse(path).getroot()
        tokens = {t.get("t_id", ""): t for t in root.iter("token")}
        grouped: dict[str, list[tuple[str, str]]] = {}
        for t_id, token in tokens.items():
            grouped.setdefault(token.get("sentence", ""), []).append((t_id, token.text or ""))
        sentences: dict[str, str] = {}
        spans: dict[str, tuple[int, int]] = {}
        for number, words in grouped.items():
            sentences[number], token_spans = _detokenize(words)
            spans.update(token_spans)
        anchor, anchor_id = _document_anchor(root, sentences, spans, tokens)
        timex_spans: dict[str, list[tuple[int, int]]] = {n: [] for n in sentences}
        for timex in root.iter("TIMEX3"):
            ids = [a.get("t_id", "") for a in timex.findall("token_anchor")]
            if not ids:
                continue  # an empty tag: a time the annotators inferred, not written in the text
            number = tokens[ids[0]].get("sentence", "")
            start, end = spans[ids[0]][0], spans[ids[-1]][1]
            timex_spans[number].append((start, end))
            if timex.get("type") != "DATE":
                continue
            if timex.get("m_id") == anchor_id:
                skipped["creation time (the anchor)"] += 1
                continue
            value, kind = normalise_gold_value(timex.get("value") or "")
            if value is None or anchor is None:
                skipped[kind if anchor else "no creation time"] += 1
                continue
            gold.append(GoldTimex(path.stem, sentences[number], start, end, value, anchor))
        ordered = sorted(sentences, key=int)
        annotated = max((int(tokens[a.get("t_id", "")].get("sentence", 0)) for tag in _ANNOTATIONS
                         for x in root.iter(tag) for a in x.findall("token_anchor")), default=-1)
        docs.append(MeantimeDoc(path.stem, anchor,
                                tuple((sentences[n], tuple(timex_spans[n])) for n in ordered), annotated + 1))
    return gold, docs, skipped


def _best_overlap(mentions: Sequence[DateMention], start: int, end: int) -> DateMention | None:
    best, best_overlap = None, 0
    for mention in mentions:
        overlap = min(end, mention.end) - max(start, mention.start)
        if overlap > best_overlap:
            best, best_overlap = mention, overlap
    return best


def _kind(value: str) -> str:
    return "week" if "-W" in value else {10: "day", 7: "month", 4: "year"}.get(len(value), "other")


def score_meantime(folder: Path = DEFAULT_MEANTIME) -> Report:
    """Return the MEANTIME report: accuracy among found, recall, strict; weeks in `extra`."""
    gold, docs, skipped = load_meantime(folder)
    report = Report("meantime", skipped=skipped)
    cache: dict[tuple[str, datetime], list[DateMention]] = {}
    week_found = week_correct = week_gold = 0
    for item in gold:
        key = (item.sentence, item.anchor)
        if key not in cache:
            cache[key] = find_dates(item.sentence, item.anchor)
        mention = _best_overlap(cache[key], item.start, item.end)
        kind = _kind(item.value)
        got = predicted_value(mention) if mention else None
        if kind == "week":
            week_gold += 1
            week_found += mention is not None
            week_correct += got == item.value
            continue
        report.gold += 1
        report.by_kind[f"{kind}/gold"] += 1
        report.confusion[(kind, mention.precision if mention else "missed")] += 1
        if mention is None:
            report.errors.append(f"MISSED  {item.value:<10} {item.sentence[item.start:item.end]!r}  "
                                 f"[{item.doc[:40]}] anchor {item.anchor:%Y-%m-%d}")
            continue
        report.found += 1
        report.by_kind[f"{kind}/found"] += 1
        if got == item.value:
            report.correct += 1
            report.by_kind[f"{kind}/correct"] += 1
        else:
            context = _context(item.sentence, item.start, item.end)
            report.errors.append(f"WRONG   {item.value:<10} got {got:<10} {mention.text!r} in "
                                 f"{context!r} anchor {item.anchor:%Y-%m-%d %a}")
    for doc in docs:
        if doc.anchor is None:
            continue
        for sentence, spans in doc.sentences[: doc.annotated]:
            for mention in cache.get((sentence, doc.anchor)) or find_dates(sentence, doc.anchor):
                if not any(mention.start < e and s < mention.end for s, e in spans):
                    report.spurious += 1
    report.extra.update({"week_gold": week_gold, "week_found": week_found, "week_correct": week_correct})
    return report


def _context(sentence: str, start: int, end: int, width: int = 60) -> str:
    return sentence[max(0, start - width): end + width // 2]


def load_own(path: Path = DEFAULT_OWN) -> list[dict[str, str | None]]:
    """Return the records of our own gold set (one JSON object per line)."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def score_own(path: Path = DEFAULT_OWN) -> Report:
    """Return the own-set report: exact (date and precision), precision-level accuracy, confusion."""
    report = Report("own")
    for record in load_own(path):
        sentence, expression = str(record["sentence"]), str(record["expression"])
        published = parse_timestamp(str(record["published"]))
        if published is None:
            raise ValueError(f"{path}: unreadable published time {record['published']!r}")
        anchor = local_anchor(published, record.get("country"))
        start = sentence.find(expression)
        if start < 0:
            raise ValueError(f"{path}: expression {expression!r} not in sentence {sentence!r}")
        end = start + len(expression)
        mention = _best_overlap(find_dates(sentence, anchor), start, end)
        gold_precision = str(record["precision"])
        report.gold += 1
        report.confusion[(gold_precision, mention.precision if mention else "missed")] += 1
        if mention is None:
            report.errors.append(f"MISSED  {record['date']:<10} {expression!r} in {sentence!r} "
                                 f"(published {record['published']}, {record.get('country')})")
            continue
        report.found += 1
        report.precision_correct += mention.precision == gold_precision
        if mention.date == record["date"] and mention.precision == gold_precision:
            report.correct += 1
        else:
            report.errors.append(
                f"WRONG   {record['date']:<10} {gold_precision:<5} got {mention.date:<10} "
                f"{mention.precision:<5} {mention.text!r} in {sentence!r} "
                f"(published {record['published']}, {record.get('country')})")
    return report


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def format_report(report: Report, *, show_errors: int = 40) -> str:
    """Return the report as text for the terminal."""
    lines = [f"== dates: {report.name} =="]
    if report.name == "meantime":
        lines += [
            f"gold DATE expressions normalised to a day, month or year: {report.gold}",
            f"  accuracy (exact value among found)  {report.accuracy:.3f}  ({report.correct}/{report.found})",
            f"  recall   (found among gold)         {report.recall:.3f}  ({report.found}/{report.gold})",
            f"  strict   (exact among gold)         {report.strict:.3f}  ({report.correct}/{report.gold})",
        ]
        for kind in ("day", "month", "year"):
            g, f, c = (report.by_kind[f"{kind}/{k}"] for k in ("gold", "found", "correct"))
            lines.append(f"    {kind:<5} gold {g:>3}  found {f:>3}  correct {c:>3}")
        x = report.extra
        lines.append(f"  weeks (scored apart): gold {x['week_gold']:.0f}, found {x['week_found']:.0f}, "
                     f"correct {x['week_correct']:.0f}")
        lines.append(f"  mentions overlapping no TIMEX3, in annotated sentences (spurious or unannotated): "
                     f"{report.spurious}")
        lines.append("  skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items())))
    else:
        lines += [
            f"gold expressions: {report.gold}",
            f"  exact (date and precision)  {report.strict:.3f}  ({report.correct}/{report.gold})",
            f"  precision level right       {_share(report.precision_correct, report.gold):.3f}"
            f"  ({report.precision_correct}/{report.gold})",
            f"  found                       {report.recall:.3f}  ({report.found}/{report.gold})",
        ]
    lines.append("  confusion (gold precision -> predicted, count): " + ", ".join(
        f"{g}->{p} {n}" for (g, p), n in sorted(report.confusion.items())))
    if report.errors and show_errors:
        lines.append(f"  errors ({len(report.errors)}):")
        lines += [f"    {e}" for e in report.errors[:show_errors]]
    return "\n".join(lines)
