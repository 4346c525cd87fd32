"""The public legal-document library (``/van-ban``): search and list, a document's page, its
downloads, the Atom feed and the sitemap. No sign-in, no JavaScript; nothing that is not in the
library (``library.index``) is reachable by any URL here."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

from flask import Blueprint, Response, abort, redirect, render_template, request, send_file, url_for
from sqlalchemy import func, select

from library import documents
from library.effectivity import LABELS as STATUS_LABELS
from library.index import aware, generation, touched_at
from library.models import LibraryEntry
from library.search import FACET_LABELS, SORT_LABELS, search

from .db import get_engine, get_search_pages, get_session, get_store
from .http_cache import cached, etag_of
from .page_cache import KeptPage
from .search_args import FACET_ARGS, BadSearch, as_of_date, query_args, search_request

bp = Blueprint("library", __name__)
FEED_SIZE = 50
SITEMAP_SIZE = 50_000


def permalink(entry: LibraryEntry, **args: object) -> str:
    return url_for("library.document", document_id=entry.document_id, slug=entry.slug, **args)


@bp.app_template_global()
def library_link(entry: LibraryEntry) -> str:
    return permalink(entry)


@bp.app_template_filter("instant")
def instant(value: datetime) -> str:
    """RFC 3339, for feeds and machine-read tags."""
    return aware(value).isoformat(timespec="seconds")


@bp.app_template_filter("day")
def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


@bp.get("/van-ban", endpoint="index")
def index_page():
    try:
        wanted = search_request(request.args)
    except BadSearch as bad:
        return render_template("library/error.html", status=400, title="Yêu cầu tìm kiếm không hợp lệ",
                               message=bad.message), 400
    kept = get_search_pages()
    with get_engine().connect() as connection:
        at = generation(connection)
    key = (request.scheme, request.host, wanted)
    page = kept.get(at, key)
    if page is None:
        result = search(get_session(), wanted)
        body = render_template("library/list.html", result=result, wanted=wanted, query_args=query_args,
                               facet_labels=FACET_LABELS, facet_args=FACET_ARGS, sort_labels=SORT_LABELS,
                               status_labels=STATUS_LABELS).encode()
        page = KeptPage(body, etag_of(body))
        kept.put(at, key, page)
    return cached(page.body, None, "text/html; charset=utf-8", max_age=0, etag=page.etag)


@bp.get("/van-ban/<int:document_id>", endpoint="short")
@bp.get("/van-ban/<int:document_id>-<slug>", endpoint="document")
def document_page(document_id: int, slug: str | None = None):
    session = get_session()
    shown = documents.get(session, document_id)
    if slug != shown.entry.slug:  # the permalink outlives a corrected subject
        return redirect(permalink(shown.entry, **request.args), code=301)
    try:
        as_of = as_of_date(request.args.get("ngay"))
    except BadSearch as bad:
        return render_template("library/error.html", status=400, title="Ngày không hợp lệ", message=bad.message), 400
    body = render_template("library/document.html", doc=shown, entry=shown.entry, values=shown.values, as_of=as_of,
                           status=shown.status(as_of), status_labels=STATUS_LABELS,
                           json_ld=json.dumps(_json_ld(shown, as_of), ensure_ascii=False).replace("</", "<\\/"))
    return cached(body, touched_at(shown.entry), "text/html; charset=utf-8")


@bp.get("/van-ban/<int:document_id>/tep/<sha256>/<path:name>", endpoint="file")
def download(document_id: int, sha256: str, name: str):
    published = documents.file_of(get_session(), document_id, sha256)
    data = get_store().get(published.sha256)
    return send_file(io.BytesIO(data), as_attachment=True, download_name=published.name, max_age=86400,
                     etag=published.sha256, conditional=True)


@bp.get("/van-ban/<int:document_id>/noi-dung.txt", endpoint="text")
def text(document_id: int):
    body = documents.text_of(get_session(), document_id)
    entry = documents.entry_of(get_session(), document_id)
    response = cached(body, touched_at(entry), "text/plain; charset=utf-8")
    response.headers["Content-Disposition"] = f"inline; filename=van-ban-{document_id}.txt"
    return response


@bp.get("/van-ban/feed.atom", endpoint="feed")
def feed():
    session = get_session()
    entries = list(session.scalars(select(LibraryEntry).order_by(LibraryEntry.published_at.desc(),
                                                                 LibraryEntry.document_id.desc()).limit(FEED_SIZE)))
    updated = max((touched_at(e) for e in entries), default=None)
    body = render_template("library/feed.xml", entries=entries, updated=updated)
    return cached(body, updated, "application/atom+xml; charset=utf-8")


@bp.get("/sitemap.xml", endpoint="sitemap")
def sitemap():
    session = get_session()
    count = session.scalar(select(func.count()).select_from(LibraryEntry)) or 0
    if count > SITEMAP_SIZE:
        body = render_template("library/sitemap_index.xml", parts=range(1, (count - 1) // SITEMAP_SIZE + 2))
        return Response(body, mimetype="application/xml")
    return _sitemap_part(1)


@bp.get("/sitemap-<int:part>.xml", endpoint="sitemap_part")
def sitemap_part(part: int):
    return _sitemap_part(part)


def _sitemap_part(part: int):
    if part < 1:
        abort(404)
    entries = get_session().execute(select(LibraryEntry.document_id, LibraryEntry.slug, LibraryEntry.updated_at,
                                           LibraryEntry.published_at).order_by(LibraryEntry.sort_key.desc())
                                    .offset((part - 1) * SITEMAP_SIZE).limit(SITEMAP_SIZE)).all()
    if part > 1 and not entries:
        abort(404)
    return Response(render_template("library/sitemap.xml", entries=entries, include_index=part == 1),
                    mimetype="application/xml")


def _json_ld(shown: documents.PublicDocument, as_of: date) -> dict[str, object]:
    """schema.org Legislation: what search engines and other portals read of the page."""
    e, values = shown.entry, shown.values
    force = {"con-hieu-luc": "InForce", "het-hieu-luc": "NotInForce", "chua-co-hieu-luc": "NotInForce"}
    data: dict[str, object] = {
        "@context": "https://schema.org", "@type": "Legislation", "name": e.subject or e.number,
        "legislationIdentifier": e.number, "legislationType": e.doc_type, "inLanguage": "vi",
        "url": url_for("library.document", document_id=e.document_id, slug=e.slug, _external=True),
        "datePublished": e.published_at.date().isoformat(),
    }
    if e.issued_on:
        data["legislationDate"] = e.issued_on.isoformat()
    if e.effective_on:
        data["legislationDateVersion"] = e.effective_on.isoformat()
    if e.issuer:
        data["legislationPassedBy"] = {"@type": "GovernmentOrganization", "name": e.issuer}
    if values.get("signer_name"):
        data["legislationResponsible"] = {"@type": "Person", "name": values["signer_name"]}
    if (legal := force.get(shown.status(as_of).value)):
        data["legislationLegalForce"] = f"https://schema.org/{legal}"
    data["encoding"] = [{"@type": "MediaObject", "name": f.name,
                         "contentUrl": url_for("library.file", document_id=e.document_id, sha256=f.sha256,
                                               name=f.name, _external=True)} for f in shown.files]
    return {k: v for k, v in data.items() if v}
