"""Match explanations stay translatable: English values, translated when a page shows them."""

from datetime import date

from markupsafe import escape

from portal.matching import CandidateFacts, JobFacts, Phrase, match
from portal.matching.phrases import _, join_or

CATALOGUE = {
    "Has %(code)s (required) ✓": "Tiene %(code)s (requerido) ✓",
    "full-time": "a tiempo completo",
    "contract": "por contrato",
    "%(first)s or %(last)s": "%(first)s o %(last)s",
    "Wants %(types)s work": "Busca trabajo %(types)s",
}


def spanish(message: str) -> str:
    return CATALOGUE.get(message, message)


def test_a_phrase_reads_as_english_and_renders_through_the_translator():
    phrase = _("Has %(code)s (required) ✓") % {"code": "CCS"}
    assert phrase == "Has CCS (required) ✓"
    assert phrase.translated(spanish) == "Tiene CCS (requerido) ✓"


def test_joined_and_nested_phrases_translate_every_part():
    words = join_or([_("full-time"), _("contract")])
    line = _("Wants %(types)s work") % {"types": words} + "; " + _("no nights")
    assert line == "Wants full-time or contract work; no nights"
    assert line.translated(spanish) == "Busca trabajo a tiempo completo o por contrato; no nights"


def test_jinja_prints_a_phrase_escaped_like_a_str():
    phrase = _("the job's <shift>") + ""
    assert str(escape(phrase)) == str(escape("the job's <shift>"))


def test_every_explanation_line_is_a_phrase():
    job = JobFacts(required_credential_groups=[["CCS"]], specialties=frozenset({"cardiology"}))
    result = match(job, CandidateFacts(), date(2026, 3, 2))
    for row in result.items:
        assert isinstance(row.label, Phrase)
        assert isinstance(row.detail, Phrase)
