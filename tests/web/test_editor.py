"""The briefing editor: compose, change in place, publish, and see it in the feed."""

from __future__ import annotations

import re
from pathlib import Path

from chinabrief.store import open_store
from tests.web.conftest import EDITOR, client_for, csrf_of, log_in


def _compose(client) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/briefings").text)
    made = client.post("/briefings", data={"csrf": token, "period_id": "2024-W10", "top": "5"},
                       follow_redirects=False)
    assert made.headers["location"] == "/briefings/2024-W10/edit"
    return "2024-W10", token


def _stories(client) -> list[dict]:  # type: ignore[no-untyped-def]
    return client.get("/api/briefings/2024-W10").json()["stories"]


def test_editing_in_place_is_kept_with_its_history(editor, db: Path) -> None:
    bid, token = _compose(editor)
    first, second = [s["id"] for s in _stories(editor)][:2]
    base = f"/briefings/{bid}/edit"
    editor.post(f"{base}/section", data={"csrf": token, "story": first, "section": "Why it Matters",
                                         "text": "Our reading: the target is a signal, not a forecast."})
    editor.post(f"{base}/headline", data={"csrf": token, "story": first, "text": "Beijing holds its growth goal"})
    editor.post(f"{base}/down", data={"csrf": token, "story": first})
    stories = _stories(editor)
    assert [s["id"] for s in stories][:2] == [second, first]
    moved = stories[1]
    assert moved["headline"] == "Beijing holds its growth goal"
    assert moved["sections"]["Why it Matters"][0]["text"].startswith("Our reading") and \
        moved["sections"]["Why it Matters"][0]["editor"]
    history = open_store(db).briefing_edits(bid)
    assert [e["action"] for e in history] == ["section", "headline", "order"] and {e["by"] for e in history} == {EDITOR}
    page = editor.get(base).text
    assert "Our reading" in page and "edited" in page and page.count("<li><span class=\"meta\">") >= 3


def test_a_sentence_swapped_for_another_stays_verbatim_and_cited(editor, db: Path) -> None:
    bid, token = _compose(editor)
    page = editor.get(f"/briefings/{bid}/edit").text
    story = re.search(r'name="story" value="([^"]+)"', page).group(1)
    choices = re.findall(r'<option value="([0-9a-f]+:\d+:\d+)">', page)
    choice = choices[-1]
    editor.post(f"/briefings/{bid}/edit/sentence", data={"csrf": token, "story": story, "section": "The Details",
                                                          "index": "0", "choice": choice})
    cite = next(s for s in _stories(editor) if s["id"] == story)["sections"]["The Details"][0]
    item_id, start, end = choice.rsplit(":", 2)
    item = open_store(db).item(item_id)
    assert cite["item"] == item_id and cite["text"] == item["text"][int(start):int(end)] and cite["outlet"]


def test_remove_and_add_back_a_story(editor) -> None:
    bid, token = _compose(editor)
    gone = _stories(editor)[0]["id"]
    editor.post(f"/briefings/{bid}/edit/remove", data={"csrf": token, "story": gone})
    assert gone not in [s["id"] for s in _stories(editor)]
    assert f'name="story" value="{gone}"' in editor.get(f"/briefings/{bid}/edit").text  # offered to add back
    editor.post(f"/briefings/{bid}/edit/pin", data={"csrf": token, "story": gone})
    assert gone in [s["id"] for s in _stories(editor)]


def test_publishing_freezes_the_briefing_and_adds_it_to_the_feed(editor) -> None:
    bid, token = _compose(editor)
    assert "<entry>" not in editor.get("/briefings/feed.atom").text
    assert editor.post(f"/briefings/{bid}/publish", data={"csrf": token}).status_code == 200
    feed = editor.get("/briefings/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml") and "China briefing, 4–10 March 2024" \
        in feed.text
    story = _stories(editor)[0]["id"]
    refused = editor.post(f"/briefings/{bid}/edit/remove", data={"csrf": token, "story": story})
    assert refused.status_code == 400 and "published" in refused.text


def test_the_e_mail_preview_is_the_e_mail_sandboxed(editor) -> None:
    bid, _token = _compose(editor)
    preview = editor.get(f"/briefings/{bid}/email")
    assert "600px" in preview.text and "sandbox" in preview.headers["content-security-policy"]


def test_sending_without_a_mail_server_says_so(editor) -> None:
    bid, token = _compose(editor)
    page = editor.post(f"/briefings/{bid}/send", data={"csrf": token, "to": "ana@example.org"}).text
    assert "smtp_host" in page


def test_an_edit_sent_after_the_session_expired_is_saved_after_logging_in(editor, db: Path) -> None:
    bid, token = _compose(editor)
    story = _stories(editor)[0]["id"]
    store = open_store(db)
    with store.engine.begin() as conn:  # the session runs out while the editor is typing
        conn.exec_driver_sql("UPDATE sessions SET expires_at = '2000-01-01T00:00:00+00:00'")
    sent = editor.post(f"/briefings/{bid}/edit/section", data={"csrf": token, "story": story,
                                                               "section": "Why it Matters", "text": "Kept after all."})
    assert sent.status_code == 401 and "Log in again" in sent.text and "Kept after all." in sent.text
    pending = re.search(r"name=\"pending\" value='([^']+)'", sent.text).group(1)
    login_token = re.search(r'name="login_token" value="([^"]+)"', sent.text).group(1)
    import html

    back = editor.post("/login", data={"name": EDITOR, "password": "correct horse battery", "login_token": login_token,
                                       "next": f"/briefings/{bid}/edit/section", "pending": html.unescape(pending)},
                       follow_redirects=False)
    assert back.headers["location"] == f"/briefings/{bid}/edit"
    saved = next(s for s in _stories(editor) if s["id"] == story)
    assert saved["sections"]["Why it Matters"][0]["text"] == "Kept after all."


def test_compose_needs_a_login(db: Path) -> None:
    client = client_for(db, web_public=True)
    assert client.post("/briefings", data={"period_id": "2024-W10"}).status_code == 401
    log_in(client)
    assert client.get("/briefings").status_code == 200
