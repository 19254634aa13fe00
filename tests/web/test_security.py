"""Logins, CSRF, hostile content, uploads and URLs: what an attacker or an accident would try."""

from __future__ import annotations

import html as markup
import re
from pathlib import Path

from chinabrief.store import open_store
from tests.web.conftest import EDITOR, client_for, csrf_of, log_in

PAYLOADS = ("<script>alert", "<img src=x onerror", "<svg onload", "<iframe src", "<b onmouseover", 'href="javascript:')


def _inert(html: str) -> None:
    for payload in PAYLOADS:
        assert payload not in html, payload


def test_stored_markup_renders_inert_everywhere(editor) -> None:
    items = editor.get("/api/search", params={"q": "Geneva"}).json()["results"]
    assert items and "<script>" in items[0]["headline"]  # stored as written...
    item_id = items[0]["id"]
    pages = [editor.get("/search", params={"q": "tariffs Geneva"}).text, editor.get(f"/items/{item_id}").text,
             editor.get("/search", params={"q": "exports rising"}).text, editor.get("/").text,
             editor.get("/search", params={"q": "<script>alert(1)</script>"}).text]
    if items[0]["story"]:
        pages.append(editor.get(f"/stories/{items[0]['story']}").text)
    for html in pages:  # ...and shown as text
        _inert(html)
    assert "&lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt;" in pages[1]
    assert 'href="#"' in pages[1]  # the javascript: link is no link


def test_every_response_has_a_strict_policy(editor) -> None:
    policy = editor.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "object-src 'none'" in policy
    assert editor.get("/").headers["x-content-type-options"] == "nosniff"
    assert "<script src=\"/static/vendor/" in editor.get("/").text and "<script>" not in editor.get("/").text


def test_wrong_password_and_forged_login_form_are_refused(db: Path) -> None:
    client = client_for(db)
    assert log_in(client, password="not the password").status_code == 400
    assert log_in(client, name="nobody").status_code == 400
    forged = client.post("/login", data={"name": EDITOR, "password": "correct horse battery", "login_token": "x"})
    assert forged.status_code == 400 and "expired" in forged.text
    assert client.get("/api/items").status_code == 401


def test_session_cookie_is_httponly_and_the_password_is_hashed(db: Path) -> None:
    client = client_for(db)
    cookie = log_in(client).headers["set-cookie"]
    assert "chinabrief_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    stored = open_store(db).user(EDITOR)["password_hash"]
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    secure = client_for(db, secure_cookies="always")
    assert "Secure" in log_in(secure).headers["set-cookie"]


def test_forms_without_the_csrf_token_change_nothing(editor, db: Path) -> None:
    assert editor.post("/watchlist", data={"term": "Li Qiang"}).status_code == 403
    assert editor.post("/watchlist", data={"term": "Li Qiang", "csrf": "forged"}).status_code == 403
    assert open_store(db).watches() == []
    token = csrf_of(editor.get("/watchlist").text)
    assert editor.post("/watchlist", data={"term": "李强", "csrf": token}).status_code == 200
    assert [w["entity_id"] for w in open_store(db).watches()] == ["li-qiang"]


def test_a_watch_address_with_a_line_break_is_refused(editor, db: Path) -> None:
    token = csrf_of(editor.get("/watchlist").text)
    page = editor.post("/watchlist", data={"term": "Li Qiang", "email": "a@example.org\r\nBcc: all@example.org",
                                           "csrf": token})
    assert page.status_code == 400 and "not an e-mail address" in page.text
    assert open_store(db).watches() == []


def test_login_does_not_redirect_off_site(db: Path) -> None:
    client = client_for(db)
    page = client.get("/login", params={"next": "//evil.example/"})
    token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
    done = client.post("/login", data={"name": EDITOR, "password": "correct horse battery", "login_token": token,
                                       "next": "//evil.example/"}, follow_redirects=False)
    assert done.headers["location"] == "/"


def test_logout_ends_the_session(editor) -> None:
    token = csrf_of(editor.get("/").text)
    assert editor.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert editor.get("/api/items").status_code == 401


