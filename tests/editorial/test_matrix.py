"""Who may do what (Quy chế Điều 10–12), every transition for every role, through both doors: the
domain services and direct HTTP POSTs to the desk. A refusal changes nothing: same state, same
revision, no audit line."""

from __future__ import annotations

import re

import pytest

from editorial.errors import InvalidTransition, NotPermitted
from editorial.models import AuditEvent, Document
from editorial.states import TRANSITIONS, Action, DocState
from review_ui import create_app

from ..board import PASSWORD, Board

OK, NO = True, False
# role names of the fixture: a member of the document's unit, a member of another unit, the deputy,
# the deputy while the head's delegation runs, the head, the administrator
EXPECTED: dict[Action, dict[str, bool]] = {
    Action.EDIT: {"uyvien": OK, "uyvien_khac": NO, "topho": OK, "topho_uyquyen": OK, "totruong": OK, "quantri": NO},
    Action.SUBMIT: {"uyvien": OK, "uyvien_khac": NO, "topho": OK, "topho_uyquyen": OK, "totruong": NO, "quantri": NO},
    Action.APPROVE: {"uyvien": NO, "uyvien_khac": NO, "topho": NO, "topho_uyquyen": OK, "totruong": OK, "quantri": NO},
    Action.PUBLISH: {"uyvien": NO, "uyvien_khac": NO, "topho": OK, "topho_uyquyen": OK, "totruong": NO, "quantri": NO},
    Action.RETURN: {"uyvien": NO, "uyvien_khac": NO, "topho": OK, "topho_uyquyen": OK, "totruong": OK, "quantri": NO},
    Action.WITHDRAW: {"uyvien": OK, "uyvien_khac": NO, "topho": NO, "topho_uyquyen": NO, "totruong": OK, "quantri": NO},
    Action.CORRECT: {"uyvien": OK, "uyvien_khac": NO, "topho": OK, "topho_uyquyen": OK, "totruong": OK, "quantri": NO},
    Action.TAKE_DOWN: {"uyvien": NO, "uyvien_khac": NO, "topho": NO, "topho_uyquyen": NO, "totruong": OK, "quantri": NO},
}
START = {Action.EDIT: DocState.NEW, Action.SUBMIT: DocState.NEW, Action.APPROVE: DocState.SUBMITTED,
         Action.PUBLISH: DocState.APPROVED, Action.RETURN: DocState.SUBMITTED, Action.WITHDRAW: DocState.NEW,
         Action.CORRECT: DocState.PUBLISHED, Action.TAKE_DOWN: DocState.PUBLISHED}


def bring(board: Board, session, document: Document, state: DocState) -> None:  # type: ignore[no-untyped-def]
    """Walk a new document to ``state`` the regular way: member submits, head approves, deputy publishes."""
    steps = [(DocState.SUBMITTED, "nguoigui", Action.SUBMIT), (DocState.APPROVED, "totruong", Action.APPROVE),
             (DocState.PUBLISHED, "topho", Action.PUBLISH)]
    for reached, who, action in steps:
        if document.state == state.value:
            return
        board.desk.act(session, action, document, board.user(session, who), revision=document.current_revision.number,
                       not_secret=True)
        assert document.state == reached.value
    assert document.state == state.value


def snapshot(session, document: Document) -> tuple:  # type: ignore[no-untyped-def]
    session.expire_all()
    fresh = session.get(Document, document.id)
    return fresh.state, fresh.current_revision.number, session.query(AuditEvent).count()


def ready(board: Board, session, state: DocState) -> tuple[Document, tuple]:  # type: ignore[no-untyped-def]
    """A fresh document walked to ``state`` and committed, with its snapshot before the attempt."""
    document = board.document(session)
    bring(board, session, document, state)
    session.commit()
    return document, snapshot(session, document)


def attempt(board: Board, session, action: Action, document: Document, who: str) -> None:  # type: ignore[no-untyped-def]
    actor, revision = board.user(session, who), document.current_revision.number
    if action is Action.EDIT:
        board.desk.edit(session, document, actor, revision=revision, values={"subject": "Trích yếu đã sửa"})
    else:
        board.desk.act(session, action, document, actor, revision=revision, reason="lý do", not_secret=True)


@pytest.mark.parametrize("action", list(EXPECTED), ids=lambda a: a.value)
def test_every_role_through_the_services(board: Board, action: Action):
    wrong = []
    for who, allowed in EXPECTED[action].items():
        with board.sessions() as session:
            document, before = ready(board, session, START[action])
            try:
                attempt(board, session, action, document, who)
                session.commit()
                done = True
            except NotPermitted:
                session.rollback()
                done = False
                assert snapshot(session, document) == before, f"{who} was refused {action}, yet something changed"
            if done != allowed:
                wrong.append(f"{who}: {'did' if done else 'could not'} {action.value}")
    assert not wrong, wrong


@pytest.mark.parametrize("action", list(EXPECTED), ids=lambda a: a.value)
def test_an_action_from_a_state_it_does_not_leave_from_is_refused(board: Board, action: Action):
    holder = next(who for who, allowed in EXPECTED[action].items() if allowed)
    for state in (DocState.NEW, DocState.SUBMITTED, DocState.APPROVED, DocState.PUBLISHED):
        if state in TRANSITIONS[action].sources:
            continue
        with board.sessions() as session:
            document, before = ready(board, session, state)
            with pytest.raises((InvalidTransition, NotPermitted)):
                attempt(board, session, action, document, holder)
            session.rollback()
            assert snapshot(session, document) == before


def signed_in_client(app, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, f"{username} could not sign in"
    return client, token


@pytest.mark.parametrize("action", list(EXPECTED), ids=lambda a: a.value)
def test_every_role_through_direct_http_posts(board: Board, action: Action, tmp_path):
    app = create_app({"TESTING": True}, settings=board.settings)
    wrong = []
    try:
        for who, allowed in EXPECTED[action].items():
            with board.sessions() as session:
                document, before = ready(board, session, START[action])
                client, token = signed_in_client(app, who)
                revision = document.current_revision.number
                if action is Action.EDIT:
                    response = client.post(f"/review/documents/{document.id}/edit", data={
                        "csrf_token": token, "revision": revision, "f_subject": "Trích yếu đã sửa"})
                else:
                    response = client.post(f"/review/documents/{document.id}/act", data={
                        "csrf_token": token, "revision": revision, "action": action.value, "reason": "lý do",
                        "not_secret": "1"})
                if allowed and response.status_code != 302:
                    wrong.append(f"{who}: {action.value} answered {response.status_code}")
                if not allowed:
                    if response.status_code != 403:
                        wrong.append(f"{who}: forbidden {action.value} answered {response.status_code}")
                    assert snapshot(session, document) == before, f"{who}: refused, yet something changed"
                    assert "<html" in response.get_data(as_text=True) and "Không có quyền" in response.get_data(
                        as_text=True), "a 403 page in Vietnamese"
    finally:
        app.extensions["congbo_engine"].dispose()
    assert not wrong, wrong


def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(board: Board):
    app = create_app({"TESTING": True}, settings=board.settings)
    with board.sessions() as session:
        document = board.document(session)
        session.commit()
        before = snapshot(session, document)
        client, _ = signed_in_client(app, "uyvien")
        response = client.post(f"/review/documents/{document.id}/act", data={
            "revision": 1, "action": "submit", "not_secret": "1"})
        assert response.status_code == 400 and "mã bảo vệ" in response.get_data(as_text=True)
        assert snapshot(session, document) == before
    app.extensions["congbo_engine"].dispose()
