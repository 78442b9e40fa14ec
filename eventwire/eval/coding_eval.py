"""Event coding against gold sentences: type accuracy and macro-F1, actor/recipient country P/R/F1.

Reads the PLOVER gold-standard format (`plover_v2_type`, `source`/`target` actor lists with `code`)
and the project's own set (tests/data/coding_gold.jsonl: `events` with `plover_type`,
`actor_country`, `recipient_country`, `modality`). Each sentence is coded as a one-sentence document
by the real pipeline; the sentence's predicted type is that of its first counted event (PLOVER type
set), and "none" when it has none.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ingest import RawDoc, content_id
from ..models import PLOVER_TYPES, Document
from ..pipeline import Pipeline

NONE = "none"


@dataclass
class GoldItem:
    id: str
    text: str
    published: str | None
    type: str
    actor_countries: set[str]
    recipient_countries: set[str]
    modality: str | None = None
    fatalities: int | None = None


@dataclass
class Scores:
    n: int = 0
    correct: int = 0
    confusion: Counter = field(default_factory=Counter)
    roles: dict[str, Counter] = field(default_factory=lambda: {"actor": Counter(), "recipient": Counter()})
    modality: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)

    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    def macro_f1(self, labels: Iterable[str] = PLOVER_TYPES) -> float:
        """Return the mean F1 over the gold types that occur (labels absent from gold and output skipped)."""
        f1s = []
        for label in labels:
            tp = self.confusion[(label, label)]
            fp = sum(v for (g, p), v in self.confusion.items() if p == label and g != label)
            fn = sum(v for (g, p), v in self.confusion.items() if g == label and p != label)
            if tp + fp + fn == 0:
                continue
            f1s.append(2 * tp / (2 * tp + fp + fn))
        return sum(f1s) / len(f1s) if f1s else 0.0

    def role_prf(self, role: str) -> tuple[float, float, float]:
        c = self.roles[role]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _codes(actors: Any) -> set[str]:
    out = set()
    for a in actors or []:
        if isinstance(a, dict) and a.get("code") and len(a["code"]) == 3 and a["code"] not in ("IGO", "NGO"):
            out.add(a["code"])
    return out


def load_plover_gold(path: Path) -> list[GoldItem]:
    """Read the PLOVER gold-standard JSONL."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            items.append(GoldItem(r["id"], r["text"], r.get("date"), r.get("plover_v2_type") or NONE,
                                  _codes(r.get("source")), _codes(r.get("target"))))
    return items


def load_own_gold(path: Path) -> list[GoldItem]:
    """Read the project's own annotated sentences (first event of each sentence)."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        ev = (r.get("events") or [{}])[0]
        items.append(GoldItem(r["id"], r["text"], r.get("published"), ev.get("plover_type") or NONE,
                              set(ev.get("actor_country") or []), set(ev.get("recipient_country") or []),
                              ev.get("modality"), ev.get("fatalities")))
    return items


def _raw(item: GoldItem) -> RawDoc:
    meta = {"published": item.published + ("T12:00:00+00:00" if item.published and len(item.published) == 10
                                           else "")} if item.published else {}
    return RawDoc(item.id, "record", item.text, content_id(item.text), meta)


def _first_counted(doc: Document):  # noqa: ANN202 - Event | None
    counted = [e for e in doc.events if e.plover.type]
    return counted[0] if counted else None


def score(items: list[GoldItem], pipeline: Pipeline) -> Scores:
    """Code every gold sentence and return the scores."""
    s = Scores()
    for item, doc in zip(items, pipeline.process(_raw(i) for i in items), strict=True):
        ev = _first_counted(doc)
        predicted = ev.plover.type if ev else NONE
        s.n += 1
        s.correct += predicted == item.type
        s.confusion[(item.type, predicted)] += 1
        if predicted != item.type:
            s.errors.append((item.id, item.type, predicted, item.text[:110]))
        for role, gold in (("actor", item.actor_countries), ("recipient", item.recipient_countries)):
            got = {a.country for a in (getattr(ev, role + "s") if ev else ()) if a.country}
            s.roles[role]["tp"] += len(got & gold)
            s.roles[role]["fp"] += len(got - gold)
            s.roles[role]["fn"] += len(gold - got)
        if item.modality and ev is not None:
            s.modality[(item.modality, ev.modality)] += 1
    return s


def report(name: str, s: Scores, show_errors: int = 0) -> str:
    """Return a printable report of the scores."""
    lines = [f"{name}: {s.n} sentences",
             f"  type accuracy {s.accuracy():.3f}   macro-F1 {s.macro_f1():.3f}"]
    for role in ("actor", "recipient"):
        p, r, f = s.role_prf(role)
        lines.append(f"  {role} country  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    if s.modality:
        agree = sum(v for (g, p), v in s.modality.items() if g == p) / sum(s.modality.values())
        lines.append(f"  modality agreement {agree:.3f} (on sentences with an event)")
    rows = defaultdict(Counter)
    for (g, p), v in s.confusion.items():
        rows[g][p] += v
    lines.append("  confusion (gold: predicted counts):")
    for gold in sorted(rows):
        lines.append(f"    {gold:<10} " + ", ".join(f"{p} {v}" for p, v in rows[gold].most_common()))
    for err in s.errors[:show_errors]:
        lines.append(f"  ERR {err[0]}: gold {err[1]} got {err[2]}: {err[3]}")
    return "\n".join(lines)
