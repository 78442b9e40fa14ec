"""Where the gazetteer lives and its schema version (apart, so opening it never imports the builder)."""

from __future__ import annotations

import os
from pathlib import Path

GAZETTEER_VERSION = "1"


def default_path() -> Path:
    """Return the gazetteer path: $EVENTWIRE_HOME or ~/.cache/eventwire, versioned file name."""
    home = os.environ.get("EVENTWIRE_HOME")
    base = Path(home) if home else Path.home() / ".cache" / "eventwire"
    return base / f"gazetteer-{GAZETTEER_VERSION}.sqlite"
