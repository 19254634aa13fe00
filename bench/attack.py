"""What a hostile source, a hostile site and a crash do to an archive, measured in one run.

* **Stored XSS**: every payload of :data:`PAYLOADS` is written into the headline, the body,
  a quote, a byline, a source line and a link of ingested items, into a watch term and a
  briefing title; the web app serves that archive under uvicorn and Debian's Chromium visits
  every page it can reach from the home page (as a logged-in editor and as a public reader).
  Counted: pages, scripts that ran (a payload calls ``alert`` or sets ``window.__pwned``),
  and Content-Security-Policy violations (an inline script or handler the policy blocked).
* **CSRF**: a page on another site (``http://localhost:PORT``; the app is on ``127.0.0.1``)
  posts a form to every route that changes something while the editor is logged in, then
  the editor logs in again (the pending-change path). Counted: changes that reached the archive.
* **kill -9**: ``chinabrief ingest`` over a folder is killed at random moments, then run to
  the end; ``chinabrief cluster --all`` likewise. Counted: items lost or stored twice
  (against one clean run), and SQLite's integrity check.

    python bench/attack.py [--kills 7] [--pages 400]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

CHROMIUM = Path("/usr/bin/chromium")
EDITOR, PASSWORD = "ana", "correct horse battery staple"
#: Script payloads: each would run if it reached the page as markup or as a link.
PAYLOADS = (
    "<script>window.__pwned=1;alert(1)</script>", "<img src=x onerror=alert(2)>", "<svg onload=alert(3)>",
    "<iframe src=javascript:alert(4)>", "<b onmouseover=alert(5)>hover</b>", "<a href=javascript:alert(6)>x</a>",
    "\"><script>alert(7)</script>", "'><img src=x onerror=alert(8)>", "<details open ontoggle=alert(9)>",
    "<body onload=alert(10)>", "<input autofocus onfocus=alert(11)>", "<video><source onerror=alert(12)>",
    "<math><mtext><script>alert(13)</script>", "<style>@import 'javascript:alert(14)'</style>",
    "<object data=javascript:alert(15)>", "<embed src=javascript:alert(16)>", "<form action=javascript:alert(17)>"
    "<button>go</button></form>", "<meta http-equiv=refresh content='0;url=javascript:alert(18)'>",
    "<base href=javascript:alert(19)//>", "javascript:alert(20)", "data:text/html,<script>alert(21)</script>",
    "</title><script>alert(22)</script>", "</textarea><script>alert(23)</script>", "{{7*7}}<script>alert(24)</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(25)>\">", "<svg><animate onbegin=alert(26) "
    "attributeName=x dur=1s>", "<marquee onstart=alert(27)>", "<img src=x:alert(28) onerror=eval(src)>",
    "<a href=\"&#106;avascript:alert(29)\">x</a>", "<a href=\" javascript:alert(30)\">x</a>",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chinabrief.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, check=check)


# -- the hostile archive --------------------------------------------------------------------------------
def hostile_archive(folder: Path) -> Path:
    """Items carrying every payload in each field a source controls, one editor, a watch and a draft."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, payload in enumerate(PAYLOADS):
        (folder / f"hostile-{n:02d}.md").write_text(
            f"# Hostile brief {n} {payload}\n\n"
            f"## 1. Tariff talks {payload} resume in Geneva\n\n"
            f"Negotiators from China and the United States met again on Monday {payload} to discuss tariffs. "
            f"\"We are confident {payload}\", Foreign Ministry spokesperson Mao Ning {payload} said.\n\n"
            f"By {payload} Staff\n\nSource: Reuters {payload}, 3 March 2025, [link]({payload})\n\n"
            f"## 2. Exports {payload} rising\n\nChina's exports rose 7.1% in the first two months, customs "
            f"data showed, {payload}.\n\nSource: Caixin, 4 March 2025, {payload}\n", encoding="utf-8")
    db = folder.parent / "hostile.db"
    _cli("ingest", str(folder), "--db", str(db))
    from chinabrief.pipeline import brief
    from chinabrief.store import open_store
    from chinabrief.web.auth import hash_password

    store = open_store(db)
    store.add_user(EDITOR, hash_password(PASSWORD))
    for payload in PAYLOADS[:8]:
        store.add_watch(f"tariffs {payload}")
    brief(db=db, week="2025-W10", top=5, title=f"Week {PAYLOADS[0]}")
    store.close()
    return db


def _serve(db: Path, public: bool) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "chinabrief.cli", "serve", "--port", str(port), "--db", str(db),
                             "--public" if public else "--private"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port}"


WATCH = """
window.__violations = 0;
document.addEventListener('securitypolicyviolation', () => { window.__violations += 1; });
"""


def crawl(browser, base: str, limit: int, log_in: bool) -> dict[str, int]:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    if log_in:
        page.goto(f"{base}/login")
        page.fill("input[name=name]", EDITOR)
        page.fill("input[name=password]", PASSWORD)
        page.click("form[action='/login'] button")
        page.wait_for_load_state()
    seen, queue, pwned, violations = set(), ["/"], 0, 0
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or path.startswith(("/logout", "/api/openapi", "/static")):
            continue
        seen.add(path)
        try:
            page.goto(base + path, wait_until="load", timeout=15_000)
        except Exception:  # a download or a non-page answer: counted as visited, nothing to read
            continue
        for element in page.locator("a, button, input, details, img, svg").all()[:30]:
            with contextlib.suppress(Exception):  # hidden or detached elements cannot be hovered
                element.hover(timeout=200)
        pwned += int(page.evaluate("window.__pwned ? 1 : 0"))
        violations += int(page.evaluate("window.__violations || 0"))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            url = urljoin(base + path, href)
            if urlsplit(url).netloc == urlsplit(base).netloc:
                local = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
                if local not in seen:
                    queue.append(local)
    context.close()
    return {"pages": len(seen), "scripts_ran": len(dialogs) + pwned, "csp_violations": violations}


