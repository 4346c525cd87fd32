"""ODS and ODP attachments are read (sheets and cells, slides), not left as an empty ZIP."""

from __future__ import annotations

import io

from odf.draw import Frame, Page, TextBox
from odf.opendocument import OpenDocumentPresentation, OpenDocumentSpreadsheet
from odf.style import MasterPage, PageLayout
from odf.table import Table, TableCell, TableRow
from odf.text import P

from parsers.reading import read


def _saved(document) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def spreadsheet() -> bytes:
    book = OpenDocumentSpreadsheet()
    sheet = Table(name="Danh mục công trình")
    for values in (("STT", "Tên công trình", "Tổng mức đầu tư"), ("1", "Đường Đắk Hà – Ngọc Hồi", "12.500"), ()):
        row = TableRow()
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        sheet.addElement(row)
    empty = TableRow(numberrowsrepeated=1000000)  # a sheet's usual tail of empty rows
    empty.addElement(TableCell(numbercolumnsrepeated=16384))
    sheet.addElement(empty)
    book.spreadsheet.addElement(sheet)
    return _saved(book)


def presentation() -> bytes:
    deck = OpenDocumentPresentation()
    layout = PageLayout(name="trang")
    deck.automaticstyles.addElement(layout)
    master = MasterPage(name="chinh", pagelayoutname=layout)
    deck.masterstyles.addElement(master)
    for title, line in (("Hội nghị tập huấn", "Quy chế quản lý Trang TTĐT"), ("Nội dung", "Điều 5: định dạng mở")):
        slide = Page(masterpagename=master)
        for text in (title, line):
            frame = Frame(width="20cm", height="3cm", x="1cm", y="1cm")
            box = TextBox()
            box.addElement(P(text=text))
            frame.addElement(box)
            slide.addElement(frame)
        deck.presentation.addElement(slide)
    return _saved(deck)


def test_a_spreadsheet_is_read_sheet_by_sheet_and_row_by_row(ctx, registry):
    parsed = read(spreadsheet(), "danh-muc.ods", ctx, registry).parsed
    assert parsed.format == "ods" and parsed.open_format
    lines = parsed.text.splitlines()
    assert lines[:3] == ["Trang tính: Danh mục công trình", "STT\tTên công trình\tTổng mức đầu tư",
                         "1\tĐường Đắk Hà – Ngọc Hồi\t12.500"]
    assert len(lines) == 3, "empty rows, however many they say they are, are no text"


def test_a_presentation_is_read_slide_by_slide(ctx, registry):
    parsed = read(presentation(), "tap-huan.odp", ctx, registry).parsed
    assert parsed.format == "odp"
    assert parsed.text.splitlines() == ["Trang chiếu 1", "Hội nghị tập huấn", "Quy chế quản lý Trang TTĐT",
                                        "Trang chiếu 2", "Nội dung", "Điều 5: định dạng mở"]