def test_uploads_are_capped_and_type_checked(editor, db: Path) -> None:
    client = client_for(db, max_upload_mb=0.01)
    log_in(client)
    token = csrf_of(client.get("/upload").text)
    big = client.post("/upload", data={"csrf": token}, files={"files": ("big.txt", b"x" * 12_000, "text/plain")})
    assert big.status_code == 400 and "over the 0.01 MB upload limit" in big.text
    exe = client.post("/upload", data={"csrf": token}, files={"files": ("tool.exe", b"MZ\x00\x00", "application/x")})
    assert exe.status_code == 400 and "does not read .exe" in exe.text
    huge = client.post("/upload", data={"csrf": token}, files={"files": ("huge.txt", b"x" * 200_000, "text/plain")})
    assert huge.status_code == 413 and "over the 0.01 MB limit" in huge.text
    binary = b"\x00\x01\x02" * 10
    fake = client.post("/upload", data={"csrf": token}, files={"files": ("notes.txt", binary, "text/plain")})
    assert fake.status_code == 400 and "not a text file" in fake.text


def test_uploading_a_newsletter_ingests_its_items_once(editor, db: Path) -> None:
    token = csrf_of(editor.get("/upload").text)
    raw = (Path(__file__).parent.parent / "fixtures" / "web" / "hostile.md").read_bytes()
    first = editor.post("/upload", data={"csrf": token}, files={"files": ("again.md", raw, "text/markdown")})
    assert first.status_code == 200 and "0 new items" in first.text  # stored before: not stored twice


def test_feed_urls_to_private_addresses_are_refused(editor, db: Path) -> None:
    token = csrf_of(editor.get("/feeds").text)
    refused = editor.post("/feeds", data={"csrf": token, "url": "http://127.0.0.1:8080/rss"})
    assert refused.status_code == 400 and "private or local address" in refused.text
    assert editor.post("/feeds", data={"csrf": token, "url": "file:///etc/passwd"}).status_code == 400
    assert open_store(db).feeds() == []


def test_a_mangled_pending_form_does_not_break_the_login(db: Path) -> None:
    client = client_for(db)
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
    done = client.post("/login", data={"name": EDITOR, "password": "correct horse battery", "login_token": token,
                                       "next": "/briefings/1999-W01/edit/section", "pending": "{not json"},
                       follow_redirects=False)
    assert done.status_code == 303 and client.get("/api/items").status_code == 200


def test_a_pending_change_to_a_briefing_that_is_gone_still_logs_in(db: Path) -> None:
    client = client_for(db)
    token = re.search(r'name="login_token" value="([^"]+)"', client.get("/login").text).group(1)
    done = client.post("/login", data={"name": EDITOR, "password": "correct horse battery", "login_token": token,
                                       "next": "/briefings/1999-W01/edit/section",
                                       "pending": '{"story": "s1", "section": "Why it Matters", "text": "x"}'},
                       follow_redirects=False)
    assert done.headers["location"] == "/briefings/1999-W01/edit/section"  # not sent from a session: dropped
    assert client.get("/api/items").status_code == 200


def test_a_cross_site_form_kept_through_the_login_is_never_saved(editor, db: Path) -> None:
    """A forged POST arrives without the session cookie (SameSite=Lax) and is carried through the
    login page; logging in must not save it under the editor's name."""
    bid = editor.post("/briefings", data={"csrf": csrf_of(editor.get("/briefings").text), "period_id": "2024-W10"},
                      follow_redirects=False).headers["location"].split("/")[2]
    story = editor.get("/api/briefings/" + bid).json()["stories"][0]["id"]
    stranger = client_for(db)
    forged = stranger.post(f"/briefings/{bid}/edit/section", data={"story": story, "section": "Why it Matters",
                                                                   "text": "Planted by another site."})
    assert forged.status_code == 401
    pending = re.search(r"name=\"pending\" value='([^']+)'", forged.text).group(1)
    for carried in (pending, pending.replace("{", '{"csrf": "guessed", ', 1)):
        token = re.search(r'name="login_token" value="([^"]+)"', stranger.get("/login").text).group(1)
        stranger.post("/login", data={"name": EDITOR, "password": "correct horse battery", "login_token": token,
                                      "next": f"/briefings/{bid}/edit/section", "pending": markup.unescape(carried)})
    assert "Planted by another site." not in editor.get(f"/api/briefings/{bid}").text


