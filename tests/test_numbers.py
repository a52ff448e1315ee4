"""Numbers and casualty tolls in Arabic press text (marsad.text.numbers)."""
import time

import pytest

from marsad.text.normalise import normalise
from marsad.text.numbers import find_casualties, parse_numbers


def nums(text):
    t = normalise(text).norm
    out = parse_numbers(t)
    for n in out:
        assert t[n.start:n.end] == n.text
    return [(n.value, n.approx) for n in out]


def cas(text):
    t = normalise(text).norm
    out = find_casualties(t)
    res = []
    for c in out:
        assert t[c.start:c.end] == c.text
        head = t[c.head[0]:c.head[1]] if c.head else None
        res.append((c.count, c.kind, c.qualifier, head))
    return res


@pytest.mark.parametrize("text, expected", [
    ("تبلغ الكلفة 1,500 دولار", [(1500, False)]),
    ("وصل عدد اللاجئين إلى 3.000 لاجئ", [(3000, False)]),
    ("نزح 1.5 مليون شخص", [(1500000, False)]),
    ("يعيش ١٢٠ ألف لاجئ", [(120000, False)]),
    ("قتل خمسة وعشرون شخصا", [(25, False)]),
    ("قتل أحد عشر جنديا", [(11, False)]),
    ("أصيب ثلاثة عشر مدنيا", [(13, False)]),
    ("أطلق سراح مئتين وخمسين سجينا", [(250, False)]),
    ("وصل مائتا حاج", []),          # مائتا is not listed as a form: nothing rather than a wrong value
    ("نشر ثلاثمائة جندي", [(300, False)]),
    ("نشر ثلاث مئة جندي", [(300, False)]),
    ("نزح ثلاثة آلاف شخص", [(3000, False)]),
    ("نزح ثلاثة آلاف وخمسمائة شخص", [(3500, False)]),
    ("حوالى خمسين الف جندي", [(50000, False)]),
    ("اعتقل ألفي شخص", [(2000, False)]),
    ("أكثر من مليون لاجئ", [(1000000, False)]),
    ("قتل عشرات المدنيين", [(10, True)]),
    ("المئات من عناصر المليشيات", [(100, True)]),
    ("نزح آلاف السكان", [(1000, True)]),
    ("نزح عشرات الآلاف من السكان", [(10000, True)]),
    ("مقتل جنديين أمريكيين", [(2, False)]),
    ("الخطة 5 نقاط", [(5, False)]),
])
def test_parse_numbers(text, expected):
    assert nums(text) == expected


def test_number_word_span_drops_the_conjunction():
    t = normalise("قتل ثلاثة وأصيب خمسة وعشرون").norm
    ns = parse_numbers(t)
    assert [(n.text, n.value) for n in ns] == [("ثلاثه", 3), ("خمسه وعشرون", 25)]


def test_ordinals_and_weekdays_are_not_counts():
    assert nums("في الحادي عشر من سبتمبر") == []
    assert nums("وقال يوم الاثنين") == []


@pytest.mark.parametrize("text, expected", [
    # the armenian-azerbaijani clashes (seed) and SaudiNewsNet / Egyptian press sentences
    ("أعلنت أرمينيا مقتل 50 جنديا أرمينيا على الأقل",
     [(50, "dead", "at_least", "جنديا ارمينيا")]),
    ("وقالت باكو إنها خسرت ما لا يقل عن 49 جنديا", [(49, "dead", "at_least", "جنديا")]),
    ("قتل 12 شخصا على الأقل أمس عندما هاجم انتحاريان حمام سباحة مزدحما في شمال العراق",
     [(12, "dead", "at_least", "شخصا")]),
    ("هجوم كبير في محافظة ديالى أودى بحياة أكثر من 100 شخص",
     [(100, "dead", "at_least", "شخص")]),
    ("تفجير سوروج جنوب تركيا والذي راح ضحيته 31 شخصًا", [(31, "dead", "exact", "شخصا")]),
    ("لقي ستة من مقاتلي المعارضة السورية على الأقل مصرعهم في اشتباكات",
     [(6, "dead", "at_least", "من مقاتلي المعارضه السوريه")]),
    ("عُثر، الثلاثاء، على ما لا يقل عن 80 جثة في مدينة حلب", [(80, "dead", "at_least", None)]),
    ("وقتل، بحسب المرصد، حوالى خمسين الف جندي خلال اكثر من اربع سنوات من النزاع",
     [(50000, "dead", "about", "جندي")]),
    ("في حين خلفت الاشتباكات نحو 100 قتيل", [(100, "dead", "about", None)]),
    ("تبنى التنظيم سلسلة تفجيرات وأوقعت أكثر من 60 قتيلاً", [(60, "dead", "at_least", None)]),
    ("مقتل 49 مسلحا من تنظيم / داعش /، بقصف جوي", [(49, "dead", "exact", "مسلحا من تنظيم / داعش /")]),
    ("مقتل عشرة من عناصر تنظيم /داعش/ بضربة جوية", [(10, "dead", "exact", "من عناصر تنظيم /داعش/")]),
    ("مقتل جنديين أمريكيين، إثر تعرضهم لإطلاق نار", [(2, "dead", "exact", "جنديين امريكيين")]),
    ("ما ادى الى مقتل شخص واحد حسب الشرطة", [(1, "dead", "exact", "شخص")]),
    ("إثر مقتل عقيد في الجيش السوري", [(1, "dead", "exact", "عقيد")]),
    ("عملية تفجير في حديقة تسفر عن سقوط قتيلين", [(2, "dead", "exact", None)]),
    ("قتل عشرات المدنيين في القصف", [(10, "dead", "at_least", "المدنيين")]),
])
def test_death_tolls(text, expected):
    assert cas(text) == expected


