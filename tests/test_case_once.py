"""One-time form tokens in the store: a form sent twice (a double-click) is stored once.

The check happens inside the write's own transaction, so it holds even when both submits
arrive at the same moment; the second gets the first one's answer and writes nothing.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest

from dunguard.case import store as store_mod
from dunguard.case.once import Replayed, new_token
from dunguard.case.store import open_store
from dunguard.errors import BadInput
from dunguard.ingest.records import ImportedMessage

VISIT = "您的借款已逾期,我们的工作人员将于明天下午3点上门拜访。"
XML = f"""<?xml version='1.0' encoding='UTF-8'?>
<smses><sms address="95188" date="1740537000000" type="1" body="{VISIT}" /></smses>
"""


@pytest.fixture
def db(tmp_path):
    return tmp_path / "cases.db"


@pytest.fixture
def store(db):
    s = open_store(db)
    yield s
    s.close()


def everything(store) -> dict:
    """Every row a user's case is made of, and the evidence files: what "wrote nothing" means."""
    c = store.conn
    rows = {t: c.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in ("cases", "events", "messages", "calls", "notes", "attachments", "hidden")}
    rows["files"] = sorted(str(p) for p in store.files_dir.rglob("*")) if store.files_dir.exists() else []
    return rows


def test_a_note_sent_twice_with_one_token_is_stored_once(store):
    cid = store.new_case("c")
    token = new_token()
    first = store.add_note(cid, "对方说明天来", once=token)
    before = everything(store)
    with pytest.raises(Replayed) as again:
        store.add_note(cid, "对方说明天来", once=token)
    assert again.value.result == first
    assert everything(store) == before
    assert [i.text for i in store.timeline(cid) if i.type == "note"] == ["对方说明天来"]
    # A new form (a new token) is a new note: writing the same words twice on purpose still works.
    store.add_note(cid, "对方说明天来", once=new_token())
    assert store.case(cid).notes == 2
    assert store.verify(cid).ok


def test_a_case_created_twice_with_one_token_is_one_case(store):
    token = new_token()
    cid = store.new_case("美团借钱", once=token)
    with pytest.raises(Replayed) as again:
        store.new_case("美团借钱", once=token)
    assert again.value.result == cid
    assert [c.id for c in store.cases()] == [cid]


def test_an_import_sent_twice_answers_with_the_first_result(store, tmp_path):
    cid = store.new_case("c")
    xml = tmp_path / "sms.xml"
    xml.write_text(XML, encoding="utf-8")
    token = new_token()
    first = store.import_file(cid, xml, once=token)
    before = everything(store)
    with pytest.raises(Replayed) as again:
        store.import_file(cid, xml, once=token)
    assert everything(store) == before  # not even an "import" entry in the log
    assert again.value.result["added"] == first.added == 1
    assert again.value.result["events"] == first.events


def test_messages_call_and_file_sent_twice_write_nothing_the_second_time(store, tmp_path):
    cid = store.new_case("c")
    at = datetime(2025, 2, 26, 10, 30)
    rec = [ImportedMessage(VISIT, "95188", None, "in", "web")]
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\npicture")
    writes = [
        (lambda t: store.add_messages(cid, rec, once=t), lambda r: r["added"] == 1),
        (lambda t: store.add_call(cid, "13800000000", at, 4, "威胁上门", once=t), lambda r: isinstance(r, str)),
        (lambda t: store.attach(cid, shot, "截图", once=t), lambda r: len(r) == 64),
    ]
    for write, first_result in writes:
        token = new_token()
        write(token)
        before = everything(store)
        with pytest.raises(Replayed) as again:
            write(token)
        assert first_result(again.value.result)
        assert everything(store) == before
    info = store.case(cid)
    assert (info.messages, info.calls, info.attachments) == (1, 1, 1)
    assert store.verify(cid).ok


def test_a_token_used_for_another_form_or_malformed_is_refused(store):
    cid = store.new_case("c")
    token = new_token()
    store.add_note(cid, "备注", once=token)
    with pytest.raises(BadInput) as e:
        store.new_case("另一个", once=token)
    assert e.value.key == "form_token_other" and "刷新页面" in e.value.render("zh")
    with pytest.raises(BadInput) as e:
        store.add_note(cid, "备注", once="'; DROP TABLE notes; --")
    assert e.value.key == "form_token_bad"
    assert store.case(cid).notes == 1 and [c.name for c in store.cases()] == ["c"]


def _at_once(db, n: int, write) -> list:
    """Run ``write(store)`` in n threads, each with its own connection, as a double-click does."""
    results: list = []
    start = threading.Barrier(n)

    def run() -> None:
        with open_store(db) as s:
            start.wait()
            try:
                results.append(write(s))
            except Exception as exc:  # noqa: BLE001 - the test looks at what each submit got
                results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_notes_sent_at_the_same_moment_with_one_token_are_stored_once(db, store):
    cid = store.new_case("c")
    token = new_token()
    results = _at_once(db, 4, lambda s: s.add_note(cid, "双击", once=token))
    stored = [r for r in results if isinstance(r, str)]
    replayed = [r for r in results if isinstance(r, Replayed)]
    assert len(stored) == 1 and len(replayed) == 3 and {r.result for r in replayed} == set(stored)
    assert store.case(cid).notes == 1 and store.verify(cid).ok


def test_one_message_sent_twice_at_once_without_a_token_is_stored_once(db, store, monkeypatch):
    """A message's analysis takes a moment; both submits pass the first duplicate check before either
    writes. The check under the write lock keeps the second out (it used to fail on the primary key)."""
    cid = store.new_case("c")
    slow = store_mod._analyze

    def analyze(rec, tz):
        time.sleep(0.3)
        return slow(rec, tz)

    monkeypatch.setattr(store_mod, "_analyze", analyze)
    at = datetime(2025, 2, 26, 10, 30).astimezone()
    rec = [ImportedMessage(VISIT, "95188", at, "in", "web")]
    results = _at_once(db, 2, lambda s: s.add_messages(cid, rec).to_json())
    assert sorted((r["added"], r["duplicates"]) for r in results) == [(0, 1), (1, 0)]
    assert store.case(cid).messages == 1 and store.verify(cid).ok
