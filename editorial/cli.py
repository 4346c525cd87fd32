"""The board's commands of ``congbo``: users, the audit log, and the workflow by hand, through the
same services as the web app (a rule holds at every door)."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime, time
from typing import Any

from .states import DOCUMENT_ACTIONS, Role


def add_commands(sub: Any) -> None:
    users = sub.add_parser("users", help="the board's people: add, passwd, disable, enable, list")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    p = users_sub.add_parser("add", help="add a user (the password is asked for, or read from stdin)")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--name", required=True, help="full name, as shown on the desk and in the audit log")
    p.add_argument("--unit", help="a member's unit code (settings [[units]])")
    p.add_argument("--email", help="address for notification digests")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_users_add)
    p = users_sub.add_parser("passwd", help="set a user's password")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_users_passwd)
    for name, active in (("disable", False), ("enable", True)):
        p = users_sub.add_parser(name, help=f"{name} a user's sign-in")
        p.add_argument("username")
        p.set_defaults(func=cmd_users_active, active=active)
    p = users_sub.add_parser("list", help="every user with role, unit and state")
    p.set_defaults(func=cmd_users_list)

    p = sub.add_parser("audit", help="the audit log since a date")
    p.add_argument("--since", required=True, help="YYYY-MM-DD (local day)")
    p.add_argument("--csv", action="store_true", help="as CSV (the default prints a table)")
    p.set_defaults(func=cmd_audit)

    document = sub.add_parser("document", help="a document of the board: show it, or act on it as a user")
    doc_sub = document.add_subparsers(dest="document_command", required=True)
    p = doc_sub.add_parser("show", help="state, current revision and the actions a user may take")
    p.add_argument("document_id", type=int)
    p.add_argument("--as", dest="username", required=True)
    p.set_defaults(func=cmd_document_show)
    p = doc_sub.add_parser("act", help="submit, approve, publish, return, correct, withdraw or take_down")
    p.add_argument("document_id", type=int)
    p.add_argument("action", choices=[a.value for a in DOCUMENT_ACTIONS])
    p.add_argument("--as", dest="username", required=True)
    p.add_argument("--revision", type=int, help="the revision you checked (default: the current one)")
    p.add_argument("--reason", default="", help="required to return, withdraw, correct or take down")
    p.add_argument("--not-secret", action="store_true", help="to submit: you confirm it is not secret")
    p.set_defaults(func=cmd_document_act)


def _sessions(settings: Any):  # type: ignore[no-untyped-def]
    from ingest.db import make_engine, session_factory

    return session_factory(make_engine(settings["app.database_url"]))


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mật khẩu: ")
    if first != getpass.getpass("Nhập lại mật khẩu: "):
        from .errors import Refused

        raise Refused("Hai lần nhập mật khẩu không khớp.")
    return first


def cmd_users_add(args: argparse.Namespace, settings: Any) -> int:
    from .users import add_user

    if args.unit and args.unit not in {u["code"] for u in settings.units}:
        from .errors import Refused

        raise Refused(f"Không có đơn vị “{args.unit}” trong cài đặt [[units]].")
    with _sessions(settings)() as session:
        user = add_user(session, args.username, args.name, args.role, _password(args), unit=args.unit,
                        email=args.email)
        session.commit()
        print(f"đã thêm {user.username} ({user.role})")
    return 0


def cmd_users_passwd(args: argparse.Namespace, settings: Any) -> int:
    from .users import set_password

    with _sessions(settings)() as session:
        set_password(session, args.username, _password(args))
        session.commit()
        print(f"đã đổi mật khẩu của {args.username}")
    return 0


def cmd_users_active(args: argparse.Namespace, settings: Any) -> int:
    from .users import set_active

    with _sessions(settings)() as session:
        set_active(session, args.username, args.active)
        session.commit()
        print(f"{args.username}: {'đã mở' if args.active else 'đã khóa'}")
    return 0


def cmd_users_list(args: argparse.Namespace, settings: Any) -> int:
    from .states import ROLE_LABELS
    from .users import list_users

    with _sessions(settings)() as session:
        print(f"{'tên đăng nhập':20} {'vai trò':10} {'đơn vị':8} {'trạng thái':10} họ tên")
        for user in list_users(session):
            print(f"{user.username:20} {ROLE_LABELS[Role(user.role)]:10} {user.unit or '':8} "
                  f"{'hoạt động' if user.active else 'đã khóa':10} {user.full_name}")
    return 0


def cmd_audit(args: argparse.Namespace, settings: Any) -> int:
    from . import audit
    from .worktime import WorkingTime

    worktime = WorkingTime.from_settings(settings)
    try:
        day = datetime.fromisoformat(args.since).date()
    except ValueError:
        print(f"congbo: --since: “{args.since}” không phải ngày YYYY-MM-DD", file=sys.stderr)
        return 2
    with _sessions(settings)() as session:
        events = audit.since(session, datetime.combine(day, time.min, worktime.zone))
        if args.csv:
            sys.stdout.write(audit.to_csv(events, worktime))
        else:
            for e in events:
                print(f"{worktime.shown(e.at)}  {e.actor_name:30} {audit.action_label(e.action):22} "
                      f"{('văn bản ' + str(e.document_id)) if e.document_id else '':12} {e.reason or e.detail or ''}")
    return 0


def _desk(settings: Any):  # type: ignore[no-untyped-def]
    from .services import Desk, Policy

    return Desk(Policy.from_settings(settings))


def cmd_document_show(args: argparse.Namespace, settings: Any) -> int:
    from .states import ACTION_LABELS, STATE_LABELS, DocState
    from .users import get_user

    desk = _desk(settings)
    with _sessions(settings)() as session:
        document = desk.get(session, args.document_id)
        revision = document.current_revision
        print(f"văn bản {document.id}: {STATE_LABELS[DocState(document.state)]}, bản {revision.number}")
        for key, value in revision.metadata_values.items():
            if value not in (None, [], ""):
                print(f"  {key}: {value}")
        offers = desk.offers(session, document, get_user(session, args.username))
        print("thao tác được phép: " + (", ".join(f"{o.action.value} ({ACTION_LABELS[o.action]})"
                                                  + (f" — {o.blocked}" if o.blocked else "") for o in offers)
                                         or "không có"))
    return 0


def cmd_document_act(args: argparse.Namespace, settings: Any) -> int:
    from .states import STATE_LABELS, Action, DocState
    from .users import get_user

    desk = _desk(settings)
    with _sessions(settings)() as session:
        document = desk.get(session, args.document_id)
        revision = args.revision or document.current_revision.number
        desk.act(session, Action(args.action), document, get_user(session, args.username), revision=revision,
                 reason=args.reason, not_secret=args.not_secret)
        session.commit()
        print(f"văn bản {document.id}: {STATE_LABELS[DocState(document.state)]}")
    return 0
