"""Docs stay honest: every command has help text and appears in the README; documented files exist."""

from __future__ import annotations

import re
from pathlib import Path

from eventwire.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")  # noqa: SLF001
    return {c.dest: c.help or "" for c in sub._choices_actions}  # noqa: SLF001


def test_every_command_has_help_and_is_in_the_readme() -> None:
    commands = _commands()
    assert {"extract", "ingest", "events", "export", "stats", "config"} <= set(commands)
    for name, help_text in commands.items():
        assert len(help_text) > 10, f"command {name} has no help text"
        assert re.search(rf"eventwire {name}\b", README), f"README does not show `eventwire {name}`"


def test_readme_first_screen_gives_the_two_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:20])
    assert "make demo" in first_screen and "make test" in first_screen
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_docs_named_in_the_readme_exist() -> None:
    for name in re.findall(r"`(docs/[\w./-]+\.md)`", README):
        assert (ROOT / name).exists(), f"README names {name}, which does not exist"
