import csv
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chinabrief.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    db = tmp_path / "cli.db"
    result = runner.invoke(app, ["ingest", str(FIXTURES / "files" / "newsletter.eml"),
                                 str(FIXTURES / "encodings" / "big5.txt"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "3 items stored" in result.output
    return db


def test_items_show_and_search(filled: Path) -> None:
    listing = runner.invoke(app, ["items", "--since", "2024-03-01", "--db", str(filled)])
    assert "China Sets 2024 Growth Goal" in listing.output and "Reuters" in listing.output
    records = [json.loads(line) for line in runner.invoke(app, ["export", "--db", str(filled)]).output.splitlines()]
    growth = next(r for r in records if r["headline"].startswith("China Sets"))
    shown = runner.invoke(app, ["show", growth["id"][:8], "--db", str(filled)])
    assert shown.exit_code == 0
    assert "What Happened:" in shown.output and "Mei Tanaka" in shown.output
    found = runner.invoke(app, ["search", "國防", "--db", str(filled)])
    assert "1 items match" in found.output
    missing = runner.invoke(app, ["show", "nope", "--db", str(filled)])
    assert missing.exit_code == 2 and "no item" in missing.output


def test_environment_variable_chooses_the_database(filled: Path) -> None:
    result = runner.invoke(app, ["items"], env={"CHINABRIEF_DB": str(filled)})
    assert "China Sets 2024 Growth Goal" in result.output


def test_export_formats(filled: Path, tmp_path: Path) -> None:
    lines = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(filled)]).output.splitlines()
    record = json.loads(lines[0])
    assert set(record) >= {"id", "document", "headline", "text", "sections", "language", "published", "outlet",
                           "url", "authors", "entities", "figures", "quotes", "topics", "story", "guid"}
    out = runner.invoke(app, ["export", "--format", "csv", "--db", str(filled)]).output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3 and json.loads(rows[0]["outlet"])["name"]
    parquet = tmp_path / "items.parquet"
    result = runner.invoke(app, ["export", "--format", "parquet", "--out", str(parquet), "--db", str(filled)])
    assert result.exit_code == 0
    import pyarrow.parquet as pq

    table = pq.read_table(parquet)
    assert table.num_rows == 3 and "outlet" in table.column_names
    bad = runner.invoke(app, ["export", "--format", "xml", "--db", str(filled)])
    assert bad.exit_code == 2


def test_failures_give_a_non_zero_exit(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(FIXTURES / "files" / "empty.txt"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "empty.txt: the file is empty" in result.output


def test_stdin_is_read_with_a_dash(tmp_path: Path) -> None:
    data = (FIXTURES / "encodings" / "gbk.txt").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "chinabrief.cli", "ingest", "-", "--db", str(tmp_path / "s.db")],
                          input=data, capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert b"1 items stored" in proc.stdout


def test_cli_reference_is_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    subprocess.run([Path(sys.executable).parent / "typer", "chinabrief.cli", "utils", "docs", "--name", "chinabrief",
                    "--title", "chinabrief CLI reference", "--output", str(out)], check=True, capture_output=True)
    assert out.read_text() == (Path(__file__).parents[1] / "docs" / "cli.md").read_text(), "run: make docs"


def test_stories_are_listed_ranked_and_shown_by_affiliation(tmp_path: Path) -> None:
    from chinabrief.cli import demo_corpus

    db = tmp_path / "demo.db"
    wide = CliRunner(env={"COLUMNS": "220"})
    assert wide.invoke(app, ["ingest", str(demo_corpus()), "--db", str(db)]).exit_code == 0
    listing = wide.invoke(app, ["stories", "--since", "2024-03-01", "--limit", "5", "--db", str(db)])
    assert listing.exit_code == 0 and "5 stories" in listing.output
    assert "PRC state/party" in listing.output and "foreign" in listing.output
    records = [json.loads(line) for line in wide.invoke(app, ["export", "--db", str(db)]).output.splitlines()]
    budget = next(r for r in records if r["headline"] == "China Raises Defence Budget by 7.2% for a Second Year")
    assert budget["story"] and "guid" in budget and "duplicate_of" in budget
    shown = wide.invoke(app, ["story", budget["story"], "--db", str(db)])
    assert shown.exit_code == 0
    assert "score" in shown.output and "outlets =" not in shown.output
    assert "PRC state/party" in shown.output and "今年国防预算增长7.2%" in shown.output
    rebuilt = wide.invoke(app, ["cluster", "--all", "--db", str(db)])
    assert rebuilt.exit_code == 0 and "69 items" in rebuilt.output
    nothing = wide.invoke(app, ["cluster", "--db", str(db)])
    assert "No new items" in nothing.output
    missing = wide.invoke(app, ["story", "snope", "--db", str(db)])
    assert missing.exit_code == 2 and "no story" in missing.output


def test_listings_print_json_and_csv_and_search_can_be_exact(filled: Path) -> None:
    found = json.loads(runner.invoke(app, ["search", "國防", "--format", "json", "--db", str(filled)]).output)
    assert [r["language"] for r in found] == ["zh"] and found[0]["matched_via"] is None
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["items", "-f", "csv", "--limit", "0",
                                                                "--db", str(filled)]).output)))
    assert len(rows) == 3 and {"id", "published", "outlet", "headline", "url"} <= set(rows[0])
    entities = json.loads(runner.invoke(app, ["entities", "-f", "json", "--db", str(filled)]).output)
    assert entities and {"entity_id", "name", "items"} <= set(entities[0])
    stories = runner.invoke(app, ["stories", "-f", "csv", "--db", str(filled)]).output
    assert stories.splitlines()[0] == "id,title,items,first_seen,last_seen,score,thread,languages"
    widened = runner.invoke(app, ["search", "Wang Yi", "-f", "json", "--limit", "0", "--db", str(filled)]).output
    exact = runner.invoke(app, ["search", "Wang Yi", "-f", "json", "--exact", "--db", str(filled)]).output
    assert len(json.loads(exact)) <= len(json.loads(widened))
    bad = runner.invoke(app, ["search", "x", "--format", "xml", "--db", str(filled)])
    assert bad.exit_code == 2


