"""Feeds and pages fetched from a real HTTP server on 127.0.0.1."""

from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chinabrief import add_pages, export_opml, fetch, follow, import_opml, ingest
from chinabrief.cli import app
from chinabrief.config import load_settings
from chinabrief.sources.http import Fetcher, FetchError, check_url
from chinabrief.store import open_store

FIXTURES = Path(__file__).parents[1] / "fixtures"


def serve_wire(web) -> None:
    web.with_etag("/feeds/rss2.xml", "feeds/rss2.xml", "application/rss+xml", '"v1"')
    web.file("/pages/growth.html", "pages/growth.html", "text/html; charset=utf-8")
    web.file("/pages/gbk.html", "pages/gbk.html", "text/html")  # charset only in the page's <meta>
    web.file("/pages/big5.html", "pages/big5.html", "text/html; charset=big5")
    web.bytes("/pages/gone.html", b"gone", status=410)


def test_a_feed_is_fetched_with_full_text_and_then_not_modified(web, fetch_settings) -> None:
    serve_wire(web)
    follow(f"{web.base}/feeds/rss2.xml", settings=fetch_settings, outlet="reuters")
    report = fetch(settings=fetch_settings, revisit=False)
    assert report.ok and report.items == 3
    records = {r["headline"]: r for r in open_store(fetch_settings.db).items()}
    growth = records["China Sets 2024 Growth Target at Around 5%"]
    assert growth["text_source"] == "page" and "ultra-long special treasury bonds" in growth["text"]
    assert growth["outlet"]["id"] == "reuters" and growth["guid"] == "wire-2024-0305-growth"
    assert records["Customs Data: Exports Up 7.1% in January-February"]["text_source"] == "summary"
    again = fetch(settings=fetch_settings, everything=True, revisit=False)
    assert again.feeds[0].not_modified and again.items == 0
    feed = open_store(fetch_settings.db).feeds()[0]
    assert feed["last_status"] == 304 and feed["items"] == 3 and feed["name"] == "Test Wire China"


def test_a_failing_feed_is_recorded_and_backs_off(web, fetch_settings) -> None:
    follow(f"{web.base}/feeds/missing.xml", settings=fetch_settings)
    web.file("/feeds/atom.xml", "feeds/atom.xml", "application/atom+xml")
    follow(f"{web.base}/feeds/atom.xml", settings=fetch_settings)
    report = fetch(settings=fetch_settings, revisit=False)
    assert not report.ok and report.items == 2  # the good feed is not held up by the bad one
    bad = next(f for f in open_store(fetch_settings.db).feeds() if f["url"].endswith("missing.xml"))
    assert "404" in bad["error"] and bad["failures"] == 1 and bad["next_due_at"] > bad["last_fetched_at"]
    assert fetch(settings=fetch_settings, revisit=False).feeds == []  # nothing due yet


def test_a_malformed_feed_stores_what_parses(web, fetch_settings) -> None:
    web.file("/feeds/malformed.xml", "feeds/malformed.xml", "application/rss+xml")
    follow(f"{web.base}/feeds/malformed.xml", settings=fetch_settings)
    report = fetch(settings=fetch_settings, revisit=False)
    assert report.items >= 1 and report.feeds[0].error
    assert open_store(fetch_settings.db).feeds()[0]["error"]


def test_pages_in_gbk_and_big5_come_out_right(web, fetch_settings) -> None:
    serve_wire(web)
    report = add_pages([f"{web.base}/pages/gbk.html", f"{web.base}/pages/big5.html"], settings=fetch_settings)
    assert report.items == 2
    texts = {r["headline"]: r["text"] for r in open_store(fetch_settings.db).items()}
    assert "1.67万亿元" in texts["国防预算增长7.2%"]
    assert "兩岸關係" in texts["賴清德就職前夕 兩岸關係受關注"]


