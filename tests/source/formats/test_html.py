"""The HTML format on small pages: what is a unit, what is not, and how a translation goes back in.

A block's text is a unit with its inline markup as numbered placeholders; code, scripts and a
page's furniture are not; the writer splices shipped texts into the original page, so an
untranslated page comes back byte for byte but for the root's lang and dir.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import InputError
from pipeline.core.model import HEADING, PARAGRAPH, TITLE
from pipeline.source.formats.html import FORMAT, language_tag, text_direction


def segmented(page: str):
    return FORMAT.segment(FORMAT.decode(Path("page.html"), page.encode("utf-8")), frozenset())


def units(page: str) -> list[str]:
    return [unit.text for unit in segmented(page).units]


def rendered(page: str, shipped: dict[str, str] | None = None, locale: str = "az") -> str:
    """The page written for ``locale`` with each unit whose text is a key of ``shipped`` replaced."""
    document = FORMAT.decode(Path("page.html"), page.encode("utf-8"))
    texts = [(shipped or {}).get(unit.text, unit.text) for unit in FORMAT.segment(document, frozenset()).units]
    return FORMAT.render(document, texts, locale).decode("utf-8")


SENTENCE = "The Ombudsman met the families of the victims in Baku on Monday."


# --- what is a unit ---------------------------------------------------------------------------


def test_inline_elements_become_placeholders_numbered_in_source_order():
    page = '<p>Read the <a href="/s" class="x">statement</a> of the <b>Ombudsman</b>.<br>It was <em>published</em> today.</p>'
    assert units(page) == ["Read the <a1>statement</a1> of the <b2>Ombudsman</b2>.<br3/>It was <em4>published</em4> today."]


def test_placeholder_names_are_short_and_other_inline_elements_are_x():
    page = (
        "<p>The <strong>30<sup>th</sup></strong> session, H<sub>2</sub>O, <span>span</span>, "
        '<i>i</i>, <u>underlined</u> and <abbr title="United Nations">UN</abbr> <img src="a.png" alt="">.</p>'
    )
    assert units(page)[0] == (
        "The <strong1>30<sup2>th</sup2></strong1> session, H<sub3>2</sub3>O, <span4>span</span4>, "
        "<i5>i</i5>, <x6>underlined</x6> and <x7>UN</x7> <img8/>."
    )


def test_an_inline_element_without_text_is_one_empty_placeholder_for_the_whole_element():
    page = f'<p><a href="/x"><img src="i.png" alt=""></a> {SENTENCE} <span class="icon"></span></p>'
    assert units(page) == [f"<a1/> {SENTENCE} <span2/>"]  # the image inside the link is part of <a1/>


def test_block_elements_each_give_a_unit_and_a_divs_own_text_outside_its_child_blocks_is_one():
    page = (
        "<div>The office opened in 2002 in the capital.\n<p>It receives complaints from every region.</p>"
        "It publishes a report every year.<ul><li>Complaints are free of charge.</li></ul></div>"
        "<table><caption>Complaints by year.</caption><tr><th>The year of the complaint.</th><td>The subject of it.</td></tr></table>"
        "<dl><dt>Ombudsman.</dt><dd>The Commissioner for Human Rights.</dd></dl>"
        "<blockquote>Rights are universal.</blockquote><figure><figcaption>The office in Baku.</figcaption></figure>"
    )
    assert units(page) == [
        "The office opened in 2002 in the capital.",
        "It receives complaints from every region.",
        "It publishes a report every year.",
        "Complaints are free of charge.",
        "Complaints by year.",
        "The year of the complaint.",
        "The subject of it.",
        "Ombudsman.",
        "The Commissioner for Human Rights.",
        "Rights are universal.",
        "The office in Baku.",
    ]


def test_the_title_alt_and_title_attributes_and_the_meta_description_are_units():
    page = (
        "<html><head><title>Annual report</title>"
        '<meta name="description" content="The report of the Ombudsman.">'
        '<meta property="og:title" content="Not a unit">'
        '<link rel="alternate" title="RSS feed" href="/feed"></head>'
        f'<body><p>{SENTENCE} <a href="/r" title="The full report">Read it</a>.</p>'
        '<img src="x.jpg" alt="The Ombudsman in Baku"></body></html>'
    )
    assert units(page) == [
        "Annual report",
        "The report of the Ombudsman.",
        f"{SENTENCE} <a1>Read it</a1>.",
        "The full report",
        "The Ombudsman in Baku",
    ]


def test_kinds_the_title_and_first_h1_are_titles_other_headings_headings_and_lines_are_where_the_text_starts():
    page = "<title>Report</title>\n<h1>Annual report</h1>\n<h2>Figures</h2>\n<p>\n  " + SENTENCE + "</p>\n<h1>Annex</h1>\n"
    assert [(unit.text, unit.kind, unit.line) for unit in segmented(page).units] == [
        ("Report", TITLE, 1),
        ("Annual report", TITLE, 2),
        ("Figures", HEADING, 3),
        (SENTENCE, PARAGRAPH, 5),
        ("Annex", HEADING, 6),
    ]


def test_entities_are_decoded_and_white_space_including_nbsp_collapsed():
    page = "<p>Human   rights &amp; freedoms:\n  the Ombudsman&#8217;s&nbsp;report &lt;2024&gt; &quot;in&quot; full.</p>"
    assert units(page) == ['Human rights & freedoms: the Ombudsman’s report <2024> "in" full.']


# --- what is not ------------------------------------------------------------------------------


def test_code_scripts_styles_comments_and_translate_no_are_not_units():
    page = (
        "<script>var note = 'Not a unit at all, really';</script><style>p::after{content:'Nor this one'}</style>"
        "<pre>Preformatted code is not translated.</pre><code>Code is not translated.</code>"
        "<template><p>A template is not shown.</p></template><noscript><p>Enable scripts to see more.</p></noscript>"
        "<!-- A comment is not translated either. -->"
        '<div translate="no"><p>The name of the law, kept as it is.</p></div>'
        '<p class="lead notranslate">A paragraph marked notranslate.</p>'
        f'<p>Run <code>l10n update</code> and <span translate="no">Heydar Aliyev</span> {SENTENCE}</p>'
    )
    assert units(page) == [f"Run <x1/> and <span2/> {SENTENCE}"]


def test_page_furniture_is_not_a_unit():
    page = (
        '<a class="skip-link" href="#main">Skip to the content of the page</a>'
        '<header><a href="/">News site</a><p>The latest news from the region every day.</p></header>'
        "<nav><p>Home, politics, economy and society news.</p></nav>"
        f"<article><header><h1>The headline of the article</h1></header><p>{SENTENCE}</p>"
        '<div class="share-buttons"><p>Share this article with your friends today.</p></div>'
        '<section id="comments"><h3>Leave a Reply</h3></section>'
        "<footer><p>Tags: the Ombudsman, human rights, Baku.</p></footer></article>"
        "<aside><p>The most read stories of the week in one place.</p></aside>"
        "<form><p>Subscribe to our newsletter for the latest news.</p></form>"
        '<div role="navigation"><p>Page two of the archive of the news.</p></div>'
        '<div class="related-posts"><p>Another story about the same subject.</p></div>'
        '<div id="cookie-notice"><p>We use cookies to improve the site.</p></div>'
        '<footer class="site-footer"><p>All rights reserved by the publisher.</p></footer>'
    )
    assert units(page) == ["The headline of the article", SENTENCE]


def test_the_plain_text_rules_drop_widgets_link_lists_and_a_credit_line_after_the_last_paragraph():
    page = (
        "<h1>The headline of the article</h1>"
        '<div class="meta">date 2025-02-25 <button>+</button> <button>&#8634;</button> <button>&minus;</button> 16 px</div>'
        f"<p>{SENTENCE}</p>"
        '<ul><li><a href="/1">First story</a></li><li><a href="/2">Second story</a></li></ul>'
        "<p>The second paragraph of the article ends here.</p>"
        "<h2>Contact</h2><table><tr><td>Press office</td></tr></table>"
        "<p><strong>News.Az</strong></p>"
    )
    assert units(page) == [
        "The headline of the article",
        SENTENCE,
        "The second paragraph of the article ends here.",
        "Contact",
        "Press office",
    ]
    reasons = {d.text: d.reason for d in segmented(page).decisions if d.action == "drop"}
    assert reasons["<strong1>News.Az</strong1>"].startswith("footer:")
    assert reasons["<a1>First story</a1>"].startswith("link list:")
    assert next(r for t, r in reasons.items() if "2025-02-25" in t).startswith("widget:")


def test_every_unit_and_every_block_left_out_has_a_decision_in_document_order():
    page = f"<nav>Home</nav>\n<p>{SENTENCE}</p>\n<script>x()</script>\n<!-- note -->\n<p>{SENTENCE[:-1]} again.</p>"
    decisions = segmented(page).decisions
    assert [(d.line, d.action) for d in decisions] == [(1, "drop"), (2, "unit"), (3, "drop"), (4, "drop"), (5, "unit")]
    assert [d.reason.split(":")[0] for d in decisions] == ["<nav>", "<p>", "<script>", "HTML comment", "<p>"]


# --- messy HTML -------------------------------------------------------------------------------


def test_messy_real_world_html_unclosed_p_and_li_uppercase_tags_unquoted_attributes():
    page = (
        "<P CLASS=lead>The office opened in 2002.\n<P>It receives complaints.\n"
        "<UL><LI>Complaints are free<LI>Answers come in <A HREF=/faq>a month</A>\n</UL>"
        "<TABLE><TR><TD>First cell<TD>Second cell<TR><TD>Third cell</TABLE>"
        "<dl><dt>Term<dd>Its definition</dl>"
        "<p>A <b>bold <i>and italic</b> phrase</i> ends.</p>"
        "<p>Text after a stray end tag</span>, still one unit.</div>"
        "<div>A line</br>broken by an end tag. A paragraph</p>ended by a stray end tag.</div>"
    )
    assert units(page) == [
        "The office opened in 2002.",
        "It receives complaints.",
        "Complaints are free",
        "Answers come in <a1>a month</a1>",
        "First cell",
        "Second cell",
        "Third cell",
        "Term",
        "Its definition",
        "A <b1>bold <i2>and italic</i2></b1> phrase ends.",
        "Text after a stray end tag, still one unit.",
        "A line<br1/>broken by an end tag. A paragraph",
        "ended by a stray end tag.",
    ]


def test_a_block_inside_an_inline_element_cuts_the_runs_at_the_inline_elements_tags():
    page = f'<a href="/story" class="card"><h3>A story about the region</h3><p>{SENTENCE}</p></a>'
    assert units(page) == ["A story about the region", SENTENCE]


# --- writing back -----------------------------------------------------------------------------

MESSY = (
    "<!DOCTYPE html>\n<HTML LANG=en-US>\n<head><title>The report &amp; annex</title></head>\n<body>\n"
    "<p class=lead>The Ombudsman&#8217;s <b>annual</b>\n   report&nbsp;was <a href='/r' title=\"Read &quot;it&quot;\">published</a>.\n"
    "<ul><li>First item of the list<li>Second <em>item</em> of the list</ul>\n"
    "<img src=x.png alt=Emblem>\n<script>if (a < b && c) {}</script>\n</body>\n</HTML>\n"
)


def test_an_untranslated_page_comes_back_byte_for_byte_but_for_lang_and_dir():
    assert rendered(MESSY) == MESSY.replace("<HTML LANG=en-US>", '<HTML LANG="az" dir="ltr">')


def test_a_translation_is_escaped_and_its_placeholders_become_the_source_tags_in_its_order():
    shipped = {
        "The Ombudsman’s <b1>annual</b1> report was <a2>published</a2>.": "<a2>Published</a2> was the <b1>yearly</b1> report & <annex>",
        'Read "it"': "Read \"it\" & 'more'",
        "Emblem": "The emblem",
        "The report & annex": "Report <1>",
    }
    out = rendered(MESSY, shipped, "az")
    assert (
        "<p class=lead><a href='/r' title=\"Read &quot;it&quot; &amp; &#39;more&#39;\">Published</a> was the <b>yearly</b> "
        "report &amp; &lt;annex&gt;\n<ul>" in out
    )
    assert '<img src=x.png alt="The emblem">' in out  # an unquoted value is quoted once it has a space
    assert "<title>Report &lt;1&gt;</title>" in out
    assert "<script>if (a < b && c) {}</script>" in out  # code untouched


def test_upper_cased_text_keeps_every_tag_at_its_place():
    def upper(text: str) -> str:
        return re.sub(r"(<[^>]*>)|([^<]+)", lambda m: m.group(1) or m.group(2).upper(), text)

    page = f'<p>Read the <a href="/s">statement</a> of the <b>Ombudsman</b>.<br/>{SENTENCE}</p>'
    shipped = {text: upper(text) for text in units(page)}
    assert rendered(page, shipped) == (
        f'<html lang="az" dir="ltr"><p>READ THE <a href="/s">STATEMENT</a> OF THE <b>OMBUDSMAN</b>.<br/>{SENTENCE.upper()}</p>'
    )


def test_a_translation_whose_tags_do_not_match_ships_the_source_text():
    page = f"<p>The <b>annual</b> report. {SENTENCE}</p>"
    (unit,) = units(page)
    for broken in ("The annual report.", "The <b1>annual report.", "The <b1>annual</b1> <i2>report</i2>."):
        assert rendered(page, {unit: broken}) == '<html lang="az" dir="ltr">' + page


def test_text_that_only_looks_like_a_placeholder_stays_text():
    page = f"<p>Write &lt;br9/&gt; for a line break. {SENTENCE}</p>"
    (unit,) = units(page)
    assert unit == f"Write <br9/> for a line break. {SENTENCE}"
    out = rendered(page, {unit: "Sətir sonu üçün <br9/> yazın."})
    assert out == '<html lang="az" dir="ltr"><p>Sətir sonu üçün &lt;br9/&gt; yazın.</p>'


def test_an_element_whose_end_tag_was_implied_gets_one_when_translated():
    page = f"<ul><li>The <b>first item {SENTENCE}<li>Second item of the list</ul>"
    (first, second) = units(page)
    assert first == f"The <b1>first item {SENTENCE}</b1>"
    out = rendered(page, {first: "<b1>Birinci</b1> bənd."})
    assert out == '<html lang="az" dir="ltr"><ul><li><b>Birinci</b> bənd.<li>Second item of the list</ul>'


@pytest.mark.parametrize(
    ("root", "locale", "expected"),
    [
        ('<html lang="en" dir="ltr" class="no-js">', "ar", '<html lang="ar" dir="rtl" class="no-js">'),
        ("<html>", "pt_BR", '<html lang="pt-BR" dir="ltr">'),
        (
            '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en"/>',
            "ru",
            '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru" lang="ru" dir="ltr"/>',
        ),
        ("<html lang>", "ur", '<html lang="ur" dir="rtl">'),
    ],
)
def test_the_root_gets_lang_and_dir_added_if_absent_replaced_if_present(root, locale, expected):
    page = f"<!DOCTYPE html>\n{root}<p>{SENTENCE}</p>"
    assert rendered(page, locale=locale) == f"<!DOCTYPE html>\n{expected}<p>{SENTENCE}</p>"


def test_a_page_without_an_html_tag_gets_one_after_its_doctype():
    page = f"<!doctype html>\n<p>{SENTENCE}</p>"
    assert rendered(page, locale="he") == f'<!doctype html><html lang="he" dir="rtl">\n<p>{SENTENCE}</p>'


def test_a_fragment_starting_with_a_translated_unit_keeps_both_the_new_html_tag_and_the_translation():
    page = f"The <b>annual</b> report. {SENTENCE}"
    (unit,) = units(page)
    assert rendered(page, {unit: "<b1>İllik</b1> hesabat."}, "az") == '<html lang="az" dir="ltr"><b>İllik</b> hesabat.'


def test_language_tags_and_directions_follow_the_script_then_the_language():
    assert [language_tag(code) for code in ("pt_BR", "az", "sr@latin", "az_AZ.UTF-8", "zh_Hant_TW")] == [
        "pt-BR",
        "az",
        "sr-Latn",
        "az-AZ",
        "zh-Hant-TW",
    ]
    rtl = ["ar", "ar_EG", "he", "fa", "ur", "ps", "ug", "yi", "dv", "ckb", "az_Arab", "pa_Arab", "ku_Arab"]
    ltr = ["az", "az_Latn", "ru", "tr", "en_US", "ku", "pa", "uz_Cyrl", "sd_Deva", "ja"]
    assert {code: text_direction(code) for code in rtl + ltr} == {**{c: "rtl" for c in rtl}, **{c: "ltr" for c in ltr}}


def test_rendering_with_the_wrong_number_of_texts_is_a_programming_error():
    document = FORMAT.decode(Path("page.html"), f"<p>{SENTENCE}</p>".encode())
    with pytest.raises(ValueError, match="1 units"):
        FORMAT.render(document, [], "az")


def test_an_empty_page_decodes_but_binary_input_is_refused_on_one_line():
    with pytest.raises(InputError) as error:
        FORMAT.decode(Path("page.html"), b"<p>one</p>\n<p>\x00</p>")
    assert str(error.value) == "page.html:2: NUL byte: this is a binary file, not HTML; give an HTML document"


def test_every_word_of_a_unit_is_anchored_at_its_line_and_column_in_the_file():
    page = '<p>\n  The <b>annual</b>\n  report&nbsp;of the\n    Ombudsman&#8217;s office.</p>\n<img alt="The emblem\n of the office">'
    paragraph, alt = segmented(page).units
    assert paragraph.text == "The <b1>annual</b1> report of the Ombudsman’s office."
    assert [paragraph.locate(paragraph.text.index(word)) for word in ("The", "annual", "report", "of", "Ombudsman", "office")] == [
        (2, 3),
        (2, 10),
        (3, 3),
        (3, 15),
        (4, 5),
        (4, 23),  # after the reference &#8217; (columns count the source's characters)
    ]
    assert alt.text == "The emblem of the office"
    assert alt.locate(alt.text.index("office")) == (6, 9)


def test_elements_nested_too_deep_to_read_are_a_one_line_error():
    document = FORMAT.decode(Path("page.html"), ("<p>" + "<font>" * 3000 + SENTENCE).encode())
    with pytest.raises(InputError) as error:
        FORMAT.segment(document, frozenset())
    assert str(error.value) == "page.html: elements nested too deep to read; close the page's open inline tags"


# --- any tag soup -----------------------------------------------------------------------------

#: Pieces of real-world markup, good and broken, to make pages of.
SOUP = [
    "<p>", "</p>", "<P CLASS=x>", "<b>", "</b>", "<i>", "</i>", "<li>", "<ul>", "</ul>", "<td>", "<tr>", "<table>", "</table>",
    "text ", "Words here. ", f"{SENTENCE} ", "&amp;", "&nbsp;", "&#8217;", "<br>", "<!-- note -->", "<script>if (a<b) x()</script>",
    '<div class="share">', "<div>", "</div>", "<img src=x alt=Picture>", "<a href='/x' title=\"Go\">", "</a>", "\n", "<title>T &amp; x</title>",
    "<", ">", "&", "<code>", "</code>", "<svg>", "</svg>", "<h1>", "</h1>", "<span>", "</span>", "<em/>", "<p/>", "</br>",
    "<style>p{}</style>", "<textarea>a<b>c</textarea>", "<noscript><p>x</p></noscript>", "<nav>", "</nav>", '<span translate="no">',
]  # fmt: skip


def _upper(text: str) -> str:
    return re.sub(r"(<[^>]*>)|([^<]+)", lambda m: m.group(1) or m.group(2).upper(), text)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(SOUP), min_size=1, max_size=40).map("".join))
def test_any_tag_soup_comes_back_as_written_and_a_translation_reads_back_as_shipped(page):
    document = FORMAT.decode(Path("page.html"), page.encode("utf-8"))
    found = [unit.text for unit in FORMAT.segment(document, frozenset()).units]
    assert FORMAT.render(document, found, "az").decode("utf-8") == '<html lang="az" dir="ltr">' + page
    shipped = [_upper(text) for text in found]
    translated = FORMAT.decode(Path("page.html"), FORMAT.render(document, shipped, "az"))
    assert [unit.text for unit in FORMAT.segment(translated, frozenset()).units] == shipped
