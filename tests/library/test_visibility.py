"""Điều 3.3, 4 and 8.2 for the public side: whatever the board does, in whatever order and by
whoever tries, no revision that was not published and no secret document is ever visible on a
public page, in the feed, the sitemap or the API — and what is published is."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings, strategies as st

from editorial.errors import EditorialError
from editorial.states import Action
from review_ui import create_app

ROLES = ["uyvien", "uyvien_khac", "topho", "topho_uyquyen", "totruong", "quantri"]
ACTIONS = ["open", "open_secret", "edit", "mark_secret", "submit", "approve", "publish", "return", "withdraw",
           "correct", "take_down", "revoked"]
# who would normally do it (None in a step); any other role is tried too, and must be refused
USUAL = {"edit": "uyvien", "mark_secret": "uyvien", "submit": "uyvien", "approve": "totruong", "publish": "topho",
         "return": "totruong", "withdraw": "uyvien", "correct": "uyvien", "take_down": "totruong"}
STEP = st.tuples(st.sampled_from(ACTIONS), st.one_of(st.none(), st.none(), st.sampled_from(ROLES)), st.integers(0, 3))


def marker(document_id: int, revision: int) -> str:
    return f"Trích yếu {document_id} bản {revision} zq{document_id}x{revision}"


def _do(board, session, action, who, index, docs) -> None:  # type: ignore[no-untyped-def]
    if action in ("open", "open_secret"):
        secret = action == "open_secret"
        doc = board.document(session, subject="tạm", secrecy="Mật" if secret else None,
                             body=f"Nội dung zbody{len(docs)} {'MẬT' if secret else ''}")
        doc.current_revision.metadata_values = {**doc.current_revision.metadata_values, "subject": marker(doc.id, 1)}
        session.flush()
        docs.append(doc.id)
        return
    if not docs:
        return
    doc = board.desk.get(session, docs[index % len(docs)])
    user, revision = board.user(session, who or USUAL.get(action, "uyvien")), doc.current_revision.number
    desk = board.desk
    if action == "edit":
        desk.edit(session, doc, user, revision=revision, values={"subject": marker(doc.id, revision + 1)})
    elif action == "mark_secret":
        desk.edit(session, doc, user, revision=revision,
                  values={"secrecy": "Mật", "subject": marker(doc.id, revision + 1)})
    elif action == "correct":
        desk.correct(session, doc, user, revision=revision, note="Đính chính")
        doc.current_revision.metadata_values = {**doc.current_revision.metadata_values,
                                                "subject": marker(doc.id, revision + 1)}
    elif action == "revoked":
        desk.revoked(session, doc.item, reason="Cơ quan ban hành thu hồi")
    else:
        desk.act(session, Action(action), doc, user, revision=revision, reason="Lý do", not_secret=True)


def _public_text(client, ids) -> str:  # type: ignore[no-untyped-def]
    seen = []
    for path in ("/van-ban?per_page=100", "/van-ban?q=trich+yeu", "/van-ban/feed.atom", "/sitemap.xml",
                 "/api/v1/documents?per_page=100", "/api/v1/documents?q=zbody&per_page=100"):
        seen.append(client.get(path).get_data(as_text=True))
    for page in range(2, 4):
        seen.append(client.get(f"/van-ban?page={page}").get_data(as_text=True))
    for document_id in ids:
        for path in (f"/van-ban/{document_id}", f"/api/v1/documents/{document_id}", f"/van-ban/{document_id}/noi-dung.txt"):
            seen.append(client.get(path, follow_redirects=True).get_data(as_text=True))
    return "\n".join(seen)


def _expected(board, session, ids):  # type: ignore[no-untyped-def]
    """The oracle, from the documents themselves: the marker of each published revision that may be shown."""
    shown, hidden = set(), set()
    for document_id in ids:
        doc = board.desk.get(session, document_id)
        secret = any((r.metadata_values.get("secrecy") or None) for r in (doc.published_revision, doc.current_revision)
                     if r is not None)
        for r in doc.revisions:
            key = r.metadata_values.get("subject")
            public = (doc.published_revision is r and not secret and doc.state != "taken_down"
                      and not doc.takedown_requested)
            (shown if public else hidden).add(key)
    return shown, hidden - shown


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.lists(STEP, min_size=4, max_size=30))
@example([("open", None, 0), ("submit", None, 0), ("approve", None, 0), ("publish", None, 0), ("correct", None, 0),
          ("mark_secret", None, 0), ("edit", None, 0)])
@example([("open", None, 0), ("submit", None, 0), ("approve", None, 0), ("publish", None, 0), ("correct", None, 0),
          ("edit", None, 0), ("submit", None, 0), ("revoked", None, 0), ("open_secret", None, 1), ("submit", None, 1)])
def test_nothing_unpublished_or_secret_is_ever_public(board, steps):
    app = create_app({"TESTING": True}, settings=board.settings)
    client = app.test_client()
    docs: list[int] = []
    try:
        with board.sessions() as session:
            for step_no, (action, who, index) in enumerate(steps):
                try:
                    with session.begin_nested():
                        _do(board, session, action, who, index, docs)
                except EditorialError:
                    pass  # refused: nothing changed
                session.commit()
                if step_no % 3 and step_no != len(steps) - 1:
                    continue  # pages rendered every third step and at the end
                public = _public_text(client, docs)
                shown, hidden = _expected(board, session, docs)
                for key in hidden:
                    assert key not in public, f"{key} is public after {steps[:step_no + 1]}"
                for key in shown:
                    assert key in public, f"{key} is not public after {steps[:step_no + 1]}"
                assert "MẬT" not in re.sub(r"<[^>]+>", "", public).replace("Mật khẩu", "")
    finally:
        app.extensions["congbo_engine"].dispose()
