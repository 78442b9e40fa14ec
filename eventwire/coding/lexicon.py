"""The coder's data files: CAMEO table, triggers and weapons, loaded and validated once.

Every row is checked when loaded; a bad row raises DataFileError naming the file and line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DataFileError
from ..models import PLOVER_TYPES, Cameo, Plover

DATA = Path(__file__).parent / "data"
CONDITIONS = ("weapon", "noweapon", "actor", "obj", "prep", "gov", "mod", "xcomp", "civil", "crowd")


@dataclass(frozen=True)
class CameoEntry:
    code: str
    goldstein: float
    plover_type: str | None
    mode: str | None
    context: tuple[str, ...]
    name: str

    def cameo(self) -> Cameo:
        """Return the contract's cameo object for this code."""
        return Cameo(code=self.code, root=self.code[:2], quad_class=quad_class(self.code), goldstein=self.goldstein)


@dataclass(frozen=True)
class Trigger:
    lemma: str  # one word, or "verb particle" / "verb object"
    pos: str  # "V" or "N"
    code: str
    plover_type: str | None
    mode: str | None
    requires: tuple[tuple[str, frozenset[str]], ...]  # (condition, allowed words)
    line: int

    @property
    def specificity(self) -> int:
        """Multiword rows ("air strike") are tried first, then rows with more conditions."""
        return len(self.requires) * 2 + self.lemma.count(" ") * 10


def quad_class(code: str) -> int:
    """Return the CAMEO quad class of a code: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append((number, line.rstrip("\n").split("\t")))
    return rows


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoEntry]:
    """Return {code: CameoEntry} from cameo.tsv."""
    path = DATA / "cameo.tsv"
    table = {}
    for number, cols in _rows(path)[1:]:
        if len(cols) != 6:
            raise DataFileError(str(path), number, f"expected 6 tab-separated columns, got {len(cols)}")
        code, score, ptype, mode, context, name = cols
        if ptype and ptype not in PLOVER_TYPES:
            raise DataFileError(str(path), number, f"unknown PLOVER type {ptype!r}")
        table[code] = CameoEntry(code, float(score or 0), ptype or None, mode or None,
                                 tuple(c for c in context.split(";") if c), name)
    return table


def _parse_requires(text: str, path: Path, number: int) -> tuple[tuple[str, frozenset[str]], ...]:
    out = []
    for item in filter(None, (t.strip() for t in text.split(","))):
        key, _, values = item.partition("=")
        if key not in CONDITIONS:
            raise DataFileError(str(path), number, f"unknown condition {key!r}; valid: {', '.join(CONDITIONS)}")
        if key in ("obj", "prep", "gov", "mod") and not values:
            raise DataFileError(str(path), number, f"condition {key} needs words: {key}=a|b")
        out.append((key, frozenset(v.strip().lower() for v in values.split("|") if v.strip())))
    return tuple(out)


def load_triggers(path: Path = DATA / "triggers.tsv") -> dict[tuple[str, str], list[Trigger]]:
    """Return {(head lemma, pos): [Trigger, most specific first]} from a triggers file."""
    table = cameo_table()
    index: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for number, cols in _rows(path):
        if not 3 <= len(cols) <= 5:
            raise DataFileError(str(path), number, "expected lemma, pos, cameo[, mode[, requires]] separated by tabs")
        cols += [""] * (5 - len(cols))
        lemma, pos, code, mode, requires = (c.strip() for c in cols)
        if pos not in ("V", "N", "A"):
            raise DataFileError(str(path), number, f"pos must be V, N or A, not {pos!r}")
        if code not in table:
            raise DataFileError(str(path), number, f"unknown CAMEO code {code!r} (see cameo.tsv)")
        entry = table[code]
        if "=" in mode or mode in CONDITIONS:
            raise DataFileError(str(path), number, f"column 4 is the mode, but {mode!r} is a condition: "
                                "leave the mode empty (two tabs) and put conditions in column 5")
        ptype, _, pmode = mode.rpartition("/") if "/" in mode else ("", "", mode)
        if ptype and ptype not in PLOVER_TYPES:
            raise DataFileError(str(path), number, f"unknown PLOVER type {ptype!r}; valid: {', '.join(PLOVER_TYPES)}")
        trig = Trigger(lemma.lower(), pos, code, ptype or entry.plover_type, pmode or entry.mode,
                       _parse_requires(requires, path, number), number)
        index[(lemma.lower().split()[0], pos)].append(trig)
    for triggers in index.values():
        triggers.sort(key=lambda t: -t.specificity)
    return dict(index)


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], list[Trigger]]:
    """Return the bundled trigger index."""
    return load_triggers()


@lru_cache(maxsize=1)
def weapons() -> dict[str, tuple[str, str]]:
    """Return {weapon lemma: (PLOVER mode, weapon class)} from weapons.tsv."""
    path = DATA / "weapons.tsv"
    out = {}
    for number, cols in _rows(path):
        if len(cols) != 3:
            raise DataFileError(str(path), number, "expected lemma, mode, class separated by tabs")
        out[cols[0].strip().lower()] = (cols[1].strip(), cols[2].strip())
    return out


def plover_for(trigger: Trigger, mode: str | None = None) -> Plover:
    """Return the PLOVER object for a trigger, with a mode found in the text overriding the row's."""
    entry = cameo_table()[trigger.code]
    return Plover(type=trigger.plover_type, mode=mode or trigger.mode, context=entry.context)
