from marsad.find.mentions import find_actor_mentions
from marsad.text.normalise import normalise


def _mentions(text):
    t = normalise(text)
    return [(a.kind, a.type, a.code, t.original_text(a.start, a.end)) for a in find_actor_mentions(t)]


def test_title_demonym_and_name_make_a_coded_person():
    got = _mentions("حيث قال وزير الخارجية الأمريكي أنتوني بلينكن، الثلاثاء، إن روسيا يمكنها")
    assert any(typ == "PER" and code == "USA" and s == "أنتوني بلينكن" for _, typ, code, s in got)


def test_agent_with_demonym_is_coded_by_it():
    got = _mentions("قُتل ما لا يقل عن 49 جندياً أذربيجانياً في اشتباكات عنيفة")
    assert any(k == "agent" and code == "AZE" for k, _, code, _ in got)


def test_organisation_followed_by_demonym_takes_its_country():
    got = _mentions("أرمين جريجوريان، أمين مجلس الأمن الأرميني")
    assert any(code == "ARM" and "مجلس الأمن الأرميني" in s for _, _, code, s in got)


def test_demonym_in_every_form():
    for form in ("الأرميني", "الأرمينية", "الأرمن", "الأرمينيين", "أرمينيون", "والأرمينيات"):
        got = _mentions(f"قال مسؤول إن {form} حضروا")
        assert any(code == "ARM" for _, _, code, _ in got), form


def test_capital_stands_for_its_government():
    got = _mentions("أعلنت موسكو أنها ستدعم الحوار، فيما رحبت واشنطن بالخطوة")
    codes = {code for _, _, code, _ in got}
    assert {"RUS", "USA"} <= codes


def test_head_noun_opens_an_unknown_name():
    got = _mentions("وقع مدير جامعة الملك عبدالعزيز اتفاقية تعاون مع جامعة أكسفورد")
    texts = {s for _, typ, _, s in got if typ == "ORG"}
    assert "جامعة الملك عبدالعزيز" in texts and "جامعة أكسفورد" in texts


def test_rows_that_hold_for_a_period_follow_the_publication_date():
    from marsad.find.mentions import find_actor_mentions
    t = normalise("وجه خادم الحرمين الشريفين بصرف راتب شهرين")
    before = find_actor_mentions(t, when="2014-06-01")
    after = find_actor_mentions(t, when="2015-07-30")
    name = lambda ms: next(a.name_en for a in ms if a.type == "PER")
    assert "Abdullah" in name(before) and "Salman" in name(after)
