"""The extraction core on the seed article and on sentences as the press writes them."""
import pytest

import marsad
from marsad.coding.events import ArticleExtractor
from marsad.records import Article


def _events(result, typ):
    return [e for e in result.events if e.type == typ]


def _codes(e):
    return {a.code for a in e.actor + e.recipient if a.code}


def test_seed_phone_calls_and_calls_for_restraint(seed_result):
    calls = [e for e in _events(seed_result, "CONSULT") if e.mode == "phone"]
    assert any({"USA", "ARM"} <= _codes(e) for e in calls)
    requests = _events(seed_result, "REQUEST")
    joint = [e for e in requests if {"RUS", "USA", "FRA", "EU"} <= _codes(e)]
    assert joint and joint[0].mode == "change"


def test_seed_clashes_are_one_event_with_the_conservative_toll(seed_result):
    clashes = [e for e in _events(seed_result, "ASSAULT") if {"ARM", "AZE"} <= _codes(e)
               and (e.date or "").startswith("2022-09")]
    assert len(clashes) == 1
    clash = clashes[0]
    assert clash.date == "2022-09-12" and clash.date_precision == "day"
    assert clash.fatalities.dead == 99 and clash.fatalities.qualifier == "at_least"
    figures = sorted(r.dead for r in clash.fatalities.reports if r.dead)
    assert figures == [49, 50, 50, 100, 100]
    assert clash.fatalities.by_side.get("ARM") in (49, 50)


def test_seed_truce_is_an_agreement_announced_by_armenia(seed_result):
    agree = _events(seed_result, "AGREE")
    assert any("ARM" in _codes(e) and e.date == "2022-09-14" for e in agree)


def test_seed_scheduled_visit_is_future(seed_result):
    visits = [e for e in _events(seed_result, "CONSULT") if e.mode == "visit" and "EU" in _codes(e)]
    assert visits and visits[0].future


def test_evidence_points_into_the_original(seed_text, seed_result):
    for e in seed_result.events:
        assert seed_text[e.evidence.start:e.evidence.end] == e.evidence.text
        for ent in e.actor + e.recipient:
            for s, t in ent.mentions:
                assert seed_text[s:t] == ent.text


def _candidates(text, published="2015-07-30"):
    ex = ArticleExtractor(Article(text=text, id="t", published=published))
    return ex, ex.merged_candidates()


@pytest.mark.parametrize("text,typ,mode", [
    ("شنت طائرات التحالف العربي غارات على مواقع الحوثيين في صنعاء.", "ASSAULT", "aerial"),
    ("قتل 12 شخصا عندما فجر انتحاري نفسه في سوق مزدحمة بشمال أفغانستان.", "ASSAULT", None),
    ("اعتقلت الشرطة التركية 251 شخصا يشتبه في انتمائهم إلى تنظيم داعش.", "COERCE", "arrest"),
    ("خرج آلاف المتظاهرين في القاهرة احتجاجا على قرار الحكومة المصرية.", "PROTEST", "demo"),
    ("أدانت الرئاسة الفلسطينية بشدة التفجير الإرهابي.", "ACCUSE", "disapprove"),
    ("اتهمت السلطات البلغارية حزب الله اللبناني بالوقوف وراء تفجير حافلة.", "ACCUSE", "allege"),
    ("دعا الأمين العام للجامعة العربية تركيا إلى احترام سيادة العراق.", "REQUEST", "change"),
    ("أجرى الرئيس التركي اتصالا هاتفيا مع الرئيس الأمريكي باراك أوباما.", "CONSULT", "phone"),
    ("وزار وزير الخارجية الإيطالي طهران الأربعاء.", "CONSULT", "visit"),
    ("وقعت السعودية ومصر اتفاقية تعاون عسكري في الرياض.", "AGREE", None),
    ("انسحبت ميليشيات الحوثيين من أطراف مدينة عدن السبت.", "RETREAT", "withdraw"),
    ("هدد تنظيم القاعدة بشن مزيد من الهجمات في العراق.", "THREATEN", None),
    ("رفضت روسيا الخطوات التي أقدمت عليها أوكرانيا.", "REJECT", None),
    ("فرضت الولايات المتحدة عقوبات اقتصادية جديدة على إيران.", "SANCTION", None),
    ("أعرب الرئيس المصري عن تضامنه الكامل مع المملكة العربية السعودية.", "SUPPORT", None),
    ("قدمت الإمارات مساعدات إنسانية لليمن.", "AID", None),
    ("أصدر الرئيس السوري عفوا عن المنشقين من الجيش السوري.", "CONCEDE", None),
    ("أرسلت تركيا تعزيزات عسكرية إلى الحدود مع سوريا.", "MOBILIZE", "troops"),
])
def test_each_trigger_class(text, typ, mode):
    _, cands = _candidates(text)
    got = [(c.type, c.mode) for c in cands]
    assert any(t == typ and (mode is None or m == mode) for t, m in got), got