def test_dead_kept_apart_from_injured():
    got = cas("أسفرت مواجهات عن مقتل 21 من الحوثيين، وإصابة 36 آخرين، بينما قتل اثنان من القوات الشرعية")
    assert got == [(21, "dead", "exact", "من الحوثيين"), (36, "injured", "exact", "اخرين"),
                   (2, "dead", "exact", "من القوات الشرعيه")]
    assert cas("سقوط 3 قتلى و5 جرحى") == [(3, "dead", "exact", None), (5, "injured", "exact", None)]
    got = cas("7 عناصر من تنظيم / داعش / قتلوا وجرح أربعة منهم في مناطق البوشجل والملاحمة")
    assert [(c, k) for c, k, _, _ in got] == [(7, "dead"), (4, "injured")]
    got = cas("لقي مصرعه وأُصيب آخر، بعدما صدمتهما سيارة مسرعة")
    assert [(c, k) for c, k, _, _ in got] == [(1, "dead"), (1, "injured")]
    assert [k for _, k, _, _ in cas("وأعلنت الشرطة نقل 14 مصابا إلى المستشفى")] == ["injured"]
    assert [k for _, k, _, _ in cas("أصيب 20 جريحا")] == ["injured"]


def test_captured():
    got = cas("كما قتل 41 من ميليشيات الحوثيين، وأسر اثنان في مواجهات")
    assert [(c, k) for c, k, _, _ in got] == [(41, "dead"), (2, "captured")]
    assert cas("اعتقال 5 أشخاص في المداهمة")[0][:2] == (5, "captured")


@pytest.mark.parametrize("text", [
    "بلغت قيمة الصفقة 100 دولار للبرميل",
    "توفي عن عمر 50 عاما",
    "قتل الوقت خلال 3 أيام من الانتظار",
    "وفي عام 2012 أعلنت الحكومة",
    "أطلق 20 صاروخا على المدينة",
    "ارتفعت الأسعار بنسبة 5 في المئة",
    "قتل عصفورين بحجر واحد",
])
def test_not_tolls_of_people(text):
    assert cas(text) == []


def test_year_before_toll_is_not_counted():
    got = cas("وفي عام 2012 اوقعت اشتباكات بين بوذيين ومسلمين اكثر من 180 قتيلا")
    assert [(c, k, q) for c, k, q, _ in got] == [(180, "dead", "at_least")]


def test_speed_on_an_article():
    text = normalise(("أعلنت وزارة الدفاع مقتل 50 جنديا أرمينيا وإصابة 36 آخرين في اشتباكات عنيفة "
                      "استمرت يومين على الحدود، بينما قالت باكو إنها خسرت ما لا يقل عن 49 جنديا. "
                      "وقال المسؤول في مؤتمر صحفي عقده في العاصمة إن الهدنة صامدة منذ عدة ساعات. ") * 12).norm
    assert len(text) > 2500
    find_casualties(text), parse_numbers(text)
    t0 = time.perf_counter()
    for _ in range(20):
        find_casualties(text)
        parse_numbers(text)
    per = (time.perf_counter() - t0) / 20
    assert per < 0.05          # generous bound for slow CI machines; ~2-3 ms here


def test_disease_cases_are_not_wounded():
    assert cas("تمكنت الوزارة من تشخيص 17 اصابة بفيروس النزلة الوافدة") == []
    assert cas("نتج عن حادث الحافلة 50 إصابة") == [(50, "injured", "exact", None)]


