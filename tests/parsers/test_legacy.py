"""Điều 5.2: text in TCVN3 or VNI becomes Unicode (TCVN 6909:2001), letter for letter."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers import legacy

LOWER = [c for c in legacy.DIACRITIC_LETTERS if c.islower()]
UPPER = [c for c in legacy.DIACRITIC_LETTERS if c.isupper()]


def test_there_are_134_vietnamese_letters_with_diacritics():
    assert len(legacy.DIACRITIC_LETTERS) == 134
    assert len(LOWER) == len(UPPER) == 67


@pytest.mark.parametrize("letter", legacy.DIACRITIC_LETTERS)
def test_every_letter_round_trips_through_vni(letter):
    assert legacy.decode_vni(legacy.encode_vni(letter)) == letter


@pytest.mark.parametrize("letter", LOWER)
def test_every_lower_case_letter_round_trips_through_tcvn3(letter):
    assert legacy.decode_tcvn3(legacy.encode_tcvn3(letter)) == letter


@pytest.mark.parametrize("letter", UPPER)
def test_every_capital_round_trips_through_tcvn3_in_an_upper_case_font(letter):
    # TCVN3 has no toned capitals: they are the lower-case bytes drawn by a .VnTimeH font.
    assert legacy.decode_tcvn3(legacy.encode_tcvn3(letter), upper=True) == letter


@pytest.mark.parametrize("legacy_text, unicode_text", [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("QuyÕt ®Þnh", "Quyết định"),
    ("§iÒu 1. Ph¹m vi ®iÒu chØnh", "Điều 1. Phạm vi điều chỉnh"),
    ("M\u00adêng Kh\u00ad¬ng", "Mường Khương"),  # ư is the soft hyphen byte: must survive
])
def test_tcvn3_reference_phrases(legacy_text, unicode_text):
    assert legacy.detect(legacy_text) == "TCVN3"
    assert legacy.decode_tcvn3(legacy_text) == unicode_text


@pytest.mark.parametrize("legacy_text, unicode_text", [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Quyeát ñònh", "Quyết định"),
    ("Möôøng Khöông", "Mường Khương"),
])
def test_vni_reference_phrases(legacy_text, unicode_text):
    assert legacy.detect(legacy_text) == "VNI"
    assert legacy.decode_vni(legacy_text) == unicode_text


@pytest.mark.parametrize("text", [
    "Quyết định số 166/QĐ-SXD",  # already Unicode
    "Café crème brûlée à la française, déjà vu",  # French, not VNI
    "Señor Müller año",
    "plain ASCII text",
])
def test_unicode_and_foreign_text_is_left_alone(text):
    assert legacy.detect(text) is None


@pytest.mark.parametrize("font, expected", [
    (".VnTime", ("TCVN3", False)), (".VnTimeH", ("TCVN3", True)), (".VnArialH", ("TCVN3", True)),
    ("ABCDEF+.VnTime-Bold", ("TCVN3", False)), ("VNI-Times", ("VNI", False)), ("VNI-Helve", ("VNI", False)),
    ("Times New Roman", (None, False)), (None, (None, False)),
])
def test_fonts_name_their_encoding(font, expected):
    assert legacy.encoding_of_font(font) == expected


vietnamese_words = st.lists(
    st.text(alphabet=st.sampled_from(list(legacy.VIETNAMESE_LETTERS) + list("bcdghklmnpqrstvx")),
            min_size=1, max_size=7),
    min_size=1, max_size=12,
).map(" ".join)


@given(vietnamese_words)
def test_any_lower_case_text_round_trips_through_both_encodings(text):
    assert legacy.decode_vni(legacy.encode_vni(text)) == text
    assert legacy.decode_tcvn3(legacy.encode_tcvn3(text)) == text


@given(vietnamese_words)
def test_any_text_round_trips_through_vni_in_capitals(text):
    upper = unicodedata.normalize("NFC", text.upper())
    assert legacy.decode_vni(legacy.encode_vni(upper)) == upper
