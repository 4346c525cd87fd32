"""The library's JSON API (``/api/v1``): the same search, filters and documents as the pages, for
other portals and programs; described by ``/api/openapi.json``. Read-only, open to every origin
(CORS), with ETag and Last-Modified so a client that has a response gets 304."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, request, url_for

from editorial.errors import NotFound
from library import documents
from library.index import aware, touched_at
from library.models import LibraryEntry
from library.search import SearchResult, search

from .db import get_session
from .http_cache import cached
from .openapi import DESCRIPTION
from .search_args import FACET_ARGS, BadSearch, search_request

bp = Blueprint("api", __name__, url_prefix="/api")


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")), status=status,
                    content_type="application/json; charset=utf-8")


def _error(status: int, message: str) -> Response:
    return _json({"error": {"status": status, "message": message}}, status)


@bp.after_request
def cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


@bp.errorhandler(NotFound)
def not_found(error: NotFound) -> Response:
    return _error(404, error.message)


@bp.errorhandler(BadSearch)
def bad_search(error: BadSearch) -> Response:
    return _error(400, error.message)


@bp.errorhandler(404)
def no_route(_error: Exception) -> Response:
    return _error(404, "Không có địa chỉ này trong API văn bản.")


@bp.errorhandler(405)
def no_method(_error: Exception) -> Response:
    return _error(405, "API văn bản chỉ cho phép đọc (GET).")


@bp.get("/openapi.json", endpoint="openapi")
def openapi() -> Response:
    return cached(json.dumps(DESCRIPTION, ensure_ascii=False), None, "application/json; charset=utf-8", max_age=3600)


def summary(entry: LibraryEntry) -> dict[str, Any]:
    return {
        "id": entry.document_id, "number": entry.number, "type": entry.doc_type, "issuer": entry.issuer,
        "signer": entry.signer, "issued_on": entry.issued_on.isoformat() if entry.issued_on else None,
        "effective_on": entry.effective_on.isoformat() if entry.effective_on else None,
        "ended_on": entry.ended_on.isoformat() if entry.ended_on else None, "category": entry.category,
        "subject": entry.subject, "url": url_for("library.document", document_id=entry.document_id, slug=entry.slug,
                                                 _external=True),
        "api_url": url_for("api.document", document_id=entry.document_id, _external=True),
        "published_at": aware(entry.published_at).isoformat(),
    }


def _listing(result: SearchResult) -> dict[str, Any]:
    facets = {FACET_ARGS[key]: [{"value": v.value.value if key == "effectivity" else v.value, "count": v.count}
                                for v in values] for key, values in result.facets.items()}
    return {"total": result.total, "total_exact": result.exact, "page": result.request.page, "per_page": result.request.per_page,
            "pages": result.pages, "as_of": result.request.as_of.isoformat(),
            "items": [{**summary(h.entry), "effectivity": h.status.value} for h in result.hits], "facets": facets}


@bp.get("/v1/documents", endpoint="documents")
def list_documents() -> Response:
    wanted = search_request(request.args, per_page_allowed=True)
    result = search(get_session(), wanted)
    modified = max((touched_at(h.entry) for h in result.hits), default=None)
    return cached(json.dumps(_listing(result), ensure_ascii=False), modified, "application/json; charset=utf-8")


@bp.get("/v1/documents/<int:document_id>", endpoint="document")
def one_document(document_id: int) -> Response:
    from .search_args import as_of_date

    as_of = as_of_date(request.args.get("ngay"))
    shown = documents.get(get_session(), document_id)
    e, values = shown.entry, shown.values
    data = {**summary(e), "effectivity": shown.status(as_of).value, "as_of": as_of.isoformat(),
            "parent_issuer": values.get("parent_issuer"), "place": values.get("place"),
            "signer_title": values.get("signer_title"), "signer_authority": values.get("signer_authority"),
            "source": shown.revision.source_note,
            "files": [{"name": f.name, "role": f.role, "sha256": f.sha256,
                       "url": url_for("library.file", document_id=e.document_id, sha256=f.sha256, name=f.name,
                                      _external=True)} for f in shown.files],
            "text_url": url_for("library.text", document_id=e.document_id, _external=True) if shown.has_text else None,
            "signatures": [{"signer": s.signer, "organisation": s.organisation, "signed_at": s.signed_at,
                            "valid": s.valid, "verdict": s.verdict} for s in shown.signatures],
            "corrections": [{"revision": c.revision, "note": c.note, "published_at": aware(c.published_at).isoformat()}
                            for c in shown.corrections],
            "related": [{"relation": r.kind, "inverse": r.inverse, "label": r.label, "named": r.named,
                         "id": r.entry.document_id if r.entry else None} for r in shown.related]}
    return cached(json.dumps(data, ensure_ascii=False), touched_at(e), "application/json; charset=utf-8")
