"""The rules of Quy chế 166 that the services enforce, each a test named for its article, on
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from editorial import audit, delegations
from editorial.errors import InvalidTransition, NotPermitted, Refused, StaleRevision
from editorial.models import AuditEvent
from editorial.states import Action, DocState
from editorial.units import Unit, Units
from editorial.worktime import WorkingTime
from ingest.record import ReadingRecord
from parsers.metadata.fields import SECRECY_UNKNOWN

from ..board import Board, reading


def submit(board: Board, session, document, who="uyvien"):  # type: ignore[no-untyped-def]
    board.desk.submit(session, document, board.user(session, who), revision=document.current_revision.number,
                      not_secret=True)


def approve(board: Board, session, document, who="totruong"):  # type: ignore[no-untyped-def]
    board.desk.approve(session, document, board.user(session, who), revision=document.current_revision.number)


def test_dieu_12_nobody_approves_what_they_submitted(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        submit(board, session, document, who="topho_uyquyen")  # the delegated deputy sends it ...
        with pytest.raises(NotPermitted, match="chính mình gửi"):
            approve(board, session, document, who="topho_uyquyen")  # ... and may not approve it
        approve(board, session, document, who="totruong")
        assert document.state == DocState.APPROVED


def test_dieu_12_the_head_who_edited_a_submitted_document_cannot_approve_that_revision(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        submit(board, session, document)
        head = board.user(session, "totruong")
        board.desk.edit(session, document, head, revision=1, values={"subject": "Trích yếu Tổ trưởng sửa"})
        with pytest.raises(NotPermitted):
            approve(board, session, document)
        approve(board, session, document, who="topho_uyquyen")
        assert document.approved_revision.number == 2


def test_dieu_12_2_the_deputy_approves_only_while_a_delegation_runs(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        submit(board, session, document)
        with pytest.raises(NotPermitted, match="ủy quyền"):
            approve(board, session, document, who="topho")
        head, deputy = board.user(session, "totruong"), board.user(session, "topho")
        today = board.desk.today()  # the department's date: in Vietnam it is tomorrow from 17:00 UTC
        ended = delegations.delegate(session, head, deputy, today - timedelta(days=10), today - timedelta(days=5))
        with pytest.raises(NotPermitted):
            approve(board, session, document, who="topho")  # an expired delegation gives nothing
        running = delegations.delegate(session, head, deputy, today, today + timedelta(days=3))
        delegations.revoke(session, head, running.id)
        with pytest.raises(NotPermitted):
            approve(board, session, document, who="topho")  # nor a revoked one
        delegations.delegate(session, head, deputy, today, today)
        approve(board, session, document, who="topho")
        assert document.state == DocState.APPROVED and ended.revoked_at is None
        actions = [e.action for e in session.query(AuditEvent).order_by(AuditEvent.id)]
        assert actions.count("delegate") == 4 and "revoke_delegation" in actions


def test_dieu_12_2_only_the_deputy_publishes_unless_the_setting_lets_the_head(board: Board):
    from editorial.services import Desk, Policy
    from ingest.settings import load_settings

    with board.sessions() as session:
        document = board.document(session)
        submit(board, session, document)
        approve(board, session, document)
        with pytest.raises(NotPermitted, match="Tổ phó xuất bản"):
            board.desk.publish(session, document, board.user(session, "totruong"), revision=1)
        lenient = Desk(Policy.from_settings(load_settings(environ={}, overrides={
            "app.database_url": board.settings["app.database_url"], "editorial.head_may_publish": True})))
        lenient.publish(session, document, board.user(session, "totruong"), revision=1)
        assert document.state == DocState.PUBLISHED and document.published_revision.number == 1


def test_an_edit_after_approval_needs_approval_again(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        submit(board, session, document)
        approve(board, session, document)
        board.desk.edit(session, document, board.user(session, "topho"), revision=1,
                        values={"subject": "Trích yếu sửa chính tả"})
        assert document.state == DocState.SUBMITTED and document.approved_revision_id is None
        with pytest.raises(InvalidTransition):  # back to the head: nothing approved to publish
            board.desk.publish(session, document, board.user(session, "topho"), revision=2)
        approve(board, session, document)
        board.desk.publish(session, document, board.user(session, "topho"), revision=2)
        assert document.published_revision.metadata_values["subject"] == "Trích yếu sửa chính tả"


def test_two_people_editing_the_same_revision_the_second_save_is_refused_and_told_why(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        board.desk.edit(session, document, board.user(session, "uyvien"), revision=1, values={"subject": "Bản của A"})
        with pytest.raises(StaleRevision, match="vừa có bản 2 do Uyvien lưu") as refused:
            board.desk.edit(session, document, board.user(session, "nguoigui"), revision=1, values={"subject": "Bản của B"})
        assert "chưa được lưu" in refused.value.message
        assert document.current_revision.metadata_values["subject"] == "Bản của A"


def test_two_saves_racing_in_two_sessions_leave_one_revision_and_refuse_the_other(board: Board):
    from sqlalchemy.exc import IntegrityError

    with board.sessions() as session:
        document_id = board.document(session).id
        session.commit()
    first, second = board.sessions(), board.sessions()
    try:
        doc_a, doc_b = board.desk.get(first, document_id), board.desk.get(second, document_id)
        board.desk.edit(first, doc_a, board.user(first, "uyvien"), revision=1, values={"subject": "A"})
        first.commit()
        with pytest.raises((IntegrityError, StaleRevision)):  # both saw revision 1: the database refuses a second 2
            board.desk.edit(second, doc_b, board.user(second, "nguoigui"), revision=1, values={"subject": "B"})
            second.commit()
    finally:
        first.close()
        second.close()


def test_dieu_3_3_a_secret_document_can_never_be_submitted_approved_or_published(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        member = board.user(session, "uyvien")
        submit(board, session, document)
        # a stamp the scan missed, found by the head: set on the document, it stops everything
        board.desk.edit(session, document, board.user(session, "totruong"), revision=1, values={"secrecy": "Mật"})
        with pytest.raises(Refused, match="độ mật"):
            approve(board, session, document, who="topho_uyquyen")
        assert [o.action for o in board.desk.offers(session, document, member)] == [Action.WITHDRAW]
        board.desk.return_to_unit(session, document, board.user(session, "totruong"), revision=2, reason="văn bản mật")
        with pytest.raises(Refused, match="không bao giờ được gửi"):
            submit(board, session, document)


def test_dieu_3_3_a_stamp_no_one_could_read_blocks_the_document_until_a_person_settles_its_secrecy(board: Board):
    with board.sessions() as session:
        unread = board.document(session, secrecy=SECRECY_UNKNOWN)
        member = board.user(session, "uyvien")
        [offer] = [o for o in board.desk.offers(session, unread, member) if o.action is Action.SUBMIT]
        assert offer.blocked and "Chưa rõ độ mật" in offer.blocked and "bản quét" in offer.blocked
        with pytest.raises(Refused, match="Chưa rõ độ mật"):
            submit(board, session, unread)
        # the member looks at the scan: no secret mark, an urgency stamp smudged
        board.desk.edit(session, unread, member, revision=1, values={"secrecy": ""})
        submit(board, session, unread)
        assert unread.state == DocState.SUBMITTED

        stamped = board.document(session, secrecy=SECRECY_UNKNOWN)
        board.desk.edit(session, stamped, member, revision=1, values={"secrecy": "Mật"})  # a MẬT stamp, faint
        with pytest.raises(Refused, match="không bao giờ được gửi"):
            submit(board, session, stamped)


def test_dieu_8_2_the_member_confirms_at_submission_that_it_is_not_secret_and_the_log_keeps_it(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        with pytest.raises(Refused, match="không thuộc loại tài liệu mật"):
            board.desk.submit(session, document, board.user(session, "uyvien"), revision=1, not_secret=False)
        submit(board, session, document)
        [line] = [e for e in audit.history(session, document) if e.action == "submit"]
        assert "xác nhận văn bản không thuộc loại tài liệu mật" in line.detail and "uyvien" in line.actor_name


def test_dieu_8_4_material_from_outside_the_department_needs_its_source_before_submission(board: Board):
    with board.sessions() as session:
        document = board.document(session, issuer="BỘ XÂY DỰNG", unit="VP")
        assert document.outside, "another body's document is outside material"
        with pytest.raises(Refused, match="Điều 8.4"):
            submit(board, session, document)
        board.desk.edit(session, document, board.user(session, "uyvien"), revision=1,
                        source_note="Bộ Xây dựng, Cổng thông tin điện tử moc.gov.vn")
        submit(board, session, document)
        assert document.state == DocState.SUBMITTED


def test_dieu_6_a_category_is_required_before_approval(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        assert document.current_revision.category == "Văn bản quy phạm pháp luật", "the suggestion pre-filled"
        board.desk.edit(session, document, board.user(session, "uyvien"), revision=1, category="")
        submit(board, session, document)
        with pytest.raises(Refused, match="Điều 6"):
            approve(board, session, document)


def test_dieu_7_2_a_returned_document_needs_a_reason_goes_back_to_its_unit_and_comes_back(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        submit(board, session, document)
        head = board.user(session, "totruong")
        with pytest.raises(Refused, match="lý do"):
            board.desk.return_to_unit(session, document, head, revision=1, reason="  ")
        board.desk.return_to_unit(session, document, head, revision=1, reason="Sai trích yếu")
        assert document.state == DocState.RETURNED
        board.desk.edit(session, document, board.user(session, "uyvien"), revision=1, values={"subject": "Đúng"})
        submit(board, session, document)
        approve(board, session, document)
        lines = [(e.action, e.reason) for e in audit.history(session, document)]
        assert ("return", "Sai trích yếu") in lines and lines[-1][0] == "approve"


def test_dieu_9_4_a_correction_is_a_new_revision_published_like_the_first_and_the_old_stays_until_then(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        submit(board, session, document)
        approve(board, session, document)
        board.desk.publish(session, document, board.user(session, "topho"), revision=1)
        with pytest.raises(Refused, match="đính chính"):
            board.desk.correct(session, document, board.user(session, "uyvien"), revision=1, note="")
        board.desk.correct(session, document, board.user(session, "uyvien"), revision=1, note="Sửa ngày ban hành")
        assert document.state == DocState.NEW and document.published_revision.number == 1, "still online"
        board.desk.edit(session, document, board.user(session, "uyvien"), revision=2, values={"issued_on": "27/12/2023"})
        submit(board, session, document)
        approve(board, session, document)
        board.desk.publish(session, document, board.user(session, "topho"), revision=3)
        assert document.published_revision.number == 3
        assert document.published_revision.metadata_values["issued_on"] == "2023-12-27"
        assert document.published_revision.correction_note == "Sửa ngày ban hành"
        assert [r.number for r in document.revisions] == [1, 2, 3], "history kept"


def test_every_step_is_in_the_append_only_audit_log(board: Board):
    with board.sessions() as session:
        document = board.document(session)
        submit(board, session, document)
        session.commit()
        assert [e.action for e in audit.history(session, document)] == ["open", "submit"]
        for statement in ("UPDATE audit_events SET reason = 'sửa lén'", "DELETE FROM audit_events"):
            with pytest.raises(Exception, match="append-only"):
                session.execute(text(statement))
            session.rollback()
        assert len(audit.history(session, document)) == 2


def test_the_audit_log_exports_as_csv_from_the_command_line(board: Board, capsys, tmp_path):
    from ingest.cli import main

    with board.sessions() as session:
        submit(board, session, board.document(session))
        session.commit()
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text(f'[app]\ndatabase_url = "{board.settings["app.database_url"]}"\n', encoding="utf-8")
    assert main(["--settings", str(settings_file), "audit", "--since", date.today().isoformat(), "--csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Mã,Thời điểm,Người thực hiện,Thao tác")
    assert any("Gửi Tổ trưởng duyệt" in line and "Chờ Tổ trưởng duyệt" in line for line in out)


def test_the_command_line_is_a_door_with_the_same_rules(board: Board, capsys, tmp_path):
    from ingest.cli import main

    with board.sessions() as session:
        document_id = board.document(session).id
        session.commit()
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text(f'[app]\ndatabase_url = "{board.settings["app.database_url"]}"\n', encoding="utf-8")
    base = ["--settings", str(settings_file), "document", "act", str(document_id)]
    assert main(base + ["approve", "--as", "totruong"]) == 1  # not submitted yet
    assert main(base + ["submit", "--as", "uyvien_khac", "--not-secret"]) == 1  # another unit's
    assert "đơn vị khác" in capsys.readouterr().err
    assert main(base + ["submit", "--as", "uyvien", "--not-secret"]) == 0
    assert main(base + ["approve", "--as", "uyvien"]) == 1
    assert main(base + ["approve", "--as", "totruong"]) == 0
    assert "Đã duyệt, chờ xuất bản" in capsys.readouterr().out


def test_dieu_8_5_the_providing_unit_is_inferred_from_the_sender_the_symbol_or_the_filing_entry():
    units = Units([Unit("QLXD", "Phòng Quản lý xây dựng", ("qlxd@sxd.kontum.gov.vn",), ("Phòng Quản lý xây dựng",)),
                   Unit("VP", "Văn phòng Sở")], ["Sở Xây dựng"])
    assert units.infer(reading(), sender="Phòng QLXD <qlxd@sxd.kontum.gov.vn>").code == "QLXD"
    assert units.infer(reading(number="1234/SXD-QLXD", recipients=[])).code == "QLXD"
    assert units.infer(reading(number="12/QĐ-SXD", recipients=["Như trên;", "Lưu: VT, VP."])).code == "VP"
    assert units.infer(reading(number="12/QĐ-SXD", recipients=[])).code is None
    assert not units.is_outside(reading(issuer="SỞ XÂY DỰNG")) and units.is_outside(reading(issuer="BỘ XÂY DỰNG"))


def test_dieu_9_age_is_counted_in_working_hours_skipping_nights_weekends_and_holidays():
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    worktime = WorkingTime(zone, frozenset(range(5)), ((datetime.strptime("07:00", "%H:%M").time(),
                                                         datetime.strptime("11:30", "%H:%M").time()),
                                                        (datetime.strptime("13:30", "%H:%M").time(),
                                                         datetime.strptime("17:00", "%H:%M").time())),
                           frozenset({date(2026, 12, 7)}))
    friday_afternoon = datetime(2026, 12, 4, 16, 0, tzinfo=zone)
    tuesday_morning = datetime(2026, 12, 8, 8, 0, tzinfo=zone)  # Monday the 7th is a holiday
    assert worktime.hours_a_day == 8.0
    assert worktime.hours_between(friday_afternoon, tuesday_morning) == pytest.approx(2.0)
    assert worktime.hours_between(friday_afternoon.astimezone(timezone.utc), tuesday_morning) == pytest.approx(2.0)


def test_an_old_reading_stays_readable_and_is_upgraded_on_load():
    old = {"file": "a.pdf", "size": 3, "sha256": "ab" * 32, "format": "email", "number": "5/TB-SXD",
           "secrecy": None, "publish_requested": True, "attachments": [{"file": "a.pdf", "sha256": "cd" * 32}],
           "fields": {"number": {"confidence": 0.9, "found": {"page": 1, "line": 2}}}}
    record = ReadingRecord.load(old)
    assert record.schema == 2 and record.number == "5/TB-SXD" and record.fields["number"].page == 1
    assert record.attachments[0].format is None and record.dump()["schema"] == 2
    assert ReadingRecord.load(record.dump()) == record


def test_a_document_its_issuer_revoked_is_taken_down_if_published_and_goes_no_further_otherwise(board: Board):
    with board.sessions() as session:
        published = board.document(session)
        submit(board, session, published)
        approve(board, session, published)
        board.desk.publish(session, published, board.user(session, "topho"), revision=1)
        board.desk.revoked(session, published.item, reason="gói thu hồi: văn bản bị thay thế")
        assert published.state == DocState.TAKEN_DOWN
        [line] = [e for e in audit.history(session, published) if e.action == "take_down"]
        assert line.actor_name == audit.SYSTEM and "bị thay thế" in line.reason
        waiting = board.document(session)
        board.desk.revoked(session, waiting.item, reason="gói thu hồi")
        assert waiting.state == DocState.NEW and waiting.takedown_requested
        with pytest.raises(Refused, match="đã thu hồi"):
            submit(board, session, waiting)
        assert [o.action for o in board.desk.offers(session, waiting, board.user(session, "uyvien"))
                if o.blocked is None] == [Action.WITHDRAW]


def test_dieu_5_1_a_closed_original_is_approved_only_with_an_open_format_copy_among_the_files(board: Board):
    with board.sessions() as session:
        document = board.document(session, open_format=False)  # a DOCX
        original = document.current_revision.files
        assert [f["role"] for f in original] == ["original"]
        submit(board, session, document)
        with pytest.raises(Refused, match="Điều 5.1"):
            approve(board, session, document)
        board.desk.return_to_unit(session, document, board.user(session, "totruong"), revision=1, reason="thiếu bản mở")
        assert board.desk.attach_open_copy(session, document, sha256="ab" * 32, name="quyet-dinh.pdf")
        assert not board.desk.attach_open_copy(session, document, sha256="cd" * 32, name="khac.pdf"), "once"
        with pytest.raises(Refused, match="ít nhất một tệp"):
            board.desk.edit(session, document, board.user(session, "uyvien"), revision=1, files=[])
        submit(board, session, document)
        approve(board, session, document)
        assert [f["role"] for f in document.approved_revision.files] == ["original", "open_copy"]
