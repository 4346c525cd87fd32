"""The command line: `congbo parse` reads files and folders and reports each, even after a failure;
`congbo migrate`, `congbo demo` and `congbo serve` are what `make run` runs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from ingest.cli import main

REQUIRED_KEYS = {"file", "format", "text_source", "legacy_encoding", "open_format", "pages", "chars",
                 "signatures", "attachments", "warnings",
                 # issue 3: the official metadata, each with its confidence and location under "fields"
                 "number", "doc_type", "issuer", "parent_issuer", "place", "issued_on", "subject", "signer_name",
                 "signer_title", "signer_authority", "recipients", "addressees", "publish_requested", "secrecy",
                 "urgency", "effective_on", "category_suggestion", "fields"}


def test_parse_json_prints_one_object_per_file_and_goes_on_after_errors(tmp_path, sample_docx, capsys):
    (tmp_path / "a.docx").write_bytes(sample_docx)
    (tmp_path / "b-broken.pdf").write_bytes(b"%PDF-1.4\n\xff\xff")
    (tmp_path / "c.txt").write_text("Ghi chú", encoding="utf-8")
    code = main(["parse", "--json", str(tmp_path)])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1, "the exit code says a file failed"
    assert [Path(r["file"]).name for r in records] == ["a.docx", "b-broken.pdf", "c.txt"]
    assert REQUIRED_KEYS <= set(records[0]) and records[0]["format"] == "docx"
    assert records[0]["number"] == "166/QĐ-SXD" and records[0]["fields"]["number"]["confidence"] > 0.5
    assert "error" in records[1] and "b-broken.pdf" in records[1]["error"]
    assert records[2]["format"] == "text" and "error" not in records[2]


def test_parse_without_json_prints_a_short_summary(tmp_path, sample_docx, capsys):
    (tmp_path / "a.docx").write_bytes(sample_docx)
    assert main(["parse", str(tmp_path / "a.docx")]) == 0
    out = capsys.readouterr().out
    assert "a.docx: docx" in out and "not an open format" in out


def test_a_bad_setting_stops_the_command_with_the_key_named(tmp_path, capsys):
    bad = tmp_path / "settings.toml"
    bad.write_text('[ocr]\nworkers = "two"\n', encoding="utf-8")
    assert main(["--settings", str(bad), "parse", str(bad)]) == 2
    assert "ocr.workers" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_migrate_demo_and_serve_start_the_web_app(tmp_path):
    env = {**os.environ, "CONGBO_APP_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "CONGBO_APP_DATA_DIR": str(tmp_path / "data"), "CONGBO_APP_PORT": str(_free_port())}
    congbo = [sys.executable, "-m", "ingest.cli"]
    for step in (["migrate"], ["demo"]):
        subprocess.run(congbo + step, env=env, check=True, capture_output=True, timeout=300)
    server = subprocess.Popen(congbo + ["serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{env['CONGBO_APP_PORT']}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                    assert json.load(response) == {"status": "ok", "database": True}
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the web app did not answer")
        import http.cookiejar
        import re

        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with browser.open(url + "/", timeout=5) as response:  # signed out: the sign-in page
            page = response.read().decode("utf-8")
            assert response.url.startswith(url + "/login") and "Đăng nhập" in page
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"username": "uyvien", "password": "uyvien-demo-2026", "csrf_token": token})
        browser.open(url + "/login", data=form.encode(), timeout=5).close()
        with browser.open(url + "/", timeout=5) as response:
            assert "166-QD-SXD.docx" in response.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_command_line_finds_the_same_database_wherever_it_is_run_from(tmp_path):
    home = tmp_path / "congbo"
    home.mkdir()
    (home / "settings.toml").write_text('[app]\ndatabase_url = "sqlite:///var/congbo.sqlite3"\ndata_dir = "var"\n'
                                        '[[units]]\ncode = "VP"\nname = "Văn phòng Sở"\n', encoding="utf-8")
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    env = {**os.environ, "CONGBO_SETTINGS": str(home / "settings.toml"),
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}

    def congbo(*args: str, cwd: Path, stdin: str | None = None) -> str:
        return subprocess.run([sys.executable, "-m", "ingest.cli", *args], env=env, cwd=cwd, input=stdin, text=True,
                              check=True, capture_output=True, timeout=120).stdout

    congbo("migrate", cwd=elsewhere)
    congbo("users", "add", "uyvien", "--role", "member", "--unit", "VP", "--name", "Ủy viên", "--password-stdin",
           cwd=home, stdin="mat-khau-du-dai\n")
    assert "uyvien" in congbo("users", "list", cwd=elsewhere), "the user added from one folder is found from another"
    assert (home / "var" / "congbo.sqlite3").exists() and not (elsewhere / "var").exists()
