"""The actor dictionary: countries, organisations, agent nouns and titles, from TSV data files.

Bundled files live in `data/actors/`; users add their own files in the same formats (setting
`coding.actor_files`), each file's type given by its header line. Everything is validated when
loaded and a bad line raises `DataFileError` with the file, the line and what to fix. The format
and the coding choices are described in `docs/actors.md`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DataFileError, unknown_name

DATA_DIR = Path(__file__).parent / "data" / "actors"
BUNDLED_FILES = ("countries.tsv", "organizations.tsv", "agents.tsv")

# CAMEO sector codes plus the PLOVER additions that do not clash with them (PRM, SOC, PRE, UNK);
# their meanings are listed in docs/actors.md.
SECTORS = frozenset(
    "GOV MIL COP JUD LEG REB INS SEP OPP PTY CVL MED EDU BUS MNC LAB AGR REF HLH IGO NGO REL SPY CRM ELI "
    "ENV HRI UAF PRM SOC PRE UNK".split()
)
# PLOVER codes whose meaning differs from CAMEO's: say which code to use instead.
SECTOR_HINTS = {
    "JRN": "use MED (media, the CAMEO code) for journalists",
    "CIV": "use CVL for civilians",
    "HEA": "use HLH (health) for doctors and hospitals",
}

HEADERS = {
    "countries": ("iso3", "names", "capitals", "demonyms", "adjective_forms"),
    "organizations": ("names", "country", "sector", "affiliation", "note"),
    "agents": ("term", "sector", "kind", "note"),
}
REQUIRED_COLUMNS = {"countries": 2, "organizations": 3, "agents": 3}
AGENT_KINDS = {"noun": "agent", "title": "title", "group": "group", "block": "block"}
# When one surface form has several compatible entries, the most specific kind wins.
KIND_PRIORITY = ("block", "organization", "country", "capital", "demonym", "group", "title", "agent")
# Names longer than this many tokens are not looked for; tokens exceed words because spaCy splits
# hyphens ("al - Qaeda") and commas, so the window is twice the longest name starting with the same
# word, capped.
MAX_PHRASE_TOKENS = 16
# Phrases whose look-up results are kept: an article names the same actors sentence after sentence and
# a phrase is looked up again for each event it takes part in; past this many the memory starts afresh.
LOOKUP_CACHE_SIZE = 20_000

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
_POSSESSIVE = re.compile(r"\s*'s?$")
_DROPPED = re.compile(r"[.,'\"()]")
_SPACED = re.compile(r"[-‐‑‒–—/\s]+")
_ISO3 = re.compile(r"[A-Z]{3}")
_POSSESSIVE_TOKENS = {"'s", "’s", "'", "’"}


@dataclass(frozen=True)
class ActorEntry:
    """One dictionary entry: what a surface form names."""

    name: str  # canonical name (first name of the row; for country-file entries the country's first name)
    country: str | None  # ISO 3166-1 alpha-3
    sector: str | None
    kind: str  # "country" | "capital" | "demonym" | "organization" | "agent" | "title" | "group"
    affiliation: str | None = None
    code: str | None = None  # CAMEO-style: country + sector ("IRQMIL"), "IGO" without a country


def make_entry(
    name: str, country: str | None, sector: str | None, kind: str, affiliation: str | None = None
) -> ActorEntry:
    """Return an ActorEntry with its CAMEO-style code filled in."""
    code = (country or "") + (sector or "") or None
    return ActorEntry(name, country, sector, kind, affiliation, code)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Return a surface form with quotes, accents, possessive, periods and dashes normalised; case kept."""
    if text.isascii():  # the common case, and a short cut: ASCII has no accents and one quote to map
        text = text.replace("`", "'")
    else:
        text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _POSSESSIVE.sub("", text.strip())
    return _SPACED.sub(" ", _DROPPED.sub("", text)).strip()


