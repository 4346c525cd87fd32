"""The desk's queue: pages of documents in the states asked for, oldest first, with their count."""

from __future__ import annotations

from datetime import timedelta

from editorial import queue
from editorial.states import DocState
from ingest.models import utcnow

from ..board import Board


def test_the_queue_pages_the_oldest_first_with_or_without_a_search(board: Board):
    with board.sessions() as session:
        start = utcnow() - timedelta(days=40)
        for n in range(30):
            document = board.document(session, number=f"{n + 1}/TB-SXD", subject=f"Thông báo số {n + 1} về đường")
            document.received_at = start + timedelta(days=n)
        session.commit()
        worktime = board.desk.policy.worktime
        second = queue.documents(session, worktime, page=2, per_page=25)
        assert (second.total, second.pages, second.page, len(second.entries)) == (30, 2, 2, 5)
        assert [e.revision.metadata_values["number"] for e in second.entries] == [f"{n}/TB-SXD" for n in range(26, 31)]
        assert all(e.late for e in second.entries), "weeks old: past one working day"
        found = queue.documents(session, worktime, text="duong", per_page=25)
        assert found.total == 30 and len(found.entries) == 25 and found.counts[DocState.NEW] == 30
        assert queue.documents(session, worktime, states=(DocState.PUBLISHED,)).total == 0
