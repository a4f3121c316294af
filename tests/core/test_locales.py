"""Locale codes Babel knows (pipeline.core.locales), asked of Babel's data files where that is the same answer."""

from __future__ import annotations

import subprocess
import sys

import pytest
from babel import Locale, UnknownLocaleError

from pipeline.core.locales import _ask_babel_name, has_babel_data


@pytest.mark.parametrize(
    "code", ["az", "ru", "tr", "pt_BR", "en_US", "fil", "xx", "qq_ZZ", "zh_Hant", "AZ", "az_latn", "en_150", "no", "iw"]
)
def test_a_plain_code_with_a_babel_data_file_is_known_and_named_as_babel_names_it(code):
    try:
        expected = str(Locale.parse(code))
    except (UnknownLocaleError, ValueError):
        expected = ""
    assert _ask_babel_name(code) == expected
    if has_babel_data(code):
        assert expected == code


def test_a_plain_code_is_answered_without_importing_babel():
    probe = "import sys; from pipeline.core.locales import has_babel_data; print(has_babel_data('az'), has_babel_data('xx'), 'babel' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.split() == ["True", "False", "False"]
