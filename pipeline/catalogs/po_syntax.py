"""Lexical rules of PO files that msgfmt enforces and polib does not (read-only, on the raw text).

polib reads ``msgstr "b\\q"`` as the three characters ``b\\q`` and files ``msgstr[5]`` under
index 5 whatever came before it; GNU msgfmt refuses both ("invalid control sequence",
"plural form has wrong index").  :func:`syntax_problems` finds these in the text of a file
that polib has already parsed, so a catalog msgfmt would not compile is never checked as if
it were fine, nor shipped by ``l10n bundle``:

* a backslash in a string must start one of C's escapes as msgfmt reads them: ``\\n \\t \\b
  \\r \\f \\v \\a \\\\ \\"``, one to three octal digits, or ``\\x`` and hex digits (``\\'``,
  ``\\?`` and ``\\u`` are refused too);
* a plural entry (``msgid_plural``) has ``msgstr[0]``, ``msgstr[1]``, … in this order and no
  plain ``msgstr``; an entry without ``msgid_plural`` has no ``msgstr[N]``.

Obsolete (``#~``) and previous (``#|``) strings are read too, as msgfmt reads them.  Whether the
number of forms fits Plural-Forms is a different rule (:mod:`pipeline.catalogs.plurals`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Optional obsolete/previous marker, optional keyword (plural index captured), then the literal.
_STRING_LINE = re.compile(
    r"^(?P<marker>#~\|?|#\|)?\s*"
    r'(?P<keyword>msgctxt|msgid_plural|msgid|msgstr(?:\[\s*(?P<index>\d+)\s*\])?)?\s*"'
)
_LINE_END = re.compile(r"\r\n|\r|\n")
_VALID_ESCAPE = re.compile(r'[ntbrfva\\"]|[0-7]|x[0-9A-Fa-f]')


@dataclass(frozen=True)
class SyntaxProblem:
    """One place msgfmt refuses: 1-based line and column, what is wrong, what to do."""

    line: int
    column: int
    problem: str
    hint: str


def _escape_problems(line: str, number: int, start: int) -> list[SyntaxProblem]:
    """Invalid escapes in the string literal that opens at ``line[start]`` (a ``"``)."""
    problems: list[SyntaxProblem] = []
    index = start + 1
    # Jump from backslash to backslash (str.find) rather than walk every character: the
    # literal ends at the first quote no backslash escapes, or at the end of the line.
    quote = line.find('"', index)
    while True:
        backslash = line.find("\\", index)
        if backslash < 0 or 0 <= quote < backslash:
            return problems
        if not _VALID_ESCAPE.match(line, backslash + 1):
            sequence, letter = line[backslash : backslash + 2], line[backslash + 1 : backslash + 2]
            problems.append(
                SyntaxProblem(
                    number,
                    backslash + 1,
                    f"invalid escape sequence '{sequence}' (msgfmt: invalid control sequence)",
                    f"write '\\\\{letter}' for a backslash followed by '{letter}', or remove the backslash",
                )
            )
        index = backslash + 2  # the escaped character never closes the string
        if 0 <= quote < index:
            quote = line.find('"', index)


def _plural_problem(keyword: str, index: str | None, state: dict) -> str | None:
    """Track one entry's keywords; why this one breaks msgfmt's plural syntax (None: it does not)."""
    if keyword == "msgid":
        state.update(plural=False, forms=0)
    elif keyword == "msgid_plural":
        state["plural"] = True
    elif keyword == "msgstr" and index is None and state["plural"]:
        return "a plural entry (msgid_plural) has a plain msgstr; write msgstr[0], msgstr[1], …"
    elif index is not None:
        expected, state["forms"] = state["forms"], state["forms"] + 1
        if not state["plural"]:
            return f"msgstr[{index}] in an entry without msgid_plural"
        if int(index) != expected:
            return f"plural form msgstr[{index}] where msgstr[{expected}] is expected (msgfmt: plural form has wrong index)"
    return None


def syntax_problems(text: str) -> list[SyntaxProblem]:
    """Every invalid escape and out-of-order or misplaced plural form in a PO file's text, in file order."""
    problems: list[SyntaxProblem] = []
    state = {"plural": False, "forms": 0}
    # Lines end at LF, CRLF or CR only, as msgfmt reads them (str.splitlines also breaks at
    # U+2028 and other separators a msgstr may hold, which would shift every line after it).
    for number, line in enumerate(_LINE_END.split(text), start=1):
        match = _STRING_LINE.match(line)
        if not match:
            continue
        problems.extend(_escape_problems(line, number, match.end() - 1))
        keyword = match.group("keyword")
        if keyword and match.group("marker") not in ("#|", "#~|"):  # previous strings have no msgstr
            problem = _plural_problem(keyword.split("[")[0], match.group("index"), state)
            if problem:
                problems.append(SyntaxProblem(number, 1, problem, "number the forms msgstr[0] to msgstr[nplurals-1], in order"))
    return problems
