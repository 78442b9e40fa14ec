"""Scraped-page leftovers: tell article paragraphs from boilerplate by paragraph features.

A paragraph's features: words, whether it ends like a sentence, how many boilerplate cues it holds
(sign-in, subscription, comment-policy, sharing, newsletter, cookie phrasing), whether it is a
counter (`0 / 0`), a bullet, or a short label (`Sign in`, `Comments`). The body ends at the last
paragraph that reads as article prose; everything after it is page furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .meta import find_wire

# Cues that a paragraph talks to the reader about the site rather than about the news. Each is a
# phrase a news report itself almost never uses; single words common in news ("comment", "share",
# "member") only count in site phrasing ("post a comment", "share this article").
_STRONG_CUES = [
    r"sign[- ]?(?:in|up)\b", r"\blog[- ]?(?:in|out)\b", r"\blogged[- ]in\b", r"\bsubscri(?:be|ption|ber)s?\b",
    r"\bnewsletters?\b", r"\bunlock\b", r"\bpaywall\b", r"\bpremium (?:content|article|member)", r"\bcookies?\b",
    r"\bregistered users?\b", r"\bcommenting\b", r"\bcomments? (?:section|policy|platform|are|have|will)\b",
    r"\b(?:post|posting|leave|add|write|read) (?:a |your |the |our )?comments?\b", r"\bfree (?:stories|articles)\b",
    r"\ball rights reserved\b", r"^\s*(?:also read|read more|read also|related|recommended|trending|more from)\b",
    r"\bshare (?:this|on|via|the article)\b", r"\bfollow us\b", r"\bdownload (?:the|our) app\b",
    r"\bclick here\b", r"\be-?paper\b", r"\bcommunity guidelines\b", r"\bterms of (?:use|service)\b",
    r"\bprivacy policy\b", r"\bget notified\b", r"\bearly access\b", r"\bsave (?:stories|articles)\b",
    r"\bmember[- ]only\b", r"\bad ?blocker\b", r"\bwhatsapp channel\b", r"\bgoogle news\b",
    r"\bthis (?:article|story) (?:is|was) (?:closed|available)\b", r"\bcopyright\b", r"©",
    r"\bexclusive offers?\b", r"\bdiscounts?\b.*\boffers?\b", r"\bmanage your\b", r"\byour account\b",
    r"\bcontinue reading\b", r"\byou (?:might|may) also (?:like|enjoy)\b", r"\bregister (?:for free|now|today)\b",
    r"\bregistration (?:is free|takes)\b", r"\blimit of (?:free )?(?:articles|stories)\b",
    r"\bfollow (?:[\w&.-]+ ){0,4}on (?:telegram|whatsapp|twitter|x|facebook|instagram|threads|bluesky)\b",
]
_CUES = re.compile("|".join(_STRONG_CUES), re.I)
_COUNTER = re.compile(r"^[\s\d/|·:,.+\-–—()]*$")
_BULLET = re.compile(r"^\s*[•·▪●◦‣∙*\-–▸►▶→»]\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_SHARE_BAR = re.compile(r"^(?:\s*(?:share|tweet|email|print|facebook|twitter|linkedin|whatsapp|reddit|copy link|"
                        r"x|telegram|pin|save|listen|comments?)\s*[|·]?\s*){1,8}$", re.I)

# A paragraph with one cue is boilerplate when shorter than this many words; longer paragraphs
# need two cues (a report that quotes one site phrase stays). Chosen on scraped pages: cue
# paragraphs are 3-35 words, article paragraphs that mention subscriptions are longer.
ONE_CUE_MAX_WORDS = 40
# Article prose: at least this many words and a sentence ending. Headlines and labels are shorter.
PROSE_MIN_WORDS = 8


@dataclass(frozen=True)
class Paragraph:
    text: str
    words: int
    cues: int
    sentence_end: bool
    furniture: bool  # counter, share bar, bullet or short label

    @property
    def boilerplate(self) -> bool:
        """True when the paragraph is page furniture or talks about the site."""
        if self.furniture:
            return True
        return self.cues >= 2 or (self.cues == 1 and self.words < ONE_CUE_MAX_WORDS)

    @property
    def prose(self) -> bool:
        """True when the paragraph reads as article text."""
        return not self.boilerplate and self.words >= PROSE_MIN_WORDS and self.sentence_end


def describe(text: str) -> Paragraph:
    """Return the features of one paragraph."""
    words = len(text.split())
    cues = len(_CUES.findall(text))
    sentence_end = bool(_SENTENCE_END.search(text))
    furniture = bool(
        _COUNTER.match(text) or _SHARE_BAR.match(text)
        or (_BULLET.match(text) and (cues or words < PROSE_MIN_WORDS))
        or (words <= 3 and not sentence_end)
    )
    return Paragraph(text, words, cues, sentence_end, furniture)


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty lines of a scraped text, stripped: on scraped pages a line is a paragraph."""
    return [line.strip() for line in plain_spaces(text).splitlines() if line.strip()]


