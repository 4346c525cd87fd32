"""Mailboxes over IMAP (imaplib2): several folders per account; SSL, STARTTLS, or plain on loopback.

Each message is identified by account, folder, UIDVALIDITY and UID. Only UIDs the ledger has not
seen for that UIDVALIDITY are fetched, with ``BODY.PEEK[]`` so nothing is marked read before it is
stored. :meth:`ImapSource.acknowledge` then applies the post-action: mark seen, flag, add a keyword,
or move to a folder. :meth:`ImapSource.wait_for_news` holds an IDLE (re-issued well before the
29-minute limit) on its own connection and returns when the server announces a message, so the
worker can poll at once; servers without IDLE are simply polled on schedule.

Passwords come from an environment variable or a file named in the settings, never the database.
"""

from __future__ import annotations

import email
import email.policy
import ipaddress
import os
import re
import socket
import ssl
from pathlib import Path
from typing import Any, Callable, Iterator

import imaplib2

from .base import ConnectorError, IncomingItem, source_label
from .options import Option

IDLE_RENEW_S = 25 * 60  # RFC 2177: servers may drop an IDLE after 29 minutes
_CONNECT_ATTEMPTS = 3
_POST_ACTIONS = ("seen", "flag", "keyword", "move")


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def read_password(config: dict[str, Any], environ: dict[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ  # type: ignore[assignment]
    name = config.get("name")
    if config.get("password_env"):
        value = environ.get(config["password_env"])
        if value is None:
            raise ConnectorError(f"{source_label(name)}: chưa đặt biến môi trường {config['password_env']} "
                                 "(mật khẩu hộp thư)")
        return value
    if config.get("password_file"):
        try:
            return Path(config["password_file"]).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConnectorError(f"{source_label(name)}: không đọc được tệp mật khẩu {config['password_file']}",
                                 detail=exc.strerror) from exc
    raise ConnectorError(f"{source_label(name)}: cần khai báo password_env hoặc password_file (mật khẩu không bao "
                         "giờ được ghi trong cấu hình)")


class ImapSource:
    kind = "imap"
    OPTIONS = (Option("host", str, required=True), Option("port", int), Option("user", str, required=True),
               Option("password_env", str), Option("password_file", str), Option("folders", list),
               Option("security", str, choices=("ssl", "starttls", "plain")), Option("post_action", str),
               Option("ca_file", str))

    def __init__(self, name: str, *, host: str, port: int, user: str, password: str,
                 folders: tuple[str, ...] = ("INBOX",), security: str = "ssl", post_action: str = "seen",
                 ca_file: str | None = None, timeout: float = 30.0,
                 client_factory: Callable[[], Any] | None = None) -> None:
        if security not in ("ssl", "starttls", "plain"):
            raise ConnectorError(f"{source_label(name)}: security phải là ssl, starttls hoặc plain")
        if security == "plain" and not _is_loopback(host):
            raise ConnectorError(f"{source_label(name)}: kết nối không mã hóa (plain) chỉ được dùng với chính máy "
                                 f"này (loopback), không với {host}")
        if post_action.split(":", 1)[0] not in _POST_ACTIONS:
            raise ConnectorError(f"{source_label(name)}: post_action phải là seen, flag, keyword:TÊN hoặc "
                                 "move:THƯ_MỤC")
        self.name, self.host, self.port, self.user = name, host, port, user
        self._password = password
        self.folders, self.security, self.post_action = folders, security, post_action
        self.ca_file, self.timeout = ca_file, timeout
        self._client_factory = client_factory
        self._client: Any = None
        self._selected: str | None = None

    @classmethod
    def from_config(cls, config: dict[str, Any], settings: Any) -> "ImapSource":
        name = config.get("name")
        for key in ("host", "user"):
            if not config.get(key):
                raise ConnectorError(f"{source_label(name)}: nguồn imap cần khóa “{key}”")
        security = config.get("security", "ssl")
        default_port = 993 if security == "ssl" else 143
        return cls(name, host=config["host"], port=int(config.get("port", default_port)), user=config["user"],
                   password=read_password(config), folders=tuple(config.get("folders", ["INBOX"])),
                   security=security, post_action=config.get("post_action", "seen"), ca_file=config.get("ca_file"))

    # --- connection ---------------------------------------------------------------------------

    def connect(self) -> Any:
        if self._client is not None:
            return self._client
        last: Exception | None = None
        for _ in range(_CONNECT_ATTEMPTS):
            try:
                self._client, self._selected = self._open(), None
                return self._client
            except imaplib2.IMAP4.abort as exc:
                # a handshake that stalled (imaplib2's STARTTLS sometimes misses the CAPABILITY
                # answer after wrapping the socket): a fresh connection goes through
                last = exc
            except (imaplib2.IMAP4.error, OSError, ssl.SSLError) as exc:
                last = exc
                break  # refused or wrong password: no point in trying again now
        raise ConnectorError(f"{source_label(self.name)}: không đăng nhập được vào {self.host}:{self.port} với "
                             f"tài khoản {self.user}: {_why(last)}", detail=str(last)) from last

    def _open(self) -> Any:
        if self._client_factory is not None:
            client = self._client_factory()
        elif self.security == "ssl":
            client = imaplib2.IMAP4_SSL(self.host, self.port, ca_certs=self._trusted(),
                                        cert_verify_cb=_verify_hostname(self.host), timeout=self.timeout)
        else:
            client = imaplib2.IMAP4(self.host, self.port, timeout=self.timeout)
        try:
            if self.security == "starttls":
                client.starttls(ca_certs=self._trusted(), cert_verify_cb=_verify_hostname(self.host))
                if not isinstance(getattr(client, "sock", None), ssl.SSLSocket):
                    raise ConnectorError(f"{source_label(self.name)}: STARTTLS với {self.host}:{self.port} không "
                                         "cho kết nối được mã hóa; mật khẩu không được gửi đi")
            client.login(self.user, self._password)
        except BaseException:
            try:
                client.logout()
            except Exception:  # noqa: BLE001 - the half-open connection is dropped either way
                pass
            raise
        return client

    def _trusted(self) -> str:
        """The certificates a server's chain is checked against: ``ca_file``, else the system's
        bundle. Never none: imaplib2 given no file checks no chain at all."""
        if self.ca_file:
            return self.ca_file
        found = system_ca_bundle()
        if found is None:
            raise ConnectorError(f"{source_label(self.name)}: máy không có bộ chứng chỉ gốc để kiểm tra chứng chỉ "
                                 f"của {self.host}; hãy khai báo ca_file")
        return found

    def close(self) -> None:
        client, self._client, self._selected = self._client, None, None
        if client is not None:
            try:
                client.logout()
            except Exception:  # noqa: BLE001 - the connection may already be gone
                pass

    def _call(self, what: str, fn: Callable[..., Any], *args: Any) -> list[Any]:
        try:
            typ, data = fn(*args)
        except (imaplib2.IMAP4.abort, OSError, ssl.SSLError) as exc:
            self.close()
            raise ConnectorError(f"{source_label(self.name)}: mất kết nối với máy chủ thư khi {what}",
                                 detail=str(exc)) from exc
        except imaplib2.IMAP4.error as exc:
            raise ConnectorError(f"{source_label(self.name)}: máy chủ thư từ chối lệnh {what}", detail=str(exc)) from exc
        if typ != "OK":
            raise ConnectorError(f"{source_label(self.name)}: máy chủ thư trả lời {typ} cho lệnh {what}",
                                 detail=repr(data))
        return data

    def _select(self, folder: str) -> str:
        client = self.connect()
        self._call(f"SELECT {folder}", client.select, _quote(folder))
        self._selected = folder
        _, validity = client.response("UIDVALIDITY")
        if not validity or validity[0] is None:
            raise ConnectorError(f"{source_label(self.name)}: máy chủ thư không cho UIDVALIDITY của thư mục {folder}")
        return validity[0].decode() if isinstance(validity[0], bytes) else str(validity[0])

    # --- the connector contract --------------------------------------------------------------

    def key(self, folder: str, uidvalidity: str, uid: str) -> str:
        return f"{self.user}@{self.host}/{folder}/{uidvalidity}/{uid}"

    def poll(self, known: Callable[[str], bool] = lambda key: False) -> Iterator[IncomingItem]:
        for folder in self.folders:
            uidvalidity = self._select(folder)
            client = self._client
            data = self._call(f"UID SEARCH (thư mục {folder})", client.uid, "SEARCH", "ALL")
            uids = (data[0] or b"").decode().split() if data else []
            for uid in uids:
                key = self.key(folder, uidvalidity, uid)
                if known(key):
                    continue
                fetched = self._call(f"UID FETCH {uid}", client.uid, "FETCH", uid, "(BODY.PEEK[])")
                raw = next((part[1] for part in fetched if isinstance(part, tuple)), None)
                if raw is None:
                    continue  # expunged meanwhile
                message = email.message_from_bytes(raw, policy=email.policy.default)
                subject = re.sub(r'[\\/:*?"<>|\s]+', " ", str(message.get("subject", "")))[:80].strip()
                yield IncomingItem(self.name, key, f"{subject or 'thu'}.eml", raw,
                                   {"folder": folder, "uid": uid, "uidvalidity": uidvalidity,
                                    "message_id": str(message.get("message-id", "")) or None})

    def acknowledge(self, item: IncomingItem, *, error: str | None = None) -> None:
        """The message is stored: apply the post-action (a message that could not be read too,
        as its bytes are kept and quarantined in congbo)."""
        folder, uid = item.meta["folder"], item.meta["uid"]
        if self._selected != folder:
            uidvalidity = self._select(folder)
            if uidvalidity != item.meta["uidvalidity"]:
                return  # the mailbox was recreated: this UID now names another message
        client = self._client
        action, _, argument = self.post_action.partition(":")
        if action == "seen":
            self._call(f"UID STORE {uid}", client.uid, "STORE", uid, "+FLAGS", "(\\Seen)")
        elif action == "flag":
            self._call(f"UID STORE {uid}", client.uid, "STORE", uid, "+FLAGS", "(\\Flagged)")
        elif action == "keyword":
            self._call(f"UID STORE {uid}", client.uid, "STORE", uid, "+FLAGS", f"({argument or 'congbo'})")
        elif action == "move":
            try:
                client.create(_quote(argument))  # the target folder may not exist yet
            except imaplib2.IMAP4.error:
                pass  # it does
            capabilities = " ".join(c.decode() if isinstance(c, bytes) else str(c) for c in self._call(
                "CAPABILITY", client.capability))
            if "MOVE" in capabilities.split():
                self._call(f"UID MOVE {uid}", client.uid, "MOVE", uid, _quote(argument))
            else:
                self._call(f"UID COPY {uid}", client.uid, "COPY", uid, _quote(argument))
                self._call(f"UID STORE {uid}", client.uid, "STORE", uid, "+FLAGS", "(\\Deleted)")
                self._call("EXPUNGE", client.expunge)

    def listener(self) -> "ImapSource":
        """The same mailbox on a connection of its own, for IDLE (IDLE blocks its connection, so
        the polling job cannot share it); built from this source, the password is not read again."""
        return ImapSource(self.name, host=self.host, port=self.port, user=self.user, password=self._password,
                          folders=self.folders, security=self.security, post_action=self.post_action,
                          ca_file=self.ca_file, timeout=self.timeout, client_factory=self._client_factory)

    def supports_idle(self) -> bool:
        capabilities = self._call("CAPABILITY", self.connect().capability)
        return any(b"IDLE" in (c if isinstance(c, bytes) else str(c).encode()).split() for c in capabilities)

    def wait_for_news(self, timeout: float = IDLE_RENEW_S) -> bool:
        """IDLE on the first folder until the server announces a message or ``timeout`` passes."""
        self._select(self.folders[0])
        client = self._client
        before = _count(client.response("EXISTS"))
        self._call("IDLE", client.idle, min(timeout, IDLE_RENEW_S))
        after = _count(client.response("EXISTS"))
        return after is not None and (before is None or after != before)


def _count(response: tuple[str, list[Any]]) -> int | None:
    _, data = response
    values = [int(d) for d in data or [] if d is not None and str(d.decode() if isinstance(d, bytes) else d).isdigit()]
    return values[-1] if values else None


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


_SYSTEM_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem")


def system_ca_bundle() -> str | None:
    """The operating system's bundle of trusted root certificates, if it has one."""
    default = ssl.get_default_verify_paths().cafile
    for candidate in (default, *_SYSTEM_BUNDLES):
        if candidate and os.path.isfile(candidate):
            return candidate
    return None


_CERT_FOR = "chứng chỉ của máy chủ cấp cho"


def _why(exc: BaseException | None) -> str:
    """Why a login failed, in the words of the status page (the library's own stays in the log)."""
    text = str(exc or "")
    if _CERT_FOR in text:
        return text[text.index(_CERT_FOR):].splitlines()[0].rstrip("'\")")
    if "CERTIFICATE_VERIFY_FAILED" in text or isinstance(exc, ssl.SSLCertVerificationError):
        own = " (chứng chỉ tự ký)" if "self-signed" in text or "self signed" in text else ""
        return f"chứng chỉ của máy chủ không được tin cậy{own}; nếu đó là chứng chỉ của Sở, hãy khai báo ca_file"
    if "PRIVACYREQUIRED" in text or "disallowed on non-secure" in text:
        return "máy chủ không nhận mật khẩu qua kết nối chưa mã hóa (hãy dùng ssl hoặc starttls)"
    if "AUTHENTICATIONFAILED" in text or "authentication failed" in text.lower():
        return "sai tên đăng nhập hoặc mật khẩu"
    if isinstance(exc, ConnectionRefusedError):
        return "máy chủ không nhận kết nối (chưa chạy, hoặc sai cổng)"
    if isinstance(exc, socket.gaierror):
        return "không tìm thấy máy chủ theo tên đã khai báo"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "máy chủ không trả lời trong thời gian chờ"
    if isinstance(exc, ssl.SSLError):
        return "không thiết lập được kết nối mã hóa với máy chủ"
    if isinstance(exc, imaplib2.IMAP4.abort):
        return "kết nối bị ngắt giữa chừng"
    if isinstance(exc, imaplib2.IMAP4.error):
        return "máy chủ từ chối đăng nhập"
    if isinstance(exc, OSError):
        return "lỗi kết nối mạng"
    return "lỗi không xác định (xem nhật ký của máy xử lý)"


def _verify_hostname(host: str) -> Callable[[Any, str], str | None]:
    """imaplib2 checks the chain with ca_certs; this checks that the certificate names the host."""
    def check(cert: Any, hostname: str) -> str | None:
        names = [v for k, v in cert.get("subjectAltName", ()) if k in ("DNS", "IP Address")]
        names += [v for part in cert.get("subject", ()) for k, v in part if k == "commonName"]
        return None if host in names else f"{_CERT_FOR} {', '.join(names)}, không phải {host}"
    return check