def test_elliptical_figures_share_the_noun():
    got = cas("والثلاثاء 13 سبتمبر/أيلول، قتل ما لا يقل عن 49 جنديا من أرمينيا، و50 من أذربيجان، في اشتباكات عنيفة")
    assert got == [(49, "dead", "at_least", "جنديا من ارمينيا"), (50, "dead", "at_least", "من اذربيجان")]
    got = cas("أسفرت الغارة عن مقتل ثلاثة جنود وخمسة مدنيين")
    assert got == [(3, "dead", "exact", "جنود"), (5, "dead", "exact", "مدنيين")]


def test_toll_totals():
    assert cas("وقالت المعارضة إن حصيلة قتلى الثلاثاء بلغت 134 قتيلا")[0][:2] == (134, "dead")
    assert cas("ارتفعت حصيلة القتلى إلى 50 شخصا")[0][:3] == (50, "dead", "exact")
    assert cas("وبلغ عدد القتلى في دير الزور 12، في الوقت الذي")[0][:2] == (12, "dead")


@pytest.mark.parametrize("text, count", [
    ("لقي 6 مصرعهم في حادث سير", 6),
    ("أعلنت الشرطة أن 5 أشخاص لقوا حتفهم وأصيب ما لا يقل عن 13 شخصا", 5),
    ("54 من الحوثيين وحلفائهم قتلوا في معارك الحوطة", 54),
    ("أعلنت السلطات مقتل 17 داعشيا ضمن عمليات شرقي الفلوجة", 17),
    ("قتل 14جنديا افغانيا على الأقل في غارة", 14),
])
def test_more_death_forms(text, count):
    got = cas(text)
    assert got and got[0][:2] == (count, "dead")


def test_more_tolls_from_the_corpus():
    got = cas("قال مسؤول كبير بالجيش الكاميروني إن 12 مدنيا على الأقل وجنديا تشاديا واحدا قتلوا في هجومين انتحاريين")
    assert got[0][:3] == (12, "dead", "at_least")
    assert cas("معارك أسفرت عن سقوط عشرات الآلاف من القتلى من الجانبين")[0][:3] == (10000, "dead", "at_least")
    assert cas("للمطالبة بالقصاص لمقتل العشرات الأسبوع الماضي")[0][:2] == (10, "dead")
    assert cas("تمرد مستمر منذ ست سنوات قتل فيه 5ر1 مليون شخص")[0][:2] == (1500000, "dead")
    assert nums("قتل فيه 5ر1 مليون شخص") == [(1500000, False)]


def test_second_counted_phrase_joined_by_and():
    got = cas("والذي أسفر عن مقتل خمسة إسرائيليين وسائق الحافلة البلغاري")
    assert [(c, k) for c, k, _, _ in got] == [(5, "dead"), (1, "dead")]
    got = cas("نتج عنه استشهاد عشرة من منسوبي قوات الطوارئ الخاصة وثلاثة من العمالة")
    assert [(c, h) for c, _, _, h in got] == [(10, "من منسوبي قوات الطواري الخاصه"), (3, "من العماله")]
    got = cas("قتل 3 جنود وشرطيان في الهجوم")
    assert [(c, k) for c, k, _, _ in got] == [(3, "dead"), (2, "dead")]


def test_head_after_a_trailing_qualifier():
    got = cas("وقتل حزب العمال الكردستاني 21 على الأقل من أفراد قوات الأمن التركية منذ 20 يوليو تموز")
    assert got == [(21, "dead", "at_least", "من افراد قوات الامن التركيه")]


def test_toll_total_far_from_its_figure():
    got = cas("وأعلن رئيس البعثة عن ارتفاع حصيلة القتلى، جراء قصف المتمردين الحوثيين لمديرية دار سعد، إلى نحو 100، ووصف الحادث")
    assert [(c, k, q) for c, k, q, _ in got] == [(100, "dead", "about")]
    got = cas("أعلنت وزارة الصحة عن ارتفاع أعداد المصابين جراء الاشتباكات التي دارت في محافظتي بورسعيد والقاهرة إلى 471، دون تسجيل")
    assert [(c, k) for c, k, _, _ in got] == [(471, "injured")]
    assert cas("وصل الوفد إلى 3 مدن") == []


def test_kinds_and_qualifiers_are_always_valid():
    for text in ("اما فريق الفتح فقد خسر امام مضيفه", "بينما توجد 30 شركة سجلت خسائر آخر أربعة أرباع"):
        for c in find_casualties(normalise(text).norm):
            assert c.kind in ("dead", "injured", "captured")
            assert c.qualifier in ("exact", "at_least", "about", "at_most")
    assert cas("اما فريق الفتح فقد خسر امام مضيفه") == []
