"""Is a date in a sentence before or after publication? Read from the words around it.

A bare weekday in news is resolved by tense: "was killed on Friday" is the last Friday, "will meet on
Monday" the next Monday. Cues right before the date ("starting on", "scheduled for", "since") decide
first; then the tense the caller passes (from a parser); then the nearest tense cue in the sentence,
cues before the date counting more than cues after it ("said on Friday it will ..." is past).
"""

from __future__ import annotations

import re

PAST, FUTURE = "past", "future"

# How far before a date an adjacent cue ("starting on") may end, in characters.
ADJACENT_CHARS = 24
# Cues after the date count as this many times farther away: the verb of a date usually precedes it.
AFTER_PENALTY = 1.5

_ADJACENT_FUTURE = re.compile(
    r"\b(?:starting|beginning|effective|commencing|scheduled|slated|set|planned|due|expected|forecast\s+for|"
    r"takes?\s+place|begins?|starts?|opens?|ends?|meets?|resumes?|kicks?\s+off|"
    r"will\s+(?:\w+\s+){0,3}(?:on|by|until|from|before)|"
    r"to\s+(?:meet|hold|vote|visit|travel|begin|start|sign|resume|attend|announce|decide|rule|return|open|"
    r"host|discuss|launch|reopen|leave|arrive|testify|appear|go|take\s+place|end)\s+(?:\w+\s+){0,2}"
    r"(?:on|by|until|from|before))\s*(?:on|from|for|at|by)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_ADJACENT_PAST = re.compile(r"\b(?:since|ago|ended|began|started)\s*(?:on)?\s*(?:the\s+)?$", re.IGNORECASE)
# Deadlines ("by early June", "closed until Friday") point ahead unless a past verb governs them.
_DEADLINE = re.compile(r"(?P<before>(?:\S+\s+){0,3})\b(?:by|until|till|before)\s+"
                       r"(?:at\s+(?:the\s+)?(?:least|latest|earliest)\s+)?(?:the\s+)?$", re.IGNORECASE)
# The word every _DEADLINE match holds, looked for first: _DEADLINE tries its words-before part at every
# position, which costs more than the rest of tense_at, and most dates have no deadline word before them.
_DEADLINE_WORD = re.compile(r"\b(?:by|until|till|before)\s", re.IGNORECASE)

_FUTURE_CUES = re.compile(
    r"\b(?:will|shall|won['’]t|would|wo\s+n't|going\s+to|is\s+to|are\s+to|due\s+to|expected\s+to|"
    r"plans?\s+to|planned|intends?\s+to|set\s+to|scheduled|slated|upcoming|forthcoming|forecast\s+to|"
    r"next|tomorrow|(?:may|might|could|should)(?!\s+(?:not\s+)?have\b)|"
    r"to\s+be\s+(?:[a-z]+ed|held|made|taken|given|built|sold|sent|shown|seen|done|paid|run|set|put))"
    r"(?:\s+(?:not\s+)?(?:be|have\s+been)?\s*\w+)?|['’]ll\s+\w+",
    re.IGNORECASE,
)
_IRREGULAR_PAST = (
    "said told met held went came took gave made began fled fought hit struck shot led left lost won sent "
    "brought bought sold built broke spoke wrote ran rose fell threw caught found thought felt kept paid "
    "stood sought drove flew grew knew saw shook stole swore tore withdrew overran overthrew arose beat "
    "blew bled chose dealt drew ate forbade forgot froze got hid hung laid lit meant rode rang sank slid "
    "spent stuck swept sang sat slept undertook upheld overtook wept was were had did ago "
    "last yesterday earlier previously"
).split()
# Words ending in -ed that are not past-tense verbs in news text.
_NOT_PAST = frozenset(
    "need speed seed feed indeed hundred red bed shed bred breed proceed exceed succeed embed deed weed "
    "greed reed steed creed armed wounded so-called based united detailed alleged supposed proposed "
    "planned scheduled expected related concerned limited advanced sacred naked rugged wicked beloved "
    "aged learned interested skilled talented coed biased marked heated tired".split()
)
_CLAUSE_BREAK = re.compile(r"\b(?:that|which|who|but|because|while|after|before|when|as|and)\b|[,;:()\"“”]",
                           re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her|this|these|those|our|your)\s+$", re.I)
_PAST_WORD = re.compile(r"\b(?:[a-z]+ed|" + "|".join(_IRREGULAR_PAST) + r")\b", re.IGNORECASE)


def tense_at(sentence: str, start: int, end: int, hint: str | None = None) -> str | None:
    """Return "past", "future" or None for the date at sentence[start:end]."""
    before = sentence[max(0, start - ADJACENT_CHARS): start]
    if _ADJACENT_FUTURE.search(before):
        return FUTURE
    if _ADJACENT_PAST.search(before):
        return PAST
    window = sentence[max(0, start - 3 * ADJACENT_CHARS): start]
    if _DEADLINE_WORD.search(window) and (deadline := _DEADLINE.search(window)):
        # the word right before "until" is adjectival ("closed until Friday"), not the governing verb
        words = deadline["before"].split()[:-1]
        governing = past_words(" ".join(words))
        return PAST if governing else FUTURE
    if hint in (PAST, FUTURE):
        return hint
    return nearest_cue(sentence, start, end)


def past_words(text: str) -> list[re.Match[str]]:
    """Return the past-tense verbs of a text: irregular pasts and -ed words not used as adjectives."""
    found = []
    for m in _PAST_WORD.finditer(text):
        word = m.group(0).lower()
        if word in _NOT_PAST:
            continue
        if word.endswith("ed") and _DETERMINER_BEFORE.search(text, 0, m.start()):
            continue  # "a reduced timetable", "the injured": an adjective after a determiner
        found.append(m)
    return found


def nearest_cue(sentence: str, start: int, end: int) -> str | None:
    """Return the tense of the tense cue nearest to sentence[start:end], or None when there is none."""
    future_spans = [m.span() for m in _FUTURE_CUES.finditer(sentence)]
    best: tuple[float, str] | None = None
    cues = [(span, FUTURE) for span in future_spans]
    for m in past_words(sentence):
        if not any(s <= m.start() < e for s, e in future_spans):
            cues.append((m.span(), PAST))
    for (cue_start, cue_end), tense in cues:
        if cue_start >= start and cue_end <= end:
            continue  # a cue inside the date itself ("next Monday") is handled by the date rule
        if cue_end <= start:
            distance = float(start - cue_end)
        elif _CLAUSE_BREAK.search(sentence, end, cue_start):
            continue  # "on Thursday that he would ...", "on Monday, officials said": another clause
        else:
            distance = max(0, cue_start - end) * AFTER_PENALTY
        if best is None or distance < best[0]:
            best = (distance, tense)
    return best[1] if best else None
