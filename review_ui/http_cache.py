"""Conditional GET for what the library serves: a strong ETag from the body, Last-Modified from
when the content last changed, and 304 Not Modified when the client already has it."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from flask import Response, request


def etag_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def cached(body: str | bytes, modified: datetime | None, mimetype: str, *, max_age: int = 60,
           etag: str | None = None) -> Response:
    data = body.encode() if isinstance(body, str) else body
    response = Response(data, content_type=mimetype)
    response.set_etag(etag or etag_of(data))
    if modified is not None:
        response.last_modified = modified if modified.tzinfo else modified.replace(tzinfo=timezone.utc)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    response.vary.add("Accept-Encoding")
    return response.make_conditional(request)
