"""Plural rules are compared by what they mean, never by how they are written.

Every rule here is stated as text, as a catalog or a Babel release writes it; none is read
from the installed Babel, so these tests say the same thing under Babel 2.18 and 2.19.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import InputError
from pipeline.catalogs.plurals import (
    SAMPLE,
    babel_rule,
    cldr_plural_forms,
    consistency_problems,
    first_difference,
    forms_problem,
    parse_plural_forms,
    same_rule,
    shipped_rule,
)

# Russian as GNU gettext's manual writes it (and Babel up to 2.18).
RU_GNU = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
# Russian as Babel 2.19 derives it from CLDR: no outer parentheses, spaces, 12–14 instead of 10–19.
RU_BABEL_219 = "nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2;"
# The same rule once more, written as CLDR states it ("not 12..14"), with a negation.
RU_CLDR = "nplurals=3; plural=((n%10==1) && (n%100!=11)) ? 0 : ((n%10>=2 && n%10<=4) && !(n%100>=12 && n%100<=14)) ? 1 : 2;"
# Turkish: one form in Babel 2.17/2.18, two (like English) in Babel 2.19.
TR_BABEL_217 = "nplurals=1; plural=0;"
TR_BABEL_219 = "nplurals=2; plural=(n != 1);"
ENGLISH = "nplurals=2; plural=(n != 1);"
FRENCH_GNU = "nplurals=2; plural=(n > 1);"
POLISH = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
CZECH = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
ARABIC = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
# CLDR's French has a form for exact millions: it differs from the same rule without it only above 10 000.
FRENCH_CLDR = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
FRENCH_CLDR_WITHOUT_MILLIONS = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : 2;"

REAL_RULES = [
    RU_GNU,
    RU_BABEL_219,
    RU_CLDR,
    TR_BABEL_217,
    TR_BABEL_219,
    ENGLISH,
    "nplurals=2; plural=n != 1",
    FRENCH_GNU,
    POLISH,
    CZECH,
    ARABIC,
    FRENCH_CLDR,
    FRENCH_CLDR_WITHOUT_MILLIONS,
]


def rule(header: str):
    return parse_plural_forms(header)


def russian(n: int) -> int:
    """The Russian rule in plain Python, as the CLDR states it: one, few, many."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return 1
    return 2


# --- reading a header ----------------------------------------------------------------------------


def test_a_header_gives_its_number_of_forms_its_expression_and_a_function():
    parsed = rule(ENGLISH)
    assert parsed.nplurals == 2
    assert parsed.expression == "(n != 1)"
    assert [parsed.form(n) for n in (0, 1, 2, 21)] == [1, 0, 1, 1]
    assert parsed.header == ENGLISH


@pytest.mark.parametrize(
    "header",
    [
        "nplurals=2; plural=(n != 1);",
        "nplurals=2; plural=(n != 1)",  # no final ;
        "  nplurals = 2 ;plural = ( n != 1 )  ",  # spaces anywhere
        "nplurals=2; plural=((n!=1));",  # parentheses
        "plural=n != 1; nplurals=2;",  # the other order
    ],
)
def test_spaces_a_missing_final_semicolon_and_parentheses_are_accepted(header):
    parsed = rule(header)
    assert parsed.nplurals == 2 and same_rule(parsed, rule(ENGLISH))


@pytest.mark.parametrize(
    "header, why",
    [
        ("", "'nplurals=' is missing"),
        ("nplurals=2", "'plural=' is missing"),
        ("plural=(n != 1);", "'nplurals=' is missing"),
        ("nplurals=two; plural=(n != 1);", "whole number"),
        ("nplurals=0; plural=0;", "whole number"),
        ("nplurals=1000000000000000000000; plural=0;", "from 1 to 100"),
        ("nplurals=2; plural=(n != 1); nplurals=3;", "given twice"),
        ("nplural=2; plural=(n != 1);", "'nplural=2' is not"),
        ("nplurals=2; plural=(m != 1);", "invalid token"),
        ("nplurals=2; plural=(n != 1;", "parenthesis"),
        ("nplurals=2; plural=n = 1;", "invalid token"),
        ("nplurals=2; plural=n != 1 0;", "unexpected token"),  # "1 0" is two numbers, never 10
        ("nplurals=2; plural=n % 0;", "divides by zero"),
        ("nplurals=2; plural=__import__('os').system('true');", "invalid token"),  # only C tokens are evaluated
    ],
)
def test_a_header_that_does_not_parse_is_bad_input_with_a_hint(header, why):
    with pytest.raises(InputError) as error:
        parse_plural_forms(header, "ru.po")
    message = str(error.value)
    assert message.startswith("ru.po: Plural-Forms '") and "is not valid" in message and why in message
    assert message.endswith("write e.g. 'nplurals=2; plural=(n != 1);'") and "\n" not in message


# --- the same rule, whatever the wording -----------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("nplurals=2; plural=(n != 1);", "nplurals=2; plural=n != 1;"),
        ("nplurals=2; plural=(n != 1);", "nplurals=2; plural=n!=1"),
        ("nplurals=2; plural=(n != 1);", "nplurals=2; plural=n==1 ? 0 : 1;"),
        (RU_GNU, RU_BABEL_219),
        (RU_GNU, RU_CLDR),
        (RU_BABEL_219, RU_CLDR),
    ],
)
def test_the_same_rule_written_differently_is_the_same_rule(a, b):
    assert same_rule(rule(a), rule(b)) and same_rule(rule(b), rule(a))
    assert first_difference(rule(a), rule(b)) is None


