"""The one lexical rule checked before polib parses a catalog: every string literal is closed.

polib accepts ``msgstr "broken`` (msgfmt refuses it), so :mod:`pipeline.catalogs.pofiles`
looks for the first line that starts a string but is not exactly one closed literal.  The rule,
stated line by line, is the oracle for the whole-text search that implements it.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.catalogs.pofiles import _unterminated_string, file_lines

# The rule as written per line: optional obsolete/previous marker, optional keyword, one literal.
STRING_LINE = re.compile(r'^(?:#[~|]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"\s*$')
HAS_STRING = re.compile(r'^(?:#[~|]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr|")')


def first_bad_line(text: str) -> int | None:
    for number, line in enumerate(file_lines(text), start=1):
        if HAS_STRING.match(line) and not STRING_LINE.match(line):
            return number
    return None


def test_well_formed_catalog_lines_pass():
    text = '#~ msgid "old"\nmsgctxt "menu"\nmsgid ""\n"two \\" parts"\nmsgstr[0] "x"  \n#| msgid "prev"\n# a "comment\n'
    assert _unterminated_string(text) is None


def test_the_first_unclosed_string_is_found_at_its_line_whatever_the_line_ends():
    assert _unterminated_string('msgid "a"\nmsgstr "broken\n') == 2
    assert _unterminated_string('msgid "a"\r\nmsgstr "ok"\r\n"tail \\"\r\n') == 3
    assert _unterminated_string('msgid "a"\rmsgstr "b" "c"\r') == 2
    assert _unterminated_string('msgid "a"\nmsgstr "ends with a backslash\\\n"') == 2


PIECES = [
    "msgid ",
    "msgstr ",
    "msgstr[1] ",
    "#~ ",
    "#| ",
    "# ",
    '"',
    '\\"',
    "\\",
    "text",
    " ",
    "\t",
    "\x0b",
    "\u2028",
    "\x85",
    "\n",
    "\r\n",
    "\r",
]


@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_the_whole_text_search_finds_the_line_the_rule_names(pieces):
    text = "".join(pieces)
    assert _unterminated_string(text) == first_bad_line(text)
