"""Notifications: when a document reaches a role, each holder gets a notice, and notices go out as
at most one digest e-mail per person in ``mail.digest_minutes`` (settings ``mail.*``).

Notices are rows in the database (:class:`~editorial.models.Notice`), so any worker can send them
and none is lost when one stops; a digest is marked sent only after the SMTP server took it.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ingest.models import utcnow

from .models import Document, Notice, User
from .states import STATE_LABELS, DocState, Role

if TYPE_CHECKING:
    from .services import Policy

log = logging.getLogger(__name__)


def _holders(session: Session, document: Document, state: DocState, policy: "Policy") -> list[User]:
    from .permissions import active_delegation

    active = select(User).where(User.active.is_(True))
    if state in (DocState.NEW, DocState.RETURNED):
        members = session.scalars(active.where(User.role == Role.MEMBER.value)).all()
        return [m for m in members if document.unit in (None, m.unit)]
    if state is DocState.SUBMITTED:
        heads = list(session.scalars(active.where(User.role == Role.HEAD.value)))
        today = policy.worktime.local(utcnow()).date()
        deputies = [d for d in session.scalars(active.where(User.role == Role.DEPUTY.value))
                    if active_delegation(session, d, today) is not None]
        return heads + deputies
    if state is DocState.APPROVED:
        roles = [Role.DEPUTY.value] + ([Role.HEAD.value] if policy.head_may_publish else [])
        return list(session.scalars(active.where(User.role.in_(roles))))
    return []


def reached(session: Session, document: Document, state: DocState, policy: "Policy", *,
            by: User | None = None) -> None:
    """Queue a notice for everyone who must act on the document now that it is in ``state``."""
    revision = document.current_revision
    values = revision.metadata_values if revision else {}
    title = " ".join(str(v) for v in (values.get("number"), values.get("subject")) if v) or f"văn bản {document.id}"
    text = f"Văn bản {document.id} ({title}): {STATE_LABELS[state]}"
    for user in _holders(session, document, state, policy):
        if by is None or user.id != by.id:
            session.add(Notice(user_id=user.id, document_id=document.id, text=text))


@dataclass(frozen=True, slots=True)
class Mailer:
    host: str
    port: int
    security: str = "plain"
    user: str = ""
    password: str = ""
    sender: str = "congbo@localhost"
    base_url: str = "http://127.0.0.1:8000"
    every: timedelta = timedelta(hours=1)
    timeout_s: float = 30.0

    @classmethod
    def from_settings(cls, settings: Any, environ: Any = None) -> "Mailer | None":
        """None when no SMTP server is set."""
        if not settings["mail.smtp_host"]:
            return None
        environ = os.environ if environ is None else environ
        return cls(settings["mail.smtp_host"], settings["mail.smtp_port"], settings["mail.smtp_security"],
                   settings["mail.smtp_user"], environ.get(settings["mail.smtp_password_env"], ""),
                   settings["mail.sender"], settings["app.base_url"],
                   timedelta(minutes=settings["mail.digest_minutes"]))

    def send(self, message: EmailMessage) -> None:
        if self.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout_s,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout_s)
        with client:
            if self.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if self.user:
                client.login(self.user, self.password)
            client.send_message(message)


def send_digests(session: Session, mailer: Mailer, now: datetime | None = None) -> int:
    """Send each person with notices waiting one digest, unless they had one within ``every``;
    commits per person. Returns how many e-mails went out."""
    now = now or utcnow()
    waiting = session.scalars(select(Notice).where(Notice.sent_at.is_(None)).order_by(Notice.user_id, Notice.id)).all()
    by_user: dict[int, list[Notice]] = {}
    for notice in waiting:
        by_user.setdefault(notice.user_id, []).append(notice)
    sent = 0
    for user_id, notices in by_user.items():
        user = session.get(User, user_id)
        if user is None or not user.active or not user.email:
            continue
        if user.last_digest_at is not None and _aware(user.last_digest_at) + mailer.every > now:
            continue
        try:
            mailer.send(_digest(mailer, user, notices))
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("digest to %s not sent: %s", user.email, exc)
            session.rollback()
            continue
        for notice in notices:
            notice.sent_at = now
        user.last_digest_at = now
        session.commit()
        sent += 1
    return sent


def _digest(mailer: Mailer, user: User, notices: list[Notice]) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mailer.sender
    message["To"] = user.email
    message["Subject"] = f"[Tổ Biên tập] {len(notices)} văn bản cần anh/chị xử lý"
    lines = [f"Kính gửi {user.full_name},", "", "Các văn bản sau đang chờ anh/chị trên bàn biên tập:", ""]
    for notice in notices:
        link = f"{mailer.base_url.rstrip('/')}/review/documents/{notice.document_id}" if notice.document_id else ""
        lines.append(f"- {notice.text}" + (f"\n  {link}" if link else ""))
    lines += ["", "Thư này do hệ thống congbo gửi tự động; mỗi giờ gửi nhiều nhất một thư."]
    message.set_content("\n".join(lines))
    return message


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
