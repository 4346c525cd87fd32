"""Shared by the intake benchmarks: a private Dovecot, a pipeline on a fresh SQLite file, mails."""

from __future__ import annotations

import sys
import tempfile
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.blobstore import BlobStore  # noqa: E402
from ingest.cli import configure_logging  # noqa: E402
from ingest.db import make_engine, migrate, session_factory  # noqa: E402
from ingest.pipeline import Pipeline  # noqa: E402
from ingest.samples import SampleDocument, build_docx  # noqa: E402
from parsers.base import ParserContext  # noqa: E402
from parsers.registry import default_registry  # noqa: E402
from tests.connectors.dovecot import PASSWORD, USER, remove, start_dovecot  # noqa: E402

__all__ = ["PASSWORD", "USER", "remove", "start_dovecot", "new_pipeline", "document_mail", "configure_logging"]
_DOCX = build_docx(SampleDocument())


def new_pipeline() -> Pipeline:
    folder = Path(tempfile.mkdtemp(prefix="congbo-bench-"))
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    return Pipeline(session_factory(engine), BlobStore(folder / "originals"), ParserContext(), default_registry(),
                    engine=engine)


def document_mail(n: int, tag: str) -> bytes:
    """A mail carrying a decision that asks for publication: it ends up queued for the board."""
    message = EmailMessage()
    message["From"], message["To"] = "vanthu@sxd.kontum.gov.vn", USER
    message["Subject"] = f"Quyết định số {n}/QĐ-SXD"
    message["Message-ID"] = f"<{tag}-{n}@sxd.kontum.gov.vn>"
    message.set_content(f"Gửi Tổ Biên tập văn bản số {n}.")
    message.add_attachment(_DOCX, maintype="application", subtype="octet-stream", filename=f"qd-{n}.docx")
    return message.as_bytes()