def test_edits_and_deletions_are_kept(web, fetch_settings) -> None:
    web.sequence("/pages/notice.html", ["pages/edited-v1.html", "pages/edited-v2.html"])
    web.file("/pages/article23.html", "pages/article23.html", "text/html; charset=utf-8")
    add_pages([f"{web.base}/pages/notice.html", f"{web.base}/pages/article23.html"], settings=fetch_settings)
    web.bytes("/pages/article23.html", b"removed", status=404)
    settings = load_settings(db=fetch_settings.db, allow_private_urls=True, host_delay_s=0, retries=0)
    from chinabrief.sources.live import LiveSources

    store = open_store(settings.db)
    with Fetcher(settings) as fetcher:
        store.engine.dispose()
        live = LiveSources(store, settings, fetcher)
        checked = live.revisit()
    assert (checked.edited, checked.deleted) == (1, 1)
    changes = {r["headline"]: r for r in store.changes("2000-01-01")}
    notice = changes["Ministry Clarifies Export Rule"]
    assert "nine products" in notice["text"] and not notice["deleted_at"]
    [revision] = store.revisions_of(notice["id"])
    assert "twelve products" in revision["text"] and "-The commerce ministry" in revision["diff"]
    assert changes["Hong Kong Tables Article 23 Security Bill"]["deleted_at"]


HOSTILE_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News [EN/CN]</title><link>http://[bad</link>
<item><title>Bracketed channel, still read</title><link>https://example.org/a</link>
<description>One entry of a channel whose title and link trip a URL parser.</description></item>
</channel></rss>"""
ODD_JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": 42, "items": [
 {"id": 7, "title": ["not", "a", "string"], "date_published": ["2026-01-01"], "content_text": {"x": 1}},
 {"id": "ok", "title": "A fine entry in an odd feed", "content_text": "Text.", "url": "https://example.org/b"}]}"""


def test_one_bad_feed_does_not_stop_the_others(web, fetch_settings) -> None:
    web.bytes("/feeds/bracket.xml", HOSTILE_RSS, content_type="application/rss+xml")
    web.bytes("/feeds/odd.json", ODD_JSON_FEED, content_type="application/feed+json")
    web.bytes("/feeds/deep.json", b'{"version": "https://jsonfeed.org/version/1", "items": ' + b"[" * 100_000
              + b"]" * 100_000 + b"}", content_type="application/feed+json")
    web.file("/feeds/rss2.xml", "feeds/rss2.xml", "application/rss+xml")
    for path in ("bracket.xml", "odd.json", "deep.json", "rss2.xml"):
        follow(f"{web.base}/feeds/{path}", settings=fetch_settings)
    report = fetch(settings=replace(fetch_settings, full_text=False), revisit=False)
    by_url = {r.url.rsplit("/", 1)[1]: r for r in report.feeds}
    assert set(by_url) == {"bracket.xml", "odd.json", "deep.json", "rss2.xml"}
    assert by_url["rss2.xml"].new_items == 3 and by_url["bracket.xml"].new_items == 1
    assert by_url["odd.json"].new_items >= 1
    feeds = {f["url"].rsplit("/", 1)[1]: f for f in open_store(fetch_settings.db).feeds()}
    assert "nested too deeply" in feeds["deep.json"]["error"] and feeds["deep.json"]["failures"] == 1
    assert not feeds["rss2.xml"]["error"]
    saved = fetch_settings.db.parent / "bracket.xml"  # the same channel saved to a file is read too
    saved.write_bytes(HOSTILE_RSS)
    assert ingest([str(saved)], db=fetch_settings.db.parent / "files.db").items == 1


