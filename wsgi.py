"""WSGI entry point: ``app`` for any WSGI server."""

from review_ui import create_app

app = create_app()
