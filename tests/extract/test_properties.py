"""Property: random text and random HTML never make the extractor raise, and every span lies
inside the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emigre.errors import InputError
from emigre.extract.claims import extract_document
from emigre.extract.readers import read_document

WORDS = st.sampled_from(
    ["12,000", "Russians", "fled", "to", "Georgia", "in", "March", "2022", "about", "[3]", "the",
     "country", "between", "and", "5-7", "thousand", "on", "Monday", ".", ",", "\n", "more than",
     "hundreds of thousands", "arrived", "Kazakhstan", "by", "mid-April", "respectively", "(", ")",
     "References[]", "  1. ", '"A title".', "https://example.org/x", "<p>", "</p>", "<ref>", "{{cite web|title=x}}"]  # noqa: E501
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join))
HTML = st.lists(
    st.one_of(
        WORDS,
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<html>",
                "<body>",
                "<script>x</script>",
                "<a href='/'>",
                "</a>",
                "&amp;",
                "<title>t</title>",
            ]
        ),
    ),
    max_size=80,
).map(lambda parts: "<html><body>" + " ".join(parts))


def _check(data: str, name: str) -> None:
    try:
        doc = read_document(data, name)
    except InputError:
        return
    for claim in extract_document(doc):
        assert claim.found_in is not None and claim.found_in.span is not None
        a, b = claim.found_in.span
        assert 0 <= a <= b <= len(doc.text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_random_text_never_raises(text: str) -> None:
    _check(text, "random.txt")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HTML)
def test_random_html_never_raises(html: str) -> None:
    _check(html, "random.html")