# -- CSRF ------------------------------------------------------------------------------------------------
def csrf(browser, base: str, db: Path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from chinabrief.store import open_store

    store = open_store(db)
    briefing = store.briefings()[0]["id"]
    story = store.briefing(briefing)["stories"][0]["id"]
    watch = store.watches()[0]["id"]
    before = _state(db)
    forms = [("/watchlist", {"term": "csrf-watch", "email": "evil@example.org"}),
             (f"/watchlist/{watch}/remove", {}), ("/feeds", {"url": "https://evil.example/feed.xml"}),
             ("/briefings", {"period_id": "2025-W10"}), (f"/briefings/{briefing}/publish", {}),
             (f"/briefings/{briefing}/send", {"to": "evil@example.org"}),
             (f"/briefings/{briefing}/edit/headline", {"story": story, "text": "CSRF"}),
             (f"/briefings/{briefing}/edit/remove", {"story": story}), ("/logout", {})]
    page_html = "".join(
        f"<form id=f{n} method=post action='{base}{path}' target=sink{n}>"
        + "".join(f"<input name='{k}' value='{v}'>" for k, v in fields.items()) + "</form>"
        f"<iframe name=sink{n}></iframe>" for n, (path, fields) in enumerate(forms))
    page_html += "<script>for (const f of document.forms) f.submit();</script>"
    evil = _evil_site(page_html)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=name]", EDITOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button")
    page.wait_for_load_state()
    page.goto(evil)
    page.wait_for_timeout(2000)
    page.goto(f"{base}/login")  # the pending-change path: log in again after the cross-site posts
    if page.locator("input[name=name]").count():
        page.fill("input[name=name]", EDITOR)
        page.fill("input[name=password]", PASSWORD)
        page.click("form[action='/login'] button")
        page.wait_for_load_state()
    context.close()
    after = _state(db)
    return {"forms_posted": len(forms), "changes_applied": sum(a != b for a, b in zip(before, after, strict=True))}


def _state(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        return (conn.execute("SELECT group_concat(term) FROM watches").fetchone(),
                conn.execute("SELECT count(*) FROM feeds").fetchone(),
                conn.execute("SELECT group_concat(status || updated_at) FROM briefings").fetchone(),
                conn.execute("SELECT count(*) FROM deliveries").fetchone(),
                conn.execute("SELECT count(*) FROM users").fetchone())


def _evil_site(body: str) -> str:
    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://localhost:{server.server_address[1]}/"


# -- kill -9 ---------------------------------------------------------------------------------------------
def kills(folder: Path, work: Path, count: int, rng: random.Random) -> dict[str, object]:
    clean = work / "clean.db"
    _cli("ingest", str(folder), "--db", str(clean), "--no-enrich")
    killed = work / "killed.db"
    env = {"CHINABRIEF_BATCH_SIZE": "20"}
    ingest_kills = _kill_repeatedly(["ingest", str(folder), "--db", str(killed)], env, count, rng)
    _cli("ingest", str(folder), "--db", str(killed), env=env)
    cluster_kills = _kill_repeatedly(["cluster", "--all", "--db", str(killed)], env, count - 1, rng)
    _cli("cluster", "--all", "--db", str(killed))
    with sqlite3.connect(clean) as a, sqlite3.connect(killed) as b:
        want = {r[0] for r in a.execute("SELECT content_hash FROM items")}
        got = [r[0] for r in b.execute("SELECT content_hash FROM items")]
        integrity = b.execute("PRAGMA integrity_check").fetchone()[0]
        unplaced = b.execute("SELECT count(*) FROM items WHERE story_status IS NULL").fetchone()[0]
    return {"ingest_kills": ingest_kills, "cluster_kills": cluster_kills, "items": len(want),
            "lost": len(want - set(got)), "duplicated": len(got) - len(set(got)), "integrity": integrity,
            "unplaced_after_rerun": unplaced}


def _kill_repeatedly(args: list[str], env: dict, count: int, rng: random.Random) -> int:
    done = 0
    for _ in range(count):
        proc = subprocess.Popen([sys.executable, "-m", "chinabrief.cli", *args], env={**os.environ, **env},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 4.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            done += 1
        proc.wait()
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=7)
    parser.add_argument("--pages", type=int, default=400, help="pages to visit per crawl")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-browser", action="store_true", help="only the kill -9 part")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="chinabrief-attack-"))
    db = hostile_archive(work / "hostile")
    if CHROMIUM.exists() and not args.no_browser:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            for public in (False, True):
                proc, base = _serve(db, public)
                try:
                    print(f"XSS, {'public reader' if public else 'editor'}: {len(PAYLOADS)} payloads, "
                          f"{crawl(browser, base, args.pages, log_in=not public)}", flush=True)
                    if not public:
                        print(f"CSRF: {csrf(browser, base, db)}", flush=True)
                finally:
                    proc.terminate()
                    proc.wait()
            browser.close()
    else:
        print("XSS and CSRF skipped: " + ("--no-browser" if args.no_browser else "Debian's chromium is not installed"))
    from bench.ingest import generate

    folder = work / "corpus"
    folder.mkdir()
    generate(folder, 3000, seed=args.seed)
    print(f"kill -9: {kills(folder, work, args.kills, random.Random(args.seed))}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