def test_fetch_limits_and_refusals(web, fetch_settings) -> None:
    web.redirect("/r1", "/r2", 301)
    web.redirect("/r2", "/pages/growth.html", 302)
    web.file("/pages/growth.html", "pages/growth.html", "text/html; charset=utf-8")
    web.redirect("/loop-a", "/loop-b")
    web.redirect("/loop-b", "/loop-a")
    for n in range(7):
        web.redirect(f"/hop{n}", f"/hop{n + 1}")
    web.bytes("/big", b"x" * (2 * 2**20))
    web.gzip_bomb("/bomb", 20)
    web.slow("/slow", 1.5)
    web.bytes("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    web.bytes("/private/page", b"<p>secret</p>")
    settings = load_settings(db=fetch_settings.db, allow_private_urls=True, host_delay_s=0, retries=0,
                             timeout_s=0.5, max_response_mb=1, max_decompressed_mb=2)
    with Fetcher(settings) as fetcher:
        reply = fetcher.get(f"{web.base}/r1")
        assert reply.url.endswith("/pages/growth.html") and len(reply.redirects) == 2
        for path, words in [("/loop-a", "loop"), ("/hop0", "redirects"), ("/big", "MB"), ("/bomb", "bomb"),
                            ("/slow", "timed out"), ("/private/page", "robots.txt"), ("/nothing", "404")]:
            with pytest.raises(FetchError, match=words):
                fetcher.get(f"{web.base}{path}")


def test_a_brotli_bomb_is_refused_at_the_cap_in_bounded_memory(web, fetch_settings) -> None:
    import tracemalloc

    import brotli

    web.brotli_bomb("/br-bomb", 512)  # 512 MB of zeros in a few hundred bytes
    page = b"<html><body><p>" + b"news " * 300_000 + b"</p></body></html>"  # 1.5 MB: under the cap
    web.bytes("/br-page", brotli.compress(page), **{"Content-Encoding": "br"})
    settings = load_settings(db=fetch_settings.db, allow_private_urls=True, host_delay_s=0, retries=0,
                             max_decompressed_mb=2)
    with Fetcher(settings) as fetcher:
        assert fetcher.get(f"{web.base}/br-page").body == page
    tracemalloc.start()
    try:
        with Fetcher(settings) as fetcher, pytest.raises(FetchError, match="over 2 MB"):
            fetcher.get(f"{web.base}/br-bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20  # never more than the cap and a chunk or two, not the bomb's 512 MB


def test_a_trickled_body_is_given_up_at_the_whole_response_cap(web, fetch_settings) -> None:
    web.trickle("/trickle", b"<p>x</p>", every_s=0.2, count=100)  # 20 s in all, each piece well in time
    settings = replace(fetch_settings, retries=0, timeout_s=1, max_fetch_s=1)
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match="took over 1 s"):
        fetcher.get(f"{web.base}/trickle")


def test_private_addresses_are_refused_unless_allowed(web, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="private or local address"):
        check_url(f"{web.base}/feeds/rss2.xml", allow_private=False)
    with pytest.raises(FetchError, match="only http"):
        check_url("file:///etc/passwd", allow_private=True)
    report = add_pages([f"{web.base}/x", "http://169.254.169.254/latest/meta-data"],
                       settings=load_settings(db=tmp_path / "a.db"))
    assert report.items == 0 and all("private or local" in f for f in report.failures)


def test_opml_round_trip_keeps_folders(tmp_path: Path) -> None:
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
      <outline text="State media"><outline type="rss" text="Xinhua" xmlUrl="https://example.org/xinhua.xml"/>
        <outline text="Nested"><outline text="CGTN" xmlUrl="https://example.org/cgtn.xml"/></outline></outline>
      <outline text="Loose" xmlUrl="https://example.org/loose.xml"/></body></opml>"""
    db = tmp_path / "a.db"
    assert import_opml(opml, db=db) == (3, 0)
    assert import_opml(opml, db=db) == (0, 3)
    tags = {f["name"]: f["tags"] for f in open_store(db).feeds()}
    assert tags == {"Xinhua": ["State media"], "CGTN": ["State media", "Nested"], "Loose": []}
    exported = export_opml(db=db)
    assert 'xmlUrl="https://example.org/cgtn.xml"' in exported and '<outline text="State media"' in exported
    other = tmp_path / "b.db"
    assert import_opml(exported.encode(), db=other) == (3, 0)


def test_feed_commands(web, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHINABRIEF_ALLOW_PRIVATE_URLS", "1")
    monkeypatch.setenv("CHINABRIEF_HOST_DELAY_S", "0")
    serve_wire(web)
    runner, db = CliRunner(), str(tmp_path / "c.db")
    added = runner.invoke(app, ["feeds", "add", f"{web.base}/feeds/rss2.xml", "--every", "2h", "--db", db])
    assert added.exit_code == 0 and "(feed) every 120 min" in added.output
    fetched = runner.invoke(app, ["fetch", "--db", db])
    assert fetched.exit_code == 0, fetched.output
    assert "3" in fetched.output and "new items" in fetched.output
    listing = runner.invoke(app, ["feeds", "list", "--db", db])
    assert "Test Wire China" in listing.output
    assert "<opml" in runner.invoke(app, ["feeds", "export", "--db", db]).output
    page = runner.invoke(app, ["add", f"{web.base}/pages/big5.html", "--db", db])
    assert page.exit_code == 0 and "1 items stored" in page.output
    bad = runner.invoke(app, ["feeds", "add", "https://example.org/x", "--outlet", "nope", "--db", db])
    assert bad.exit_code == 2 and "no outlet" in bad.output
    assert runner.invoke(app, ["changes", "--db", db]).exit_code == 0


def test_feeds_are_discovered_on_a_page(web, fetch_settings) -> None:
    from chinabrief.pipeline import find_feeds

    web.bytes("/home", b"""<html><head><link rel="alternate" type="application/rss+xml" href="/feeds/rss2.xml">
        </head><body><a href="/about">About</a><a href="/atom.xml">Atom</a></body></html>""")
    serve_wire(web)
    found = find_feeds(f"{web.base}/home", settings=fetch_settings)
    assert found == [f"{web.base}/feeds/rss2.xml", f"{web.base}/atom.xml"]
    assert find_feeds(f"{web.base}/feeds/rss2.xml", settings=fetch_settings) == [f"{web.base}/feeds/rss2.xml"]


def test_a_listing_page_without_a_feed(web, fetch_settings) -> None:
    """A ministry's news list: article links on the same site are followed, once each."""
    serve_wire(web)
    web.file("/news/2024/03/article23.html", "pages/article23.html", "text/html; charset=utf-8")
    listing = """<html><body><nav><a href="/">Home</a><a href="/news/">News</a><a href="/tag/trade">Trade</a></nav>
      <ul><li><a href="/pages/growth.html">Growth target</a></li>
          <li><a href="/news/2024/03/article23.html">Security bill</a></li>
          <li><a href="https://elsewhere.example/2024/03/x.html">Off-site</a></li></ul></body></html>"""
    web.bytes("/news/", listing.encode())
    follow(f"{web.base}/news/", settings=fetch_settings, kind="listing", outlet="rthk")
    report = fetch(settings=fetch_settings, revisit=False)
    assert report.items == 2, report
    stored = {r["headline"]: r for r in open_store(fetch_settings.db).items()}
    assert stored["Hong Kong Tables Article 23 Security Bill"]["outlet"]["id"] == "rthk"
    assert fetch(settings=fetch_settings, everything=True, revisit=False).items == 0


def test_a_sitemap(web, fetch_settings) -> None:
    serve_wire(web)
    web.file("/pages/article23.html", "pages/article23.html", "text/html; charset=utf-8")
    sitemap = f"""<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>{web.base}/pages/growth.html</loc><lastmod>2024-03-05</lastmod></url>
      <url><loc>{web.base}/pages/article23.html</loc><lastmod>2024-03-08</lastmod></url></urlset>"""
    web.bytes("/sitemap.xml", sitemap.encode(), **{"Content-Type": "application/xml"})
    follow(f"{web.base}/sitemap.xml", settings=fetch_settings, kind="sitemap")
    assert fetch(settings=fetch_settings, revisit=False).items == 2


@pytest.mark.parametrize("address", ["100.100.100.200", "100.64.0.1", "[2002:7f00:1::]", "[2002:c0a8:101::1]",
                                     "[::ffff:127.0.0.1]", "[fd00::1]", "0.0.0.0", "[::1]", "192.0.2.1"])
def test_addresses_that_are_not_public_are_refused(address: str) -> None:
    with pytest.raises(FetchError, match="private or local address"):
        check_url(f"http://{address}/latest/meta-data", allow_private=False)


def test_connections_go_only_to_a_checked_address(web) -> None:
    from chinabrief.sources.http import CheckedBackend

    port = int(web.base.rsplit(":", 1)[1])
    with pytest.raises(FetchError, match="private or local address"):  # whatever was checked before
        CheckedBackend(allow_private=False).connect_tcp("localhost", port)
    CheckedBackend(allow_private=True).connect_tcp("localhost", port).close()


def test_following_a_private_or_odd_url_is_refused_at_once(tmp_path: Path) -> None:
    from chinabrief.errors import ConfigError

    for url in ("file:///etc/passwd", "gopher://example.org/", "http://127.0.0.1:8080/feed", "http://[bad/"):
        with pytest.raises(ConfigError, match="refused"):
            follow(url, db=tmp_path / "f.db")
    assert follow("https://feeds.example.invalid/rss", db=tmp_path / "f.db")["url"]  # offline: checked at fetch
