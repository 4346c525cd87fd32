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


def test_the_desk_search_is_made_by_the_database_on_each_revision_folded_text(board: Board):
    """Typed without diacritics or with them, in any case, every word must be there; a "%" or "_"
    is a character to find, never a wildcard."""
    with board.sessions() as session:
        board.document(session, number="12/QĐ-SXD", subject="Ban hành quy chế quản lý đường đô thị")
        board.document(session, number="13/TB-SXD", subject="Thông báo lịch tiếp công dân")
        session.commit()
        worktime = board.desk.policy.worktime
        numbers = lambda text: [e.revision.metadata_values["number"]  # noqa: E731
                                for e in queue.documents(session, worktime, text=text).entries]
        assert numbers("quy che duong") == numbers("QUY CHẾ ĐƯỜNG") == ["12/QĐ-SXD"]
        assert numbers("qd-sxd") == ["12/QĐ-SXD"]
        assert numbers("quy che tiep") == [], "every word, not any"
        assert numbers("%") == numbers("_") == []


def test_revisions_written_before_the_folded_text_existed_are_found_after_the_migration(board: Board, database_url):
    from alembic import command

    from ingest.db import alembic_config

    with board.sessions() as session:
        board.document(session, number="14/KH-SXD", subject="Kế hoạch kiểm tra công trình")
        session.commit()
    config = alembic_config(database_url)
    command.downgrade(config, "0007")  # as the database was before: no folded text on revisions
    command.upgrade(config, "head")  # the migration folds what was there
    with board.sessions() as session:
        found = queue.documents(session, board.desk.policy.worktime, text="ke hoach cong trinh")
        assert [e.revision.metadata_values["number"] for e in found.entries] == ["14/KH-SXD"]