def case_rule(word: str) -> str:
    """Return how a dictionary word must be written in text: itself, capitalised ("^"), or any way ("")."""
    capitals = sum(c.isupper() for c in word)
    if capitals >= 2 or (capitals and any(c.isdigit() for c in word)):
        return word  # an acronym ("US", "IS", "LeT", "G7") never matches "us" or "is"
    return "^" if word[:1].isupper() else ""


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """Return a naive singular of an English agent noun: militiamen → militiaman, armies → army."""
    for plural, single in (("men", "man"), ("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh")):
        if word.endswith(plural) and len(word) > len(plural) + 1:
            return word[: -len(plural)] + single
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


@dataclass
class _Candidate:
    entry: ActorEntry
    masks: set[tuple[str, ...]]  # per word of each alias spelling: its case_rule()
    layer: int  # 0 bundled, 1 user files: a user entry may replace a bundled one
    origin: str  # "path:line", for conflict messages


@dataclass(frozen=True)
class _Row:
    path: str
    line: int
    cells: tuple[str, ...]

    def fail(self, message: str) -> DataFileError:
        """Return the error for this row."""
        return DataFileError(self.path, self.line, message)


def _file_kind(cells: tuple[str, ...], path: Path, number: int) -> str:
    for kind, header in HEADERS.items():
        if cells == header:
            return kind
    valid = "; ".join("\\t".join(h) for h in HEADERS.values())
    raise DataFileError(
        str(path),
        number,
        f"unknown header line {'|'.join(cells)!r}; "
        f"the first non-comment line must be one of (tab-separated): {valid}",
    )


