"""Items out of the archive as JSON Lines, CSV or Parquet, with the fields of DESIGN.md §3.

CSV and Parquet are flat: nested fields (``sections``, ``outlet``, ``entities``…) are
written as JSON text in CSV; Parquet keeps ``outlet`` as a struct, ``authors`` and
``topics`` as lists and ``sections`` as a map, and the rest as JSON text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from chinabrief.errors import ConfigError, MissingExtraError

FORMATS = ("jsonl", "csv", "parquet")
FIELDS = ["id", "document", "headline", "text", "sections", "language", "script", "published", "outlet", "url",
          "authors", "guid", "entities", "figures", "quotes", "topics", "topic_scores", "story", "content_hash",
          "text_source", "captions", "deleted_at", "duplicate_of", "revisions"]
_NESTED = {"sections", "outlet", "authors", "entities", "figures", "quotes", "topics", "topic_scores", "revisions",
           "captions"}
#: Parquet keeps these nested lists of objects as JSON text.
_AS_JSON = ("entities", "figures", "quotes", "topic_scores", "revisions")


def export(records: Iterable[dict[str, Any]], fmt: str, out: IO[bytes]) -> int:
    """Write ``records`` to the binary stream ``out``; returns how many were written."""
    if fmt == "jsonl":
        return _jsonl(records, out)
    if fmt == "csv":
        return _csv(records, out)
    if fmt == "parquet":
        return _parquet(records, out)
    raise ConfigError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


def _jsonl(records: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        n += 1
    return n


def _csv(records: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    import io

    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=FIELDS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if k in _NESTED else v for k, v in record.items()})
        n += 1
    text.flush()
    text.detach()
    return n


def _parquet(records: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("Parquet export", "parquet") from exc
    outlet = pa.struct([("id", pa.string()), ("name", pa.string()), ("affiliation", pa.string()),
                        ("country", pa.string())])
    types = {"sections": pa.map_(pa.string(), pa.string()), "outlet": outlet, "authors": pa.list_(pa.string()),
             "topics": pa.list_(pa.string()), "captions": pa.list_(pa.string())}
    schema = pa.schema([(f, types.get(f, pa.string())) for f in FIELDS])
    rows = []
    for record in records:
        row = {f: record.get(f) for f in FIELDS}
        row["sections"] = list((record.get("sections") or {}).items())
        for name in _AS_JSON:
            row[name] = json.dumps(record.get(name) or [], ensure_ascii=False)
        rows.append(row)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), out)
    return len(rows)