def test_the_three_russian_wordings_really_are_the_russian_rule():
    wordings = [rule(RU_GNU), rule(RU_BABEL_219), rule(RU_CLDR)]
    for n in list(range(10_001)) + [100_000, 1_000_001, 1_000_012, 1_000_022]:
        assert [w.form(n) for w in wordings] == [russian(n)] * 3, n


@pytest.mark.parametrize(
    "a, b, differ_at",
    [
        (TR_BABEL_217, TR_BABEL_219, None),  # one form against two: nplurals differ
        ("nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n != 1);", 0),  # French zero vs English zero
        ("nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);", RU_GNU, 3),
        (POLISH, RU_GNU, 21),
        (FRENCH_CLDR, FRENCH_CLDR_WITHOUT_MILLIONS, 1_000_000),  # found above 10 000 too
    ],
)
def test_different_rules_are_different(a, b, differ_at):
    assert not same_rule(rule(a), rule(b)) and not same_rule(rule(b), rule(a))
    if differ_at is not None:
        assert first_difference(rule(a), rule(b)) == differ_at


def test_a_rule_is_evaluated_once_for_every_wording_of_it():
    assert rule("nplurals=2; plural=(n != 1);").form is rule("nplurals=2; plural= n!=1").form


def test_the_numbers_tried_are_0_to_10000_and_some_large_ones():
    assert set(range(10_001)) <= set(SAMPLE)
    assert {100_000, 1_000_000, 1_000_001} <= set(SAMPLE)


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=0, max_value=10_000), a=st.sampled_from(REAL_RULES), b=st.sampled_from(REAL_RULES))
def test_same_rule_agrees_with_evaluating_both_expressions(n, a, b):
    first, second = rule(a), rule(b)
    if same_rule(first, second):
        assert first.nplurals == second.nplurals and first.form(n) == second.form(n)
    if first.form(n) != second.form(n) or first.nplurals != second.nplurals:
        assert not same_rule(first, second)


# --- a rule that cannot work -----------------------------------------------------------------------


@pytest.mark.parametrize("header", REAL_RULES)
def test_real_rules_are_consistent(header):
    assert consistency_problems(rule(header)) == []


def test_a_form_at_or_above_nplurals_is_a_problem():
    (problem,) = consistency_problems(rule("nplurals=2; plural=(n>5 ? 2 : 0);"))
    assert problem == "plural=(n>5 ? 2 : 0) gives form 2 for n=6, but nplurals=2 allows only forms 0 to 1"


def test_a_negative_form_is_a_problem():
    problems = consistency_problems(rule("nplurals=2; plural=n-1;"))
    assert any("negative form -1 for n=0" in problem for problem in problems)


def test_russian_declared_with_two_forms_is_inconsistent():
    assert consistency_problems(rule(RU_GNU.replace("nplurals=3", "nplurals=2")))


def test_a_plural_entry_needs_exactly_msgstr_0_to_nplurals_minus_1():
    russian_rule = rule(RU_GNU)
    assert forms_problem(russian_rule, [0, 1, 2]) is None
    assert "has 2 form(s)" in forms_problem(russian_rule, [0, 1])
    assert "msgstr[3]" in forms_problem(russian_rule, [0, 1, 3])
    assert "needs msgstr[0] to msgstr[0]" in forms_problem(rule(TR_BABEL_217), [0, 1])


# --- Babel's rule: advice, compared by meaning -------------------------------------------------------


def test_babels_russian_is_the_russian_rule_whichever_release_words_it():
    assert same_rule(babel_rule("ru"), rule(RU_GNU))


def test_babels_turkish_is_one_of_the_two_rules_releases_have_given():
    turkish = babel_rule("tr")
    assert same_rule(turkish, rule(TR_BABEL_217)) or same_rule(turkish, rule(TR_BABEL_219))


def test_an_unknown_locale_has_no_babel_rule():
    with pytest.raises(InputError, match="unknown locale code 'xx'"):
        babel_rule("xx", "locales/xx")


def test_shipped_rule_is_the_catalogs_own_header_else_babels():
    own = shipped_rule(" nplurals=2; plural=(n != 1); ", "ru", "x.po")
    assert own.nplurals == 2 and own.expression == "(n != 1)"
    assert same_rule(shipped_rule("", "ru", "x.po"), babel_rule("ru"))
    assert same_rule(shipped_rule(None, "ru"), babel_rule("ru"))
    with pytest.raises(InputError, match="not valid"):
        shipped_rule("nplurals=two; plural=0;", "ru", "x.po")
    with pytest.raises(InputError, match="unknown locale code"):
        shipped_rule("", "xx_nowhere", "x.po")


def test_cldr_plural_forms_is_the_header_babel_rule_parses():
    from babel import Locale

    assert same_rule(parse_plural_forms(cldr_plural_forms(Locale.parse("ru"))), babel_rule("ru"))