def test_source_text_is_printed_as_text_not_markup(tmp_path: Path) -> None:
    db = tmp_path / "markup.db"
    page = tmp_path / "markup.md"
    page.write_text("# Markets [/] rally [link=https://evil.example]click[/link] \x1b[31mred\n\n"
                    "Shares rose [bold]sharply[/bold] on Monday in Shanghai, traders said.\n", "utf-8")
    assert runner.invoke(app, ["ingest", str(page), "--db", str(db)]).exit_code == 0
    wide = CliRunner(env={"COLUMNS": "200"})
    for command in (["items"], ["search", "rally"], ["stories"], ["changes"]):
        result = wide.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 0, (command, result.output)
        assert "\x1b" not in result.output
    assert "Markets [/] rally [link=https://evil.example]click[/link]" in wide.invoke(app, ["items", "--db",
                                                                                            str(db)]).output
    item = json.loads(runner.invoke(app, ["items", "-f", "json", "--db", str(db)]).output)[0]
    shown = wide.invoke(app, ["show", item["id"], "--db", str(db)])
    assert shown.exit_code == 0 and "[bold]sharply[/bold]" in shown.output


@pytest.mark.parametrize(("host", "warned"), [("0.0.0.0", True), ("127.0.0.1", False)])
def test_serving_beyond_this_machine_warns(tmp_path: Path, host: str, warned: bool) -> None:
    """The warning is printed before the server starts; the server is then stopped."""
    from tests.conftest import free_port

    port = str(free_port())
    proc = subprocess.Popen([sys.executable, "-m", "chinabrief.cli", "serve", "--host", host, "--port", port,
                             "--public", "--db", str(tmp_path / "served.db")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "400"})
    watchdog = threading.Timer(60, proc.kill)  # a server that never says where it listens ends the read
    watchdog.start()
    try:
        said = ""
        while "chinabrief on http://" not in said:
            line = proc.stderr.readline()
            assert line, said
            said += line
    finally:
        watchdog.cancel()
        proc.terminate()
        proc.wait(timeout=10)
    assert ("other machines can reach this server" in said) is warned
    if warned:
        assert "Anyone who reaches it reads the archive" in said and "Nobody can log in" in said
