"""Quality gate for event coding: scores on gold sentences must not fall below the pinned floors.

Floors live in tests/quality_floors.json with a hash of each gold file; lowering one, or changing a
gold file, needs `--update-floors` (see conftest.py) and a reason in the commit.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from eventwire.eval.coding_eval import load_own_gold, load_plover_gold, score
from eventwire.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "quality_floors.json"
OWN = ROOT / "tests" / "data" / "coding_gold.jsonl"
PLOVER = ROOT.parent / "shared" / "gold" / "plover_gsr_dev.jsonl"

pytestmark = pytest.mark.model


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()  # as in production: places give generic actors their country


def figures(path: Path, loader, pipeline: Pipeline) -> dict[str, float]:
    s = score(loader(path), pipeline)
    return {"type_acc": s.accuracy(), "macro_f1": s.macro_f1(), "actor_f1": s.role_prf("actor")[2],
            "recipient_f1": s.role_prf("recipient")[2]}


@pytest.mark.parametrize("name, path, loader", [("own", OWN, load_own_gold), ("plover", PLOVER, load_plover_gold)])
def test_coding_scores_hold_their_floors(name, path, loader, pipeline, update_floors) -> None:
    if not path.exists():
        pytest.skip(f"{path} not present")
    floors = json.loads(FLOORS.read_text())
    got = figures(path, loader, pipeline)
    key = f"coding.{name}"
    if update_floors:
        floors.update({f"{key}.{k}": round(v - 0.005, 3) for k, v in got.items()})
        floors[f"{key}.gold_sha256"] = sha(path)
        FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n")
        return
    assert floors.get(f"{key}.gold_sha256") == sha(path), f"{path.name} changed: re-measure with --update-floors"
    for k, v in got.items():
        floor = floors[f"{key}.{k}"]
        assert v >= floor, f"{key}.{k} fell to {v:.3f}, below its floor {floor}"
