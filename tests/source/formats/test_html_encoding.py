"""HTML files in the encodings people publish them in: UTF-8 by default, a legacy encoding when the
page declares it in its first 1024 bytes (as a browser reads it), written back in that same encoding."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core.errors import InputError
from pipeline.source.formats.html import FORMAT

RUSSIAN = "Омбудсмен Сабина Алиева выступила с заявлением в Баку."
TURKISH = "Ombudsman Sabina Aliyeva, Bakü'de bir açıklama yaptı ve ağır suçları kınadı."


def read(data: bytes, name: str = "page.html"):
    document = FORMAT.decode(Path(name), data)
    return document, FORMAT.segment(document, frozenset())


def written(data: bytes, shipped: dict[str, str] | None = None, locale: str = "az") -> bytes:
    document, segmentation = read(data)
    texts = [(shipped or {}).get(unit.text, unit.text) for unit in segmentation.units]
    return FORMAT.render(document, texts, locale)


def page(head: str, body: str, title: str = "Заявление") -> str:
    return f"<!DOCTYPE html>\n<html>\n<head>\n{head}\n<title>{title}</title>\n</head>\n<body>\n<p>{body}</p>\n</body>\n</html>\n"


def test_a_page_declaring_windows_1251_is_read_in_it_and_written_back_byte_for_byte():
    data = page('<meta charset="windows-1251">', RUSSIAN).encode("cp1251")
    document, segmentation = read(data)
    assert [unit.text for unit in segmentation.units] == ["Заявление", RUSSIAN]
    assert written(data) == data.replace(b"<html>", b'<html lang="az" dir="ltr">')


def test_a_translation_with_characters_the_encoding_lacks_gets_numeric_character_references():
    data = page('<meta charset="windows-1251">', RUSSIAN).encode("cp1251")
    out = written(data, {RUSSIAN: "Ombudsman Səbinə Əliyeva Bakıda bəyanat verdi."})
    assert b"<p>Ombudsman S&#601;bin&#601; &#399;liyeva Bak&#305;da b&#601;yanat verdi.</p>" in out
    assert "Заявление".encode("cp1251") in out  # the rest is still windows-1251


def test_the_http_equiv_content_type_declaration_counts_too():
    data = page('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', RUSSIAN).encode("koi8-r")
    assert [unit.text for unit in read(data)[1].units] == ["Заявление", RUSSIAN]
    assert written(data, locale="ru") == data.replace(b"<html>", b'<html lang="ru" dir="ltr">')


def test_labels_are_read_as_browsers_read_them_iso_8859_9_is_windows_1254():
    # 0x80 is the euro sign in windows-1254 (a control character in ISO 8859-9 itself).
    data = page("<meta charset=ISO-8859-9>", TURKISH + " 5 €", "Açıklama").encode("cp1254")
    assert read(data)[1].units[1].text == TURKISH + " 5 €"
    assert written(data, locale="tr") == data.replace(b"<html>", b'<html lang="tr" dir="ltr">')


def test_a_utf8_bom_is_removed_and_a_declaration_past_the_first_1024_bytes_is_not_read():
    late = "<!-- " + "x" * 1100 + " -->\n" + page('<meta charset="windows-1251">', RUSSIAN)
    document, segmentation = read(b"\xef\xbb\xbf" + late.encode("utf-8"))
    assert not document.text.startswith("\ufeff")
    assert segmentation.units[-1].text == RUSSIAN
    assert written(b"\xef\xbb\xbf" + late.encode("utf-8")) == late.replace("<html>", '<html lang="az" dir="ltr">').encode("utf-8")


def test_a_page_declaring_utf_16_is_read_as_utf_8_as_html5_says():
    data = page('<meta charset="utf-16">', RUSSIAN).encode("utf-8")
    assert read(data)[1].units[1].text == RUSSIAN


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            page('<meta charset="klingon-8">', "x").encode(),
            "page.html:4: unknown or unusable character encoding 'klingon-8' declared by <meta>; declare a known encoding",
        ),
        (page('<meta charset="utf-7">', "x").encode(), "page.html:4: unknown or unusable character encoding 'utf-7'"),
        (
            page("", "caf\xe9", "Caf\xe9").encode("latin-1"),
            "page.html:5: byte 0xe9 does not decode as UTF-8 (no <meta charset> declares another encoding); declare",
        ),
        (
            page('<meta charset="latin1">', "x\x81", "Statement").encode("latin-1"),
            "page.html:8: byte 0x81 does not decode as cp1252, as the page declares",
        ),
        (
            b"\xef\xbb\xbf" + page('<meta charset="windows-1251">', "x").encode(),
            "page.html:1: the page is read as utf-8 but its <meta charset> says 'windows-1251'",
        ),
        ("<p>x</p>".encode("utf-16"), "page.html:1: the file is UTF-16, which the pipeline does not read; re-save it as UTF-8"),
    ],
)
def test_bad_encodings_are_one_line_errors_at_their_line(data, message):
    with pytest.raises(InputError) as error:
        read(data)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_through_the_cli_a_bad_page_is_exit_2_and_one_line(tmp_path):
    bad = tmp_path / "statement.html"
    bad.write_bytes(page('<meta charset="klingon-8">', RUSSIAN).encode("utf-8"))
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "segment", str(bad)], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"{bad}:4: unknown or unusable character encoding 'klingon-8'" in result.stderr
