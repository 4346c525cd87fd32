"""Shared handling of flowing documents (DOCX, ODT, DOC): text of blocks, legacy runs."""

from __future__ import annotations

from typing import Iterable, Iterator

from . import legacy
from .base import Block, Paragraph, Run, Table, nfc


def iter_paragraphs(blocks: Iterable[Block]) -> Iterator[Paragraph]:
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from iter_paragraphs(cell.blocks)
        else:
            yield block


def blocks_text(blocks: Iterable[Block]) -> str:
    return nfc("\n".join(block.text for block in blocks))


def fix_legacy_runs(groups: Iterable[list[Block]]) -> legacy.Encoding | None:
    """Convert TCVN3/VNI runs to Unicode in place; return the encoding met, if any.

    A run is converted by its font (``.VnTime``/``.VnTimeH``/``VNI-Times``) when its text could
    be legacy bytes; runs in Unicode fonts whose whole document reads as legacy text (fonts lost in
    conversion) are converted by character statistics.
    """
    runs: list[Run] = [run for group in groups for para in iter_paragraphs(group) for run in para.runs]
    found: legacy.Encoding | None = None
    unresolved: list[Run] = []
    for run in runs:
        run.text = nfc(run.text)
        if not legacy.is_legacy_candidate(run.text):
            continue
        encoding, upper = legacy.encoding_of_font(run.font)
        if encoding:
            run.text = legacy.convert(run.text, encoding, upper=upper)
            found = found or encoding
        else:
            unresolved.append(run)
    if unresolved:
        guess = legacy.detect("".join(run.text for run in unresolved))
        if guess:
            for run in unresolved:
                run.text = legacy.convert(run.text, guess)
            found = found or guess
    return found