# No-break and other fixed-width spaces of web pages: the parser takes each for a token of its own, which
# splits names ("Aleppo\u00a0Governorate"); one space each, so every offset stays where it was.
_FIXED_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " "})


def plain_spaces(text: str) -> str:
    """Return `text` with no-break, figure, thin and hair spaces made plain spaces (same length)."""
    return text.translate(_FIXED_SPACES)


def article_paragraphs(paragraphs: list[str]) -> list[str]:
    """Return the paragraphs that belong to the article, in order, without page furniture."""
    described = [describe(p) for p in paragraphs]
    last_prose = max((i for i, p in enumerate(described) if p.prose), default=len(described) - 1)
    kept = []
    for i, para in enumerate(described[: last_prose + 1]):
        if para.boilerplate:
            continue
        # A short line between two boilerplate paragraphs belongs to their block (menu items, labels).
        between = 0 < i < last_prose and described[i - 1].boilerplate and described[i + 1].boilerplate
        if between and not para.prose:
            continue
        kept.append(para.text)
    return kept


_NAME = r"((?:The\s+)?[A-Z][\w&'-]*(?:\s+(?:of\s+)?[A-Z][\w&'-]*){0,3})"
# How page furniture names its own publication, most telling first: "a registered user of The Hindu",
# "© 2023 Horn Daily", "Subscribe to Andes Observer Digital", "a Northern Ledger account",
# "The Gulf Ledger welcomes comments".
_OUTLET_PATTERNS = [re.compile(p) for p in (
    r"(?:(?:registered )?(?:user|subscriber|reader)s? of|©\s*(?:\d{4}\s*)?|[Cc]opyright\s*(?:©\s*)?(?:\d{4}\s*)?)"
    r"\s*" + _NAME,
    r"(?:[Ss]ubscribe to|[Ss]upport|[Rr]egister (?:for|with)|[Ss]ign up for)\s+(?:the\s+)?" + _NAME,
    r"(?:\ba|\ban|[Yy]our)\s+" + _NAME + r"\s+(?:account|subscription|newsletter|membership)",
    r"^" + _NAME + r"\s+(?:welcomes|has moved|has no|newsletter|app\b|is funded|relies on)",
)]
# Words that start a capitalised phrase in furniture without naming an outlet.
NOT_OUTLETS = {"Free", "Digital", "Premium", "Our", "Independent", "Local", "Unlimited", "All", "Us", "Now", "Today"}


def outlet_from_boilerplate(paragraphs: list[str]) -> str | None:
    """Return the publication named in the page's furniture ('a registered user of The Hindu'), if any."""
    furniture = [p for p in paragraphs if describe(p).boilerplate]
    for pattern in _OUTLET_PATTERNS:
        for para in furniture:
            match = pattern.search(para)
            name = match.group(1).rstrip(".,") if match else ""
            if name and name.split()[0] not in NOT_OUTLETS and not find_wire(name):  # "© The Associated Press": a wire
                return name
    return None
