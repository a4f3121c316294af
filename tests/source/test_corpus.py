"""Reading documents: bad input is one clear line naming the file (and line) and what to do."""

from __future__ import annotations

import re
import os

import pytest

from pipeline.source.corpus import list_documents, read_corpus, read_document
from pipeline.core.errors import InputError


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
    for path, expected in (
        (tmp_path / "nope", "does not exist"),
        (tmp_path, "no documents (*.docx, *.htm, *.html, *.markdown, *.md, *.txt)"),
    ):
        with pytest.raises(InputError, match=re.escape(expected)):
            list_documents(path)
    file = tmp_path / "a.txt"
    file.write_text("x")
    with pytest.raises(InputError, match="is a file"):
        list_documents(file)


# -- limits, special files, links and names (the CLI side is in tests/system/test_limits.py) -------------


def config(tmp_path, **limits):
    from pipeline.core.config import Config

    return Config(root=tmp_path, corpus_dir=tmp_path, **limits)


def test_the_first_line_over_the_limit_is_found_whatever_the_line_ends():
    from pipeline.source.corpus import long_line

    assert long_line("abc\r\nabcdef\rab\nabcdefg", 5) == (2, 6)
    assert long_line("abc\nabcde\nabcdefg", 5) == (3, 7)  # the last line has no line end
    assert long_line("abcde\r\nabcde\r", 5) is None
    assert long_line("", 5) is None


def test_a_document_over_max_document_bytes_names_the_limit_and_the_key(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Khojaly " * 20, encoding="utf-8")  # 160 bytes
    with pytest.raises(InputError) as caught:
        read_document(path, config(tmp_path, max_document_bytes=100))
    message = str(caught.value)
    assert "160 bytes, over the limit of 100 bytes (max-document-bytes)" in message
    assert "raise max-document-bytes under [tool.l10n] in pyproject.toml" in message
    assert read_document(path, config(tmp_path, max_document_bytes=160)).text.startswith("Khojaly")


def test_the_default_limits_are_generous_and_come_from_the_configuration(tmp_path):
    from pipeline.core.config import Config

    assert Config(root=tmp_path).max_document_bytes == 64 * 1024 * 1024
    assert Config(root=tmp_path).max_line_chars == 1024 * 1024
    assert Config(root=tmp_path).follow_symlinks is False
    for bad in ({"max_line_chars": 0}, {"max_document_bytes": True}, {"max_line_chars": "1"}, {"follow_symlinks": "yes"}):
        with pytest.raises(InputError):
            Config(root=tmp_path, **bad)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_listed_then_refused_without_being_opened(tmp_path):
    (tmp_path / "a.txt").write_text("Khojaly", encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    (tmp_path / "c.txt").mkdir()  # a folder named like a document is not one
    assert [p.name for p in list_documents(tmp_path)] == ["a.txt", "b.txt"]
    with pytest.raises(InputError, match=r"b\.txt: a FIFO \(named pipe\), not a regular file"):
        read_corpus(tmp_path, config(tmp_path))  # a blocking open would hang here


def test_a_link_out_of_the_folder_is_refused_unless_allowed(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside.txt"
    corpus.mkdir()
    outside.write_text("Khojaly", encoding="utf-8")
    (corpus / "inside.txt").write_text("Khojaly", encoding="utf-8")
    (corpus / "alias.txt").symlink_to("inside.txt")
    (corpus / "escape.txt").symlink_to(outside)
    with pytest.raises(InputError, match="escape.txt: a symbolic link leads to .*outside.txt, outside the folder"):
        read_corpus(corpus, config(tmp_path))
    (corpus / "escape.txt").unlink()
    assert [d.path.name for d in read_corpus(corpus, config(tmp_path))] == ["alias.txt", "inside.txt"]
    (corpus / "escape.txt").symlink_to(outside)
    assert len(read_corpus(corpus, config(tmp_path, follow_symlinks=True))) == 3


def test_a_broken_link_is_named_as_one(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(InputError, match="gone.txt: a broken symbolic link; fix or remove the link"):
        read_document(tmp_path / "gone.txt", config(tmp_path))


@pytest.mark.parametrize("name", ["2020-02-ombudsman.txt", "café_Ходжалы.txt", "a:b.txt", "v1.2_(final).txt"])
def test_names_that_references_can_carry(name):
    from pipeline.source.corpus import name_problem

    assert name_problem(name) is None


@pytest.mark.parametrize(
    "name, problem",
    [
        ("a\nb.txt", "control character (\\n)"),
        ("a\x7fb.txt", "control character"),
        ("a\u200bb.txt", "invisible format character (\\u200b)"),
        ("a\u2028b.txt", "line separator"),
        ("a\u3000b.txt", "white space"),
        ("a*b.txt", "'*'"),
        ("a\udce9.txt", "not UTF-8"),
    ],
)
def test_names_that_break_references_and_why(name, problem):
    from pipeline.source.corpus import name_problem, shown

    assert problem in name_problem(name)
    assert "\n" not in shown(name) and "\u2028" not in shown(name)
