"""Readers: bytes of one file in, a :class:`parsers.base.Parsed` result out.

Use :func:`parsers.reading.read` with a :class:`parsers.registry.ParserRegistry` (usually
``default_registry()``) and a :class:`parsers.base.ParserContext` built from the settings.
"""