def test_password_guessing_is_slowed_down(db: Path) -> None:
    from chinabrief.web.throttle import FAILURES_PER_NAME

    guesser = client_for(db)

    def attempt(name: str, password: str):  # type: ignore[no-untyped-def]
        token = re.search(r'name="login_token" value="([^"]+)"', guesser.get("/login").text).group(1)
        return guesser.post("/login", data={"name": name, "password": password, "login_token": token},
                            follow_redirects=False)

    for n in range(FAILURES_PER_NAME):
        assert attempt(EDITOR, f"wrong guess {n}").status_code == 400
    blocked = attempt(EDITOR, "correct horse battery")  # the right password too, until the window passes
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "Too many attempts" in blocked.text
    assert attempt("someone-else", "wrong guess").status_code == 400  # another name is counted apart


def test_a_body_without_a_length_is_held_to_the_cap_as_it_arrives(editor, db: Path) -> None:
    def chunks(total: int):  # type: ignore[no-untyped-def]
        """A multipart upload sent in pieces, with no Content-Length (chunked)."""
        yield (b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
               b"Content-Type: text/plain\r\n\r\n")
        for _ in range(total // 65_536):
            yield b"x" * 65_536

    anonymous = client_for(db)
    refused = anonymous.post("/upload", content=chunks(8 * 2**20),
                             headers={"content-type": "multipart/form-data; boundary=b"})
    assert refused.status_code == 413 and "needs a login" in refused.text  # refused after 256 KB, not 8 MB
    signed_in = client_for(db, max_upload_mb=1)
    log_in(signed_in)
    over = signed_in.post("/upload", content=chunks(4 * 2**20),
                          headers={"content-type": "multipart/form-data; boundary=b"})
    assert over.status_code == 413 and "over the 1 MB limit" in over.text


def test_a_public_archive_shows_published_reading_only(db: Path) -> None:
    """Readers of a public archive see stories, items and published briefings; watchers'
    addresses, feeds, uploads, drafts, deliveries and the paths of stored files stay the desk's."""
    from chinabrief.pipeline import brief, publish

    store = open_store(db)
    store.add_watch("Li Qiang", entity_id="li-qiang", email="watcher@example.org")
    draft = brief(db=db, week="2024-W10", top=3)
    store.record_delivery(draft["id"], "reader@example.org", "sent")
    public = client_for(db, web_public=True)
    for path in ("/watchlist", "/feeds", "/upload", f"/briefings/{draft['id']}/edit"):
        assert public.get(path, follow_redirects=False).status_code in (303, 401), path
    assert public.get("/api/feeds").status_code == 401
    assert public.get(f"/briefings/{draft['id']}").status_code == 404
    assert public.get(f"/api/briefings/{draft['id']}").status_code == 404
    assert public.get("/api/briefings").json()["results"] == []
    home = public.get("/").text
    assert "watcher@example.org" not in home and "Li Qiang</strong>" not in home and draft["title"] not in home
    for row in public.get("/api/items").json()["results"] + public.get("/api/search?q=tariffs").json()["results"]:
        assert "document" not in row
    assert "document" not in public.get(f"/api/items/{row['id']}").json()
    story = public.get("/api/stories").json()["results"][0]["id"]
    assert all("document" not in m for m in public.get(f"/api/stories/{story}").json()["members"])
    publish(draft["id"], db=db)
    assert public.get(f"/briefings/{draft['id']}").status_code == 200
    assert [b["id"] for b in public.get("/api/briefings").json()["results"]] == [draft["id"]]
    assert "reader@example.org" not in public.get(f"/briefings/{draft['id']}").text
    editor = client_for(db, web_public=True)
    log_in(editor)
    assert "watcher@example.org" in editor.get("/watchlist").text
    assert "document" in editor.get(f"/api/items/{row['id']}").json()
