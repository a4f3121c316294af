"""pipeline.catalogs.po_wrap's data is libunistring 1.0's: compared here with the library itself.

GNU gettext 0.21 breaks PO lines with libunistring (``u8_possible_linebreaks``, ``uc_width``).
Our copy of its behaviour (pipeline/po_wrap_tables.py) was read back from the library; these
tests read it back again, for every code point, wherever the library can be loaded (it comes
with gettext on Linux).  Where it cannot, they are skipped with that reason; the layout itself
is still compared with msgcat in tests/catalogs/test_po_writer.py.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import unicodedata

import pytest

from pipeline.catalogs.po_wrap import (
    MANDATORY,
    POSSIBLE,
    PROHIBITED,
    char_width,
    opportunities,
    possible_breaks,
)


def libunistring():
    name = ctypes.util.find_library("unistring") or "libunistring.so.2"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        pytest.skip("libunistring (which GNU gettext links) cannot be loaded here, so it cannot be compared")
    library.uc_width.restype = ctypes.c_int
    return library


def library_breaks(library, text: str) -> list[int]:
    """The library's verdict per character: our POSSIBLE, MANDATORY or PROHIBITED."""
    data = text.encode("utf-8")
    out = ctypes.create_string_buffer(len(data))
    library.u8_possible_linebreaks(data, ctypes.c_size_t(len(data)), b"UTF-8", out)
    kinds, offset = [], 0
    for char in text:
        kinds.append({2: POSSIBLE, 3: MANDATORY}.get(out.raw[offset], PROHIBITED))
        offset += len(char.encode("utf-8"))
    return kinds


def assigned(first: int, last: int):
    return (
        chr(code) for code in range(first, last) if unicodedata.category(chr(code)) not in ("Cs", "Co", "Cn") and code not in (0x0A, 0x0D)
    )


def test_every_code_point_is_as_wide_as_libunistring_says():
    library = libunistring()
    wrong = [
        hex(code)
        for code in range(0x20, 0x110000)
        if not 0xD800 <= code < 0xE000 and max(library.uc_width(ctypes.c_uint32(code), b"UTF-8"), 0) != char_width(chr(code))
    ]
    assert wrong == []


PROBES = (
    "a{c}a",
    "a {c} a",
    "1{c}1",
    "{c}{c}",
    "({c}",
    "{c})",
    "{c}-",
    "-{c}",
    "{c} \u0301",
    "a{c}\u0301",
    "\u4e00{c}\u4e00",
    "{c}%",
    "$ {c}",
    "{c}\u2014",
    "\u200d{c}",
    "{c}\u3008",
)


@pytest.mark.parametrize("first, last", [(0x20, 0x3400), (0xA000, 0xD800), (0xF900, 0x10000), (0x10000, 0x20000)])
def test_every_code_point_breaks_where_libunistring_breaks_it(first, last):
    library = libunistring()
    wrong = []
    for char in assigned(first, last):
        for probe in PROBES:
            text = probe.replace("{c}", char)
            if possible_breaks(text) != library_breaks(library, text):
                wrong.append((hex(ord(char)), probe))
                break
    assert wrong == []


def test_the_fast_path_finds_the_same_opportunities_as_the_character_by_character_one():
    import random

    rng = random.Random(5)
    alphabet = [chr(code) for code in range(0x20, 0x3100) if not 0xD800 <= code < 0xE000]
    common = list("ab c.,-()1%$«»—")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet if rng.random() < 0.3 else common) for _ in range(rng.randint(0, 40)))
        assert opportunities(text) == [(i, kind) for i, kind in enumerate(possible_breaks(text)) if kind != PROHIBITED]


@pytest.mark.parametrize("seed", range(12))
def test_a_very_long_string_scanned_a_window_at_a_time_breaks_as_when_scanned_whole(seed, monkeypatch):
    import random

    from pipeline.catalogs import po_wrap

    rng = random.Random(seed)
    alphabet = list('ab c.,-()1%$«»—"\\') * 5 + rng.choice([[], list("漢\u0301"), list("\u2028 "), list("漢\u0301\u2028  \u200b")])
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1_000, 60_000)))
    whole = po_wrap._wrapped.__wrapped__("", "msgid", text, True)
    monkeypatch.setattr(po_wrap, "_LONG", 500)
    monkeypatch.setattr(po_wrap, "_WINDOW", rng.choice([64, 100, 1000, 4096]))
    assert po_wrap.wrap_string("", "msgid", text) == list(whole)


def test_within_one_document_each_string_is_wrapped_once_however_many_strings_it_has(monkeypatch):
    from functools import lru_cache

    from pipeline.catalogs import po_wrap

    computed: list[str] = []
    compute = po_wrap._wrapped.__wrapped__

    def counted(prefix: str, keyword: str, value: str, wrap: bool) -> tuple[str, ...]:
        computed.append(value)
        return compute(prefix, keyword, value, wrap)

    # A memory of two strings, and a document of three, written in three files in the same order.
    monkeypatch.setattr(po_wrap, "_wrapped", lru_cache(maxsize=2)(counted))
    strings = ["one " * 30, "two " * 30, "three " * 30]
    files = [[po_wrap.wrap_string("", "msgid", value) for value in strings] for _ in range(3)]
    assert len(computed) == 9  # least recently used first: each forgotten just before it came again
    computed.clear()
    with po_wrap.one_document():
        assert [[po_wrap.wrap_string("", "msgid", value) for value in strings] for _ in range(3)] == files
    assert computed == strings
    po_wrap.wrap_string("", "msgid", strings[0])
    assert computed == [*strings, strings[0]]  # forgotten once the document is done