def test_negation():
    _, cands = _candidates("ولم تعلن أي جهة مسؤوليتها، فيما نفت الحكومة أن تكون قواتها قد قصفت المدينة.")
    assault = [c for c in cands if c.type == "ASSAULT"]
    assert assault and all(c.negated for c in assault)


def test_future_prefix_and_scheduled():
    _, cands = _candidates("وسيزور وزير الخارجية الألماني الرياض الشهر المقبل.")
    visits = [c for c in cands if c.type == "CONSULT"]
    assert visits and visits[0].future


def test_attribution_speaker_is_kept_per_event():
    ex, cands = _candidates("وقال المرصد السوري لحقوق الإنسان إن طائرات التحالف الدولي قتلت 3042 من تنظيم داعش.")
    c = next(c for c in cands if c.type == "ASSAULT")
    assert c.speaker is not None and c.speaker.code == "SYR"


def test_relative_date_resolved_against_publication():
    r = marsad.extract("وقتل 12 شخصا أمس في تفجير انتحاري استهدف سوقا في بغداد.", published="2015-07-26")
    e = next(e for e in r.events if e.type == "ASSAULT")
    assert e.date == "2015-07-25" and e.date_precision == "day"
    assert e.fatalities.dead == 12


def test_injured_are_not_dead():
    r = marsad.extract("أسفرت مواجهات عن مقتل 21 من الحوثيين، وإصابة 36 آخرين في لحج.", published="2015-08-04")
    e = next(e for e in r.events if e.type == "ASSAULT")
    assert e.fatalities.dead == 21 and e.fatalities.injured == 36


SPORTS = """حقق فريق الهلال فوزا مستحقا على ضيفه النصر بهدفين مقابل هدف في المباراة التي جمعت الفريقين
مساء أمس على ملعب الملك فهد الدولي بالرياض ضمن الجولة الثالثة من الدوري السعودي للمحترفين.
وسجل هدفي الهلال اللاعب ناصر الشمراني في الدقيقتين 20 و75، فيما أحرز هدف النصر محمد السهلاوي.
وبهذا الفوز رفع الهلال رصيده إلى تسع نقاط في صدارة الترتيب، وفرض لاعبوه سيطرتهم على مجريات المباراة
قبل مواجهة السد القطري في دوري أبطال آسيا، فيما يسعى المنتخب إلى خطف بطاقة التأهل."""

BUSINESS = """ارتفعت أسعار النفط في تعاملات أمس مع تراجع المخزونات الأمريكية، وصعد خام برنت 1.2 في المئة
إلى 57 دولارا للبرميل. وقال محللون إن الأسواق تترقب بيانات النمو في الصين الأسبوع المقبل،
فيما أعلنت الشركة السعودية للكهرباء عن أرباح صافية بلغت ملياري ريال في الربع الثاني."""


@pytest.mark.parametrize("text", [SPORTS, BUSINESS])
def test_sports_and_business_yield_no_violence(text):
    r = marsad.extract(text, published="2015-08-01")
    assert not [e for e in r.events if e.type in ("ASSAULT", "COERCE", "THREATEN")]


def test_accident_deaths_are_no_attack():
    r = marsad.extract("لقي 77 شخصا مصرعهم في تحطم طائرة سوخوي خلال عرض عسكري في غرب أوكرانيا.",
                       published="2015-07-27")
    assert not [e for e in r.events if e.type == "ASSAULT"]


def test_output_does_not_depend_on_what_was_coded_before(seed_text):
    import json
    other = ("قال مسؤول محلي إن كريم الجبوري قتل في هجوم بعبوة ناسفة استهدف سوقا شعبية في بعقوبة، "
             "فيما اعتقلت قوات الأمن العراقية ثلاثة مشتبه بهم.")
    first = marsad.extract(other, published="2015-07-21", id="x").to_dict()
    marsad.extract(seed_text, published="2022-09-15", id="seed")
    again = marsad.extract(other, published="2015-07-21", id="x").to_dict()
    assert json.dumps(first, sort_keys=True, ensure_ascii=False) == json.dumps(again, sort_keys=True, ensure_ascii=False)
