"""A bare Flask route, the baseline of ``bench/web_load.sh``: it answers with a page of the same
size as the library's search page, with nothing behind it (no database, no template)."""

from __future__ import annotations

import os

from flask import Flask, Response

app = Flask(__name__)
_PAGE = ("<!doctype html><html lang=\"vi\"><body>" + "x" * int(os.environ.get("BARE_PAGE_BYTES", "20000"))
         + "</body></html>").encode()


@app.get("/van-ban")
def page() -> Response:
    return Response(_PAGE, content_type="text/html; charset=utf-8")
