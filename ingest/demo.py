"""Demonstration data for ``make run``: a few generated documents taken in through the pipeline."""

from __future__ import annotations

from dataclasses import replace

from .pipeline import Pipeline
from .samples import SampleDocument, build_docx, build_odt
from .settings import Settings

DECISION = SampleDocument()
LETTER = SampleDocument(
    number="Số: 1234/SXD-QLXD",
    place_date="Kon Tum, ngày 05 tháng 3 năm 2024",
    doc_type=None,
    subject="V/v hướng dẫn thực hiện cấp giấy phép xây dựng trên địa bàn tỉnh",
    body=("Kính gửi: Ủy ban nhân dân các huyện, thành phố.",
          "Sở Xây dựng hướng dẫn việc cấp giấy phép xây dựng như sau."),
    recipients=("Như trên;", "Công bố trên Trang TTĐT SXD;", "Lưu: VT, QLXD."),
    signer_authority="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC", signer_name="Trần Thị Bình",
)
OLD_PLAN = replace(SampleDocument(
    number="Số: 15/KH-SXD", place_date="Kon Tum, ngày 10 tháng 01 năm 2002", doc_type="KẾ HOẠCH",
    subject="Kiểm tra chất lượng công trình xây dựng năm 2002",
    body=("Thực hiện chỉ đạo của UBND tỉnh, Sở Xây dựng lập kế hoạch kiểm tra.",),
    signer_authority=None, signer_title="GIÁM ĐỐC", signer_name="Lê Văn Cường",
)).in_legacy("TCVN3")



def demo_files() -> list[tuple[str, bytes]]:
    good = build_docx(DECISION)
    return [
        ("166-QD-SXD.docx", good),
        ("1234-SXD-QLXD.odt", build_odt(LETTER)),
        ("15-KH-SXD-TCVN3.docx", build_docx(OLD_PLAN)),
        ("bi-hong.docx", good[: len(good) // 3]),  # cut short in transfer: shows quarantine
    ]


# one user per role; the demo resets their passwords each time it runs, so the printed ones work
DEMO_USERS = (
    ("uyvien", "Nguyễn Thị Lan", "member", "VP", "uyvien-demo-2026"),
    ("uyvien2", "Phạm Văn Hùng", "member", "QLXD", "uyvien2-demo-2026"),
    ("topho", "Lê Thị Hoa", "deputy", None, "topho-demo-2026"),
    ("totruong", "Trần Văn Minh", "head", None, "totruong-demo-2026"),
    ("quantri", "Quản trị hệ thống", "admin", None, "quantri-demo-2026"),
)


def load_demo_users(settings: Settings) -> list[tuple[str, str, str]]:
    """Create (or reset) the demo users; (user name, password, role label) for each."""
    from editorial.states import ROLE_LABELS, Role
    from editorial.users import add_user, list_users, set_active, set_password

    from .db import make_engine, session_factory

    engine = make_engine(settings["app.database_url"])
    try:
        with session_factory(engine)() as session:
            known = {u.username for u in list_users(session)}
            for username, name, role, unit, password in DEMO_USERS:
                if username in known:
                    set_password(session, username, password)
                    set_active(session, username, True)
                else:
                    add_user(session, username, name, role, password, unit=unit,
                             email=f"{username}@sxd.kontum.gov.vn")
            session.commit()
    finally:
        engine.dispose()
    return [(u, p, ROLE_LABELS[Role(r)]) for u, _, r, _, p in DEMO_USERS]


def load_demo(settings: Settings) -> int:
    created = 0
    with Pipeline.from_settings(settings) as pipeline:
        for name, data in demo_files():
            created += pipeline.ingest_bytes(data, name, source="demo", source_key=name).created
    return created


PUBLISHED_DEMO = ("166-QD-SXD.docx", "1234-SXD-QLXD.odt")  # the rest stay on the desk, for the board to try


def publish_demo(settings: Settings) -> int:
    """Take the demo's decision and letter through the workflow (member, head, deputy), so that the
    public library has documents; the number newly published."""
    from sqlalchemy import select

    from editorial.models import Document, User
    from editorial.services import Desk, Policy
    from ingest.models import Item
    from parsers.metadata.doctypes import CATEGORIES

    from .blobstore import BlobStore
    from .db import make_engine, session_factory
    from .settings import resolve_path

    desk = Desk(Policy.from_settings(settings))
    engine = make_engine(settings["app.database_url"])
    published = 0
    try:
        with session_factory(engine)() as session:
            people = {u.username: u for u in session.scalars(select(User))}
            for name in PUBLISHED_DEMO:
                document = session.scalar(select(Document).join(Item, Document.item_id == Item.id)
                                          .where(Item.source == "demo", Item.source_key == name))
                if document is None or document.state != "new":
                    continue
                member = next((u for u in people.values() if u.role == "member" and u.unit == document.unit),
                              people["uyvien"])
                if document.unit != member.unit:
                    desk.edit(session, document, member, revision=document.current_revision.number, unit=member.unit)
                if document.item.open_format is False:  # Điều 5.1: an open-format copy beside a .docx
                    store = BlobStore(resolve_path(settings, "app.data_dir") / "originals")
                    copy = store.put(build_odt(DECISION))
                    desk.attach_open_copy(session, document, sha256=copy, name=name.rsplit(".", 1)[0] + ".odt")
                if not document.current_revision.category:
                    desk.edit(session, document, member, revision=document.current_revision.number,
                              category=CATEGORIES[7])
                number = document.current_revision.number
                desk.submit(session, document, member, revision=number, not_secret=True)
                desk.approve(session, document, people["totruong"], revision=number)
                desk.publish(session, document, people["topho"], revision=number)
                published += 1
            session.commit()
    finally:
        engine.dispose()
    return published
