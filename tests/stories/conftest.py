"""The bilingual story fixture (tests/fixtures/stories/items.jsonl), enriched once per session.

Each record carries its gold ``event``; the items are original writing about real events of
2023 in English, simplified and traditional Chinese.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from chinabrief.models import Item
from tests.conftest import FIXTURES


@pytest.fixture(scope="session")
def story_records(enricher, catalogue) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (FIXTURES / "stories" / "items.jsonl").read_text("utf-8").splitlines()]
    records = []
    for row in rows:
        item = Item(document="stories.jsonl", headline=row["headline"], text=row["text"],
                    published=date.fromisoformat(row["published"]), outlet=catalogue.get(row["outlet"]))
        enricher(item)
        record = item.to_record()
        record["id"], record["event"] = row["id"], row["event"]
        records.append(record)
    return records


def record(records: list[dict[str, Any]], headline_start: str) -> dict[str, Any]:
    return next(r for r in records if r["headline"].startswith(headline_start))
