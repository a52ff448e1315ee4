from marsad.find.matcher import PhraseMatcher, variants
from marsad.text.normalise import normalise


def _find(phrases, text):
    m = PhraseMatcher()
    for p, payload in phrases:
        m.add(p, payload)
    t = normalise(text)
    return [(x.payloads[0], t.original_text(x.start, x.end)) for x in m.find(t.norm)]


def test_clitics_are_peeled_before_lookup():
    got = _find([("أرمينيا", "ARM"), ("الجيش", "army"), ("منظمة معاهدة الأمن الجماعي", "CSTO"),
                 ("أرميني", "ARM-dem")],
                "وجهت نداء لمنظمة معاهدة الأمن الجماعي وبأرمينيا للجيش والأرميني")
    assert [g[0] for g in got] == ["CSTO", "ARM", "army", "ARM-dem"]
    assert got[0][1] == "منظمة معاهدة الأمن الجماعي"


def test_an_entry_written_with_the_article_needs_it():
    got = _find([("القاعدة", "AQ")], "هاجم تنظيم القاعدة قاعدة العند الجوية")
    assert got == [("AQ", "القاعدة")]


def test_words_whose_first_letter_looks_like_a_clitic_are_read_whole():
    assert [v[0] for v in variants("وزاره")] == ["وزاره"]
    got = _find([("زار", "visit")], "قالت وزارة الدفاع")
    assert got == []
