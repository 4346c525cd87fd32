"""Fixture documents, made here: DOCX/ODT, PDFs printed from them by LibreOffice, a noisy scan of
such a PDF, a PDF signed with a self-signed certificate, and an encrypted PDF."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from ingest.generated import scanned
from parsers.doc import convert_with_libreoffice

SIGNER_NAME = "Nguyễn Văn An"
SIGNER_ORG = "SỞ XÂY DỰNG TỈNH KON TUM"


def _print_to_pdf(tmp: Path, name: str, data: bytes, soffice: str) -> bytes:
    source = tmp / name
    source.write_bytes(data)
    return convert_with_libreoffice(source, "pdf", tmp, soffice=soffice, timeout=180).read_bytes()


@pytest.fixture(scope="session")
def pdf_from_docx(tmp_path_factory, sample_docx, soffice) -> bytes:
    return _print_to_pdf(tmp_path_factory.mktemp("docx-pdf"), "decision.docx", sample_docx, soffice)


@pytest.fixture(scope="session")
def pdf_from_odt(tmp_path_factory, sample_odt, soffice) -> bytes:
    return _print_to_pdf(tmp_path_factory.mktemp("odt-pdf"), "decision.odt", sample_odt, soffice)


@pytest.fixture(scope="session")
def doc_file(tmp_path_factory, sample_docx, soffice) -> bytes:
    """A legacy Word 97 .doc, saved by LibreOffice from the sample DOCX."""
    tmp = tmp_path_factory.mktemp("doc")
    source = tmp / "decision.docx"
    source.write_bytes(sample_docx)
    return convert_with_libreoffice(source, 'doc:MS Word 97', tmp, soffice=soffice, timeout=180).read_bytes()


scan = scanned  # a printed PDF as a 200-dpi scan with speckles and a tilt


@pytest.fixture(scope="session")
def scanned_pdf(pdf_from_docx) -> bytes:
    return scan(pdf_from_docx)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, SIGNER_ORG),
                      x509.NameAttribute(NameOID.COMMON_NAME, SIGNER_NAME)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    tmp = tmp_path_factory.mktemp("cert")
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture(scope="session")
def signed_pdf(pdf_from_docx, certificate) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    cert_path, key_path = certificate
    signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_from_docx))
    out = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="ChuKy1"), signer=signer)
    return out.getvalue()


def encrypt(pdf: bytes, *, user_password: str) -> bytes:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf)))
    writer.encrypt("owner-secret", user_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
