"""The board's people: adding, changing passwords, disabling, and signing in.

Passwords are kept only as argon2 hashes. Failed sign-ins are counted per name and per address in
the database (:class:`~editorial.models.SignInThrottle`), so a lock-out holds across every web
process and machine; a success clears the name's count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ingest.models import utcnow

from .errors import BadCredentials, NotFound, Refused
from .models import SignInThrottle, User
from .states import Role

_hasher = PasswordHasher()
MIN_PASSWORD = 8


@dataclass(frozen=True, slots=True)
class Throttle:
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings) -> "Throttle":  # type: ignore[no-untyped-def]
        return cls(settings["auth.max_failures"], timedelta(minutes=settings["auth.lockout_minutes"]))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise Refused(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    return _hasher.hash(password)


def add_user(session: Session, username: str, full_name: str, role: Role | str, password: str, *,
             unit: str | None = None, email: str | None = None) -> User:
    role = Role(role)
    if role is Role.MEMBER and not unit:
        raise Refused("Ủy viên phải thuộc một đơn vị (Điều 12.3).")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise Refused(f"Tên đăng nhập “{username}” đã có.")
    user = User(username=username, full_name=full_name, role=role.value, unit=unit if role is Role.MEMBER else None,
                email=email, password_hash=hash_password(password), active=True)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"Không có người dùng “{username}”.")
    return user


def set_password(session: Session, username: str, password: str) -> User:
    user = get_user(session, username)
    user.password_hash = hash_password(password)
    return user


def set_active(session: Session, username: str, active: bool) -> User:
    user = get_user(session, username)
    user.active = active
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.username)))


def authenticate(session: Session, username: str, password: str, address: str | None,
                 throttle: Throttle, now: datetime | None = None) -> User:
    """The user, or :class:`BadCredentials` (one message whichever was wrong); the caller commits."""
    now = now or utcnow()
    keys = [f"user:{username.strip().lower()}"] + ([f"addr:{address}"] if address else [])
    rows = {key: session.get(SignInThrottle, key) for key in keys}
    locked = [row for row in rows.values() if row is not None and row.locked_until and _aware(row.locked_until) > now]
    if locked:
        until = max(_aware(row.locked_until) for row in locked)  # type: ignore[arg-type]
        minutes = max(1, round((until - now).total_seconds() / 60))
        raise BadCredentials(f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.")
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is not None and user.active and _verify(user, password):
        if rows[keys[0]] is not None:
            session.delete(rows[keys[0]])
        return user
    for key in keys:
        row = rows[key] or SignInThrottle(key=key, failures=0)
        row.failures = (row.failures or 0) + 1
        row.last_failure_at = now
        if row.failures >= throttle.max_failures:
            row.locked_until, row.failures = now + throttle.lockout, 0
        session.add(row)
    raise BadCredentials("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.")


def _verify(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
