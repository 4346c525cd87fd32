"""A private Dovecot for tests and benchmarks: its own config, folders and free loopback ports,
plain and IMAPS with a self-signed certificate (notes: shared/reference/dovecot-test-notes.md)."""

from __future__ import annotations

import imaplib
import os
import shutil
import signal
import ssl
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path


USER, PASSWORD = "bientap@sxd.local", "mat-khau-thu"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, timeout: float = 20, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Dovecot did not listen on {port}")


@dataclass
class Dovecot:
    root: Path
    port: int
    ssl_port: int
    cert: Path
    strict: bool = False  # refuses any login not under TLS, from loopback too
    host: str = "127.0.0.1"

    def start(self) -> None:
        # dovecot daemonises; captured pipes would stay open in the daemon and block
        subprocess.run(["dovecot", "-c", str(self.root / "dovecot.conf")], check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for(self.port, host=self.host)
        _wait_for(self.ssl_port, host=self.host)

    def stop(self) -> None:
        pid_file = self.root / "run" / "master.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text().strip())
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
                time.sleep(0.1)
            except ProcessLookupError:
                return

    def client(self) -> imaplib.IMAP4:
        if self.strict:
            client: imaplib.IMAP4 = imaplib.IMAP4_SSL(self.host, self.ssl_port,
                                                      ssl_context=ssl.create_default_context(cafile=str(self.cert)))
        else:
            client = imaplib.IMAP4(self.host, self.port)
        client.login(USER, PASSWORD)
        return client

    def new_folder(self) -> str:
        folder = f"T{uuid.uuid4().hex[:10]}"
        client = self.client()
        client.create(folder)
        client.logout()
        return folder

    def append(self, folder: str, message: bytes) -> None:
        client = self.client()
        typ, _ = client.append(folder, None, None, message)
        client.logout()
        assert typ == "OK"

    def flags(self, folder: str) -> list[str]:
        client = self.client()
        client.select(folder)
        typ, data = client.uid("FETCH", "1:*", "(FLAGS)")
        client.logout()
        return [d.decode() for d in data if d]

    def count(self, folder: str) -> int:
        client = self.client()
        typ, data = client.select(folder)
        client.logout()
        return int(data[0])


def _config(root: Path, port: int, ssl_port: int, strict: bool = False, host: str = "127.0.0.1") -> str:
    ssl_mode, plaintext = ("required", "yes") if strict else ("yes", "no")
    return f"""
protocols = imap
listen = {host}
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = {ssl_mode}
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
default_login_user = dovenull
default_internal_user = dovecot
default_internal_group = dovecot
disable_plaintext_auth = {plaintext}
auth_mechanisms = plain login
first_valid_uid = 0
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/mail/%u
}}
protocol imap {{
  mail_max_userip_connections = 200
}}
service imap-login {{
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    address = {host}
    port = {ssl_port}
    ssl = yes
  }}
}}
"""



def start_dovecot(*, strict: bool = False) -> Dovecot:
    """A private Dovecot. A strict one listens on 127.0.0.2, which clients reach from 127.0.0.1: Dovecot
    counts a connection from its own address as secure and would take a password in the clear."""
    host = "127.0.0.2" if strict else "127.0.0.1"
    root = Path(tempfile.mkdtemp(prefix="congbo-dovecot-"))
    root.chmod(0o755)  # the login process, not root, must reach the sockets inside
    (root / "mail").mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}",
                    "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")], check=True, capture_output=True)
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port, ssl_port = _free_port(), _free_port()
    (root / "dovecot.conf").write_text(_config(root, port, ssl_port, strict, host))
    shutil.chown(root / "mail", "dovecot", "dovecot")
    server = Dovecot(root, port, ssl_port, root / "cert.pem", strict, host)
    server.start()
    return server


def remove(server: Dovecot) -> None:
    server.stop()
    shutil.rmtree(server.root, ignore_errors=True)