def read_table(path: Path) -> tuple[str, list[_Row]]:
    """Return a data file's type (from its header line) and its rows padded to full width."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(str(path), 0, "file not found; check the paths in coding.actor_files") from None
    except OSError as error:
        message = f"cannot read it ({error.strerror}); check coding.actor_files"
        raise DataFileError(str(path), 0, message) from None
    except UnicodeDecodeError:
        raise DataFileError(str(path), 0, "not UTF-8 text; save the file as UTF-8") from None
    kind: str | None = None
    rows: list[_Row] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if kind is None:
            kind = _file_kind(cells, path, number)
            continue
        header = HEADERS[kind]
        if not REQUIRED_COLUMNS[kind] <= len(cells) <= len(header):
            raise DataFileError(
                str(path),
                number,
                f"expected {len(header)} tab-separated columns "
                f"({', '.join(header)}), found {len(cells)}; separate columns with tabs, "
                f"not spaces (only the trailing optional columns may be left out)",
            )
        rows.append(_Row(str(path), number, cells + ("",) * (len(header) - len(cells))))
    if kind is None:
        raise DataFileError(str(path), 1, "no header line; see docs/actors.md for the three file formats")
    return kind, rows


def _split_names(row: _Row, cell: str, column: str) -> list[str]:
    names = [name.strip() for name in cell.split("|")] if cell else []
    if any(not name for name in names):
        raise row.fail(f"empty name in column {column!r} ({cell!r}); remove the stray '|'")
    return names


def _sector(row: _Row, value: str, *, required: bool) -> str | None:
    if not value and not required:
        return None
    if value not in SECTORS:
        hint = SECTOR_HINTS.get(value, "")
        raise row.fail(unknown_name("sector", value, sorted(SECTORS)) + (f" ({hint})" if hint else ""))
    return value


class ActorDictionary:
    """Looks up actor names, agent nouns and titles; build it with `ActorDictionary.load()`."""

    def __init__(self) -> None:
        self._index: dict[str, list[_Candidate]] = {}  # lower-cased normalised form -> candidates
        self._countries: dict[str, str] = {}  # iso3 -> canonical name
        self._country_layer: dict[str, int] = {}
        self._first_words: dict[str, int] = {}  # first word of a name -> most words of a name it starts
        self._found: dict[tuple[str, ...], tuple[tuple[int, int, ActorEntry], ...]] = {}  # find_all's results
        self._matched: dict[str, ActorEntry | None] = {}  # match's results
        self._sectors: dict[str, str | None] = {}  # agent_sector's results

    @classmethod
    def load(cls, extra: Iterable[Path | str] = ()) -> ActorDictionary:
        """Return the dictionary of the bundled files plus user files (cached per set of paths)."""
        return _load(tuple(Path(p).expanduser().resolve() for p in extra))

    # --- building -------------------------------------------------------------------------------

    def _build(self, tables: list[tuple[int, str, list[_Row]]]) -> None:
        for kind in ("countries", "organizations", "agents"):
            rows = [(layer, row) for layer, k, table in tables if k == kind for row in table]
            getattr(self, f"_add_{kind}")(rows)

    def _add_countries(self, rows: list[tuple[int, _Row]]) -> None:
        for layer, row in rows:
            iso3, names, capitals, demonyms, adjectives = row.cells
            if not _ISO3.fullmatch(iso3):
                raise row.fail(f"country code {iso3!r} is not three capital letters (ISO 3166-1 alpha-3)")
            if iso3 in self._countries and self._country_layer[iso3] == layer:
                raise row.fail(f"{iso3} is defined twice; merge the two rows")
            name_list = _split_names(row, names, "names")
            if not name_list:
                raise row.fail("the names column is empty; give at least the country's short name")
            self._country_layer.setdefault(iso3, layer)
            canonical = self._countries.setdefault(iso3, name_list[0])
            for kind, sector, column, cell in (
                ("country", None, "names", names),
                ("capital", "GOV", "capitals", capitals),
                ("demonym", None, "demonyms", demonyms),
                ("demonym", None, "adjective_forms", adjectives),
            ):
                entry = make_entry(canonical, iso3, sector, kind)
                for alias in _split_names(row, cell, column):
                    self._add_alias(alias, entry, layer, row)

    def _add_organizations(self, rows: list[tuple[int, _Row]]) -> None:
        canonical: dict[str, str] = {}
        for _, row in rows:
            names = _split_names(row, row.cells[0], "names")
            for alias in names:
                canonical.setdefault(normalize(alias).lower(), names[0])
        for layer, row in rows:
            names, country, sector, affiliation, _note = row.cells
            name_list = _split_names(row, names, "names")
            if not name_list:
                raise row.fail("the names column is empty; give the organisation's name first")
            umbrella = None
            if affiliation:
                umbrella = canonical.get(normalize(affiliation).lower())
                if umbrella is None:
                    raise row.fail(
                        f"affiliation {affiliation!r} is not an organisation defined in the "
                        f"loaded files; add a row for it or leave the column empty"
                    )
            entry = make_entry(
                name_list[0],
                self._country(row, country),
                _sector(row, sector, required=True),
                "organization",
                umbrella,
            )
            for alias in name_list:
                self._add_alias(alias, entry, layer, row)

    def _add_agents(self, rows: list[tuple[int, _Row]]) -> None:
        for layer, row in rows:
            term, sector, kind, _note = row.cells
            if kind not in AGENT_KINDS:
                raise row.fail(unknown_name("kind", kind, list(AGENT_KINDS)))
            if not term:
                raise row.fail("the term column is empty")
            value = _sector(row, sector, required=False)
            if kind == "block" and value:
                raise row.fail("a block row stops a phrase from matching; leave its sector empty")
            entry = make_entry(term, None, value, AGENT_KINDS[kind])
            self._add_alias(term, entry, layer, row)
            head, _, last = term.rpartition(" ")
            one = f"{head} {singular(last)}".strip()
            if kind == "noun" and one != term and normalize(one).lower() not in self._index:
                self._add_alias(one, entry, layer, row)  # "religious leaders" also finds "a religious leader"

    def _country(self, row: _Row, value: str) -> str | None:
        if not value:
            return None
        if value not in self._countries:
            raise row.fail(
                f"unknown country code {value!r}; use an ISO 3166-1 alpha-3 code from "
                f"countries.tsv (IRQ, USA, ...) or leave the column empty"
            )
        return value

    def _add_alias(self, alias: str, entry: ActorEntry, layer: int, row: _Row) -> None:
        form = re.sub(r"^the\s+", "", normalize(alias), flags=re.IGNORECASE)
        if not form:
            raise row.fail(f"name {alias!r} is empty once punctuation is removed")
        key, mask = form.lower(), tuple(case_rule(word) for word in form.split())
        candidates = self._index.setdefault(key, [])
        for cand in list(candidates):
            if cand.entry == entry:
                cand.masks.add(mask)
                return
            if _compatible(cand.entry, entry):
                continue
            if cand.layer < layer:
                candidates.remove(cand)  # a user file overrides a bundled entry
                continue
            raise row.fail(
                f"{alias!r} already means {_describe(cand.entry)} ({cand.origin}); here it would "
                f"mean {_describe(entry)}; remove one of the two or make them agree"
            )
        candidates.append(_Candidate(entry, {mask}, layer, f"{row.path}:{row.line}"))
        candidates.sort(key=lambda c: KIND_PRIORITY.index(c.entry.kind))
        first, length = key.split()[0], len(key.split())
        self._first_words[first] = max(self._first_words.get(first, 0), length)

    # --- lookups --------------------------------------------------------------------------------

    def _lookup(self, form: str, kinds: Sequence[str] = (), check_case: bool = True) -> ActorEntry | None:
        """Return the best entry for a normalised form (kinds limits the entry kinds accepted)."""
        words = form.split()
        for cand in self._index.get(form.lower(), ()):
            if kinds and cand.entry.kind not in kinds:
                continue
            if not check_case or any(_case_fits(words, mask) for mask in cand.masks):
                return cand.entry
        return None

    def _lookup_with_plural(
        self, form: str, kinds: Sequence[str] = (), check_case: bool = True
    ) -> ActorEntry | None:
        entry = self._lookup(form, kinds, check_case)
        if entry is None and form:
            head, _, last = form.rpartition(" ")
            single = f"{head} {singular(last)}".strip()
            nouns = [k for k in kinds or ("agent", "title", "group") if k in ("agent", "title", "group")]
            if single != form and nouns:
                entry = self._lookup(single, nouns, check_case)
        return entry

    def match(self, text: str) -> ActorEntry | None:
        """Return the entry a whole surface form names ("the U.S.", "Iran's", "soldiers"), or None."""
        entry = self._matched.get(text, _UNSEEN)
        if entry is _UNSEEN:
            form = re.sub(r"^the\s+", "", normalize(text), flags=re.IGNORECASE)
            entry = self._lookup_with_plural(form)
            entry = None if entry is None or entry.kind == "block" else entry
            _remember(self._matched, text, entry)
        return entry

    def find_all(self, words: Sequence[str], *, remember: bool = True) -> list[tuple[int, int, ActorEntry]]:
        """Return the longest non-overlapping matches over a token list as (start, end, entry); `remember`
        keeps the result for the same words (phrases recur; whole sentences seldom do)."""
        if not remember:
            return self._find_all(words)
        key = tuple(words)
        found = self._found.get(key)
        if found is None:
            found = tuple(self._find_all(key))
            _remember(self._found, key, found)
        return list(found)

    def find_long_names(self, words: Sequence[str], kind: str) -> list[tuple[int, int, ActorEntry]]:
        """Return the matches of one kind of entry that span several words ("Revolutionary Armed Forces
        of Colombia"), as (start, end, entry). Tries only the words that begin such a name, so a whole
        document can be scanned cheaply (the recogniser's test for places inside organisations' names).
        A name starts with a capital letter or with a joined article ("al-Nusra Front")."""
        found: list[tuple[int, int, ActorEntry]] = []
        start = 0
        while start < len(words):
            word = words[start]
            if not (word[:1].isupper() or word[:3].lower() in ("al-", "el-") or word in ("al", "el")):
                start += 1
                continue
            plain = word.isascii() and word.isalpha()
            head = word.lower() if plain else (normalize(word).split() or [""])[0].lower()
            if max(self._first_words.get(head, 0), self._first_words.get(singular(head), 0)) < 2:
                start += 1
                continue
            end, entry = self._longest_at(words, start)
            if entry is not None and entry.kind == kind and end - start > 1:
                found.append((start, end, entry))
                start = end
            else:
                start += 1
        return found

    def _find_all(self, words: Sequence[str]) -> list[tuple[int, int, ActorEntry]]:
        found: list[tuple[int, int, ActorEntry]] = []
        start = 0
        while start < len(words):
            if not _is_word(words[start]):  # no name starts with punctuation (_longest_at's first test)
                start += 1
                continue
            end, entry = self._longest_at(words, start)
            if entry is not None and entry.kind != "block":
                found.append((start, end, entry))
            start = end if entry is not None else start + 1
        return found

    def _longest_at(self, words: Sequence[str], start: int) -> tuple[int, ActorEntry | None]:
        first = normalize(words[start])
        if not _is_word(words[start]) or not first:
            return start + 1, None
        head = first.split()[0].lower()
        longest = max(self._first_words.get(head, 0), self._first_words.get(singular(head), 0))
        if longest:
            window = min(MAX_PHRASE_TOKENS, 2 * longest)
            for end in range(min(len(words), start + window), start, -1):
                last = words[end - 1]
                if not _is_word(last) or last in _POSSESSIVE_TOKENS:
                    continue
                entry = self._lookup_with_plural(normalize(" ".join(words[start:end])))
                if entry is not None:
                    return end, entry
        prefix, dash, suffix = words[start].rpartition("-")
        if dash and suffix.lower() == "led":  # "U.S.-led coalition": the leader is an actor
            return start + 1, self._lookup(normalize(prefix))
        return start + 1, None

    def agent_sector(self, noun: str) -> str | None:
        """Return the sector of an agent noun, singular or plural ("troops" → "MIL"), or None."""
        sector = self._sectors.get(noun, _UNSEEN)
        if sector is _UNSEEN:
            entry = self._lookup_with_plural(normalize(noun), ("agent",), check_case=False)
            sector = entry.sector if entry else None
            _remember(self._sectors, noun, sector)
        return sector

    def title_sector(self, title: str) -> str | None:
        """Return the sector of a title ("Major General" → "MIL"), or None."""
        entry = self._lookup_with_plural(normalize(title), ("title", "agent"), check_case=False)
        return entry.sector if entry else None

    def country_name(self, iso3: str) -> str | None:
        """Return the canonical short name of a country code ("IRQ" → "Iraq"), or None."""
        return self._countries.get(iso3.upper())

    def countries(self) -> dict[str, str]:
        """Return {iso3: canonical name} of every country known."""
        return dict(self._countries)


_UNSEEN = object()  # a look-up not made yet (None is a result: no entry)


def _remember(memo: dict, key: object, value: object) -> None:
    """Keep a look-up's result, starting afresh when the memo is full."""
    if len(memo) >= LOOKUP_CACHE_SIZE:
        memo.clear()
    memo[key] = value


def _compatible(a: ActorEntry, b: ActorEntry) -> bool:
    if "block" in (a.kind, b.kind):
        return False
    return a.country == b.country and (a.sector == b.sector or a.sector is None or b.sector is None)


def _describe(entry: ActorEntry) -> str:
    return f"{entry.kind} {entry.name!r} ({entry.code or 'no code'})"


def _case_fits(words: list[str], mask: tuple[str, ...]) -> bool:
    """True when each word of the text is written as the dictionary spelling requires (see case_rule)."""
    if len(words) != len(mask):
        return False
    return all(
        not rule or (word[:1].isupper() if rule == "^" else word == rule)
        for word, rule in zip(words, mask, strict=True)
    )


# A letter or digit: what str.isalnum() accepts (a word character other than "_").
_WORD_CHAR = re.compile(r"[^\W_]")


def _is_word(token: str) -> bool:
    return _WORD_CHAR.search(token) is not None


@lru_cache(maxsize=8)
def _load(extra: tuple[Path, ...]) -> ActorDictionary:
    tables = [(0, *read_table(DATA_DIR / name)) for name in BUNDLED_FILES]
    tables += [(1, *read_table(path)) for path in extra]
    dictionary = ActorDictionary()
    dictionary._build(tables)
    return dictionary
