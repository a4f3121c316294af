"""Reading documents: bad input is one clear line naming the file (and line) and what to do."""

from __future__ import annotations

import pytest

from pipeline.corpus import list_documents, read_document
from pipeline.errors import InputError


def error_of(path) -> str:
    with pytest.raises(InputError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return message


def test_utf8_with_bom_reads_without_the_bom(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffKhojaly".encode("utf-8"))
    assert read_document(path).text == "Khojaly"


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"fine\nalso fine\nbad \xff byte\n")
    assert ":3:" in error_of(path) and "UTF-8" in error_of(path)


def test_utf16_is_refused_with_advice(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Khojaly".encode("utf-16"))
    assert "UTF-16" in error_of(path)


def test_binary_file_and_nul_bytes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"text\n\x00\x01\x02")
    assert "binary" in error_of(path)


def test_empty_and_blank_documents(tmp_path):
    for content in (b"", b"  \n\t\n"):
        path = tmp_path / "a.txt"
        path.write_bytes(content)
        assert "empty" in error_of(path)


def test_missing_path(tmp_path):
    assert "no such file" in error_of(tmp_path / "missing.txt")


def test_corpus_must_be_an_existing_directory_with_documents(tmp_path):
    for path, expected in ((tmp_path / "nope", "does not exist"), (tmp_path, "no *.txt")):
        with pytest.raises(InputError, match=expected.replace("*", r"\*")):
            list_documents(path)
    file = tmp_path / "a.txt"
    file.write_text("x")
    with pytest.raises(InputError, match="is a file"):
        list_documents(file)
