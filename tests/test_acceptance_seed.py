"""The seed page reads exactly as ../shared/acceptance/seed.expected.json describes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.parse import read_path
from tracker.weeks import iso_week

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXPECTED = SHARED / "acceptance" / "seed.expected.json"


@pytest.fixture(scope="module")
def expected() -> dict[str, object]:
    if not EXPECTED.is_file():
        pytest.skip(f"{EXPECTED} is absent (the shared acceptance folder is not checked out)")
    data: dict[str, object] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


def test_seed_page_matches_the_acceptance_file(expected: dict[str, object]) -> None:
    seed = (EXPECTED.parent / str(expected["file"])).resolve()
    if not seed.is_file():
        seed = SHARED / "seed" / Path(str(expected["file"])).name
    if not seed.is_file():
        pytest.skip(f"seed page {seed} is absent")
    result = read_path(seed)
    assert result.skipped is None
    assert result.encoding == "utf-8"
    assert len(result.commentaries) == expected["commentaries"]
    c = result.commentaries[0]
    assert c.week_start.isoformat() == expected["week_start"]
    assert c.week_end.isoformat() == expected["week_end"]
    assert iso_week(c.week_start) == expected["iso_week"]
    assert c.section == expected["section"]
    assert c.status == expected["status"]
    assert c.language == expected["language"]
    assert c.headline == expected["headline"]
    assert c.lead is not None and c.lead.startswith(str(expected["lead_starts_with"]))
    assert c.body is not None and c.body.startswith(str(expected["body_starts_with"]))
    assert c.body.endswith(str(expected["body_ends_with"]))
    forbidden = expected["not_in_lead_or_body"]
    assert isinstance(forbidden, list)
    for phrase in forbidden:
        assert phrase not in c.lead
        assert phrase not in c.body
    assert c.origin == str(seed)
    assert c.line == 1
