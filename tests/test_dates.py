"""Dates in Arabic press text, resolved against the publication date (marsad.text.dates)."""
import datetime as dt

import pytest

from marsad.text.dates import find_dates
from marsad.text.normalise import normalise

PUB = dt.date(2022, 9, 15)          # a Thursday


def dates(text, published=PUB):
    t = normalise(text).norm
    return [(d.text, d.value, d.precision) for d in find_dates(t, published)]


def one(text, published=PUB):
    t = normalise(text).norm
    ds = find_dates(t, published)
    assert len(ds) == 1, [(d.text, d.value) for d in ds]
    d = ds[0]
    assert t[d.start:d.end] == d.text
    return d


@pytest.mark.parametrize("text, value, precision", [
    # full dates, names of every region
    ("أعلن مسؤول كبير في أرمينيا في وقت متأخر الأربعاء 14 سبتمبر/أيلول 2022، الاتفاق على هدنة", "2022-09-14", "day"),
    ("وقعت الاشتباكات في 15 سبتمبر 2022 على الحدود", "2022-09-15", "day"),
    ("قتل كومندوس أميركي بن لادن في الثاني من مايو 2011", "2011-05-02", "day"),
    ("وقع الانفجار في 20 يوليو تموز 2015 في بلدة سوروج", "2015-07-20", "day"),
    ("وصل الوفد إلى الرباط يوم 3 شتنبر 2021", "2021-09-03", "day"),
    ("انطلقت الدورة في 12 دجنبر 2019 بالرباط", "2019-12-12", "day"),
    ("أعلنت الوزارة في 5 كانون الثاني 2016 عن", "2016-01-05", "day"),
    ("صدر القرار بتاريخ 15/9/2022 عن المحكمة", "2022-09-15", "day"),
    ("نشرت في ٢٠٢٢-٠٩-١٥ على الموقع", "2022-09-15", "day"),
    ("في ١٥ أيلول ٢٠٢٢ قال", "2022-09-15", "day"),
    # Hijri
    ("نفذ حكم القصاص يوم الأحد 14 رمضان 1436هـ في الرياض", "2015-07-01", "day"),
    ("صدر الأمر الملكي في شعبان 1436 هـ", "2015-06", "month"),
    # month and year, bare years
    ("نجح الجيش الروسي في دخول غروزني في يناير 1995", "1995-01", "month"),
    ("قبل اغتيالها عام 2007", "2007", "year"),
    ("اندلعت الاحتجاجات في 2011 في المدن السورية", "2011", "year"),
])
def test_absolute_dates(text, value, precision):
    d = one(text)
    assert (d.value, d.precision) == (value, precision)
    assert not d.relative


def test_day_month_without_year_takes_publication_year():
    assert one("واندلعت الاشتباكات ليل 12 أيلول على الحدود").value == "2022-09-12"
    # a date that would fall more than two months after publication is last year's
    assert one("منذ 20 ديسمبر وقعت عدة هجمات").value == "2021-12-20"
    assert one("بدأت الهدنة في 14 سبتمبر", None).value is None


def test_weekday_before_date_joins_it():
    d = one("وقالت الوزارة الأربعاء 14 سبتمبر إن القصف توقف")
    assert (d.text, d.value) == ("الاربعاء 14 سبتمبر", "2022-09-14")


@pytest.mark.parametrize("text, value", [
    ("وقالت وزارة الدفاع الثلاثاء إن القوات الأذربيجانية قصفت", "2022-09-13"),
    ("أعلن الجيش يوم الاثنين عن مقتل جنود", "2022-09-12"),
    ("وقال الإثنين إن الهدنة صامدة", "2022-09-12"),
    ("عقد الاجتماع الخميس في موسكو", "2022-09-15"),      # publication day itself
    ("استهدف مسلحون الجمعة حافلة ركاب", "2022-09-09"),
    ("وقعت الهجمات السبت الماضي في المدينة", "2022-09-10"),
    ("قتل عشرة مدنيين ليل الثلاثاء الأربعاء في قصف", "2022-09-13"),
    ("وقع الانفجار فجر الجمعة في السوق", "2022-09-09"),
])
def test_weekdays_latest_on_or_before_publication(text, value):
    d = one(text)
    assert (d.value, d.precision, d.relative, d.future) == (value, "day", True, False)


def test_weekday_to_come():
    d = one("ومن المقرر أن يلتقي الوزيران الخميس المقبل في جنيف")
    assert (d.value, d.future) == ("2022-09-22", True)
    assert one("تعقد القمة الأحد القادم").value == "2022-09-18"


def test_weekday_reading_blocked():
    assert dates("لا فرق بين الاثنين في نظر القانون") == []


@pytest.mark.parametrize("text, value, precision", [
    ("نفذت وزارة الداخلية، أمس، حكم القصاص في قاتل", "2022-09-14", "day"),
    ("قتل 12 شخصا على الأقل أمس عندما هاجم انتحاريان", "2022-09-14", "day"),
    ("وقع الهجوم مساء أمس في بغداد", "2022-09-14", "day"),
    ("ذكرت الصحيفة الأمس أن", "2022-09-14", "day"),
    ("أعلنت الشرطة أول من أمس", "2022-09-13", "day"),
    ("قالت الوزارة أول أمس", "2022-09-13", "day"),
    ("وقعت اشتباكات امس الأول", "2022-09-13", "day"),
    ("شنت الطائرات غارات فجر اليوم", "2022-09-15", "day"),
    ("أعلن الرئيس صباح اليوم", "2022-09-15", "day"),
    ("يصل الوزير اليوم إلى الرياض", "2022-09-15", "day"),
    ("أعمال العنف التي وقعت الاسبوع الماضي في ميكتيلا", "2022-09-08", "week"),
    ("هجوم وقع الشهر الماضي في ديالى", "2022-08", "month"),
    ("وفي العام الماضي قتل", "2021", "year"),
    ("منذ الحرب في إقليم قره باغ قبل عامين", "2020", "year"),
    ("وقعت الحادثة منذ 3 أيام", "2022-09-12", "day"),
    ("فر قبل يومين من السجن", "2022-09-13", "day"),
])
def test_relative_dates(text, value, precision):
    d = one(text)
    assert (d.value, d.precision, d.relative) == (value, precision, True)


def test_future_relative_and_unknown_publication():
    d = one("يصل الوفد غدا إلى القاهرة")
    assert (d.value, d.future) == ("2022-09-16", True)
    d = one("قتل شخصان أمس", None)
    assert d.value is None and d.relative


def test_national_day_is_not_today():
    assert dates("احتفلت المملكة باليوم الوطني") == []
    assert dates("في اليوم الأول من المؤتمر") == []


def test_count_is_not_a_year():
    assert dates("أوقعت الحرب 2020 قتيلا") == []
    assert dates("في 1500 منزل") == []


def test_offsets_map_back_to_original():
    text = "قُتل ثلاثة أشخاص يومَ الأربعاء ١٤ سبتمبر/أيلول ٢٠٢٢ في القصف"
    t = normalise(text)
    (d,) = find_dates(t.norm, PUB)
    assert t.original_text(d.start, d.end) == "الأربعاء ١٤ سبتمبر/أيلول ٢٠٢٢" or \
        t.original_text(d.start, d.end) == "يومَ الأربعاء ١٤ سبتمبر/أيلول ٢٠٢٢"
    assert d.value == "2022-09-14"


def test_day_of_the_current_or_last_month():
    assert one("وقع الهجوم في 12 من الشهر الجاري").value == "2022-09-12"
    assert one("أعلنت الوزارة يوم 3 الجاري").value == "2022-09-03"
    assert one("والثالث من الشهر الماضي أعلنت").value == "2022-08-03"


def test_year_words_after_day_and_month():
    d = one("تأجيل الانتخابات إلى 20 من شهر مايو/ أيار من العام الجاري", dt.date(2013, 2, 23))
    assert (d.value, d.future) == ("2013-05-20", True)
    assert one("وفي 3 أكتوبر الماضي أعلن", dt.date(2013, 2, 23)).value == "2012-10-03"


def test_relative_day_with_its_weekday_is_one_mention():
    d = one("قتل 14 جنديا أفغانيا على الأقل صباح أمس الاثنين في غارة", dt.date(2015, 7, 21))
    assert (d.text, d.value) == ("صباح امس الاثنين", "2015-07-20")
    d = one("وفقا لما أعلنته المجلة اليوم (الثلاثاء) دون تحديد", dt.date(2015, 7, 21))
    assert (d.text, d.value) == ("اليوم (الثلاثاء)", "2015-07-21")


@pytest.mark.parametrize("text, value", [
    ("أعلنت الوزارة يوم 5 يونيه 2014 عن", "2014-06-05"),
    ("عقد اللقاء في 20 يوليوز 2019 بالرباط", "2019-07-20"),
    ("انطلق المهرجان يوم 10 غشت 2018", "2018-08-10"),
    ("في 3 نونبر 2020 أعلنت الحكومة", "2020-11-03"),
    ("بتاريخ 2 ماي 2017", "2017-05-02"),
    ("في 4 حزيران 2016", "2016-06-04"),
])
def test_maghreb_and_levant_months(text, value):
    assert one(text).value == value


def test_hijri_day_without_year_uses_publication_year():
    assert one("نفذ الحكم يوم 14 رمضان", dt.date(2015, 7, 5)).value == "2015-07-01"


def test_period_bounds():
    t = normalise("في أعنف قتال بين الجمهوريتين منذ عام 2020، ويستمر المشروع حتى عام 2030").norm
    got = [(d.text, d.value, d.bound) for d in find_dates(t, PUB)]
    # the bound word is left out of the date's span
    assert got == [("عام 2020", "2020", "since"), ("عام 2030", "2030", "until")]
    # "منذ 3 أيام" is three days ago, not a bound
    assert one("وقعت الحادثة منذ 3 أيام").bound is None
    assert one("وقع الانفجار في 15 سبتمبر").bound is None


def test_weekday_with_a_future_cue_is_to_come():
    pub = dt.date(2013, 2, 1)     # a Friday
    d = one("سيلتقي السبت وزير الخارجية الروسي سيرغي لافروف والموفد الدولي", pub)
    assert (d.value, d.future) == ("2013-02-02", True)
    d = one("على ان يجتمع الاثنين في باريس بالرئيس الفرنسي", pub)
    assert (d.value, d.future) == ("2013-02-04", True)
    assert one("وقال السبت إن المحادثات مستمرة", pub).value == "2013-01-26"


def test_named_days_and_hours_ago():
    assert one("اعتقل في أعقاب هجمات 11 سبتمبر", dt.date(2013, 3, 24)).value == "2001-09-11"
    assert one("قصفت طائرات التحالف، قبل ساعات قليلة، قاعدة العند").value == "2022-09-15"
    assert one("وزار جنتيلوني طهران في مارس", dt.date(2015, 8, 6)).value == "2015-03"
    assert one("واستقال عام 2008 عندما خسر حلفاؤه في الانتخابات").value == "2008"


def test_day_ranges_take_the_first_day():
    pub = dt.date(2015, 7, 24)
    assert one("وكان الجانبان قد اتفقا في السابع والثامن من تموز - يوليو على استخدام القاعدة", pub).value == "2015-07-07"
    assert one("تعقد الدورة بين 12-14 سبتمبر 2022").value == "2022-09-12"
    assert one("في أعقاب هجمات 11 سبتمبر / ايلول", pub).value == "2001-09-11"


def test_numeric_hijri_and_spaced_dates():
    pub = dt.date(2015, 7, 21)
    assert one("عند السابعة من مساء الاثنين 4-10-1436 ورد بلاغ", pub).value == "2015-07-20"
    assert one("صدر بتاريخ 1436/10/4هـ", pub).value == "2015-07-20"
    assert one("أقيم الحفل يوم 12 / 9 / 2022").value == "2022-09-12"


def test_hijri_month_without_year():
    d = one("وتفاقم العنف في الصيف الفائت في اثناء شهر رمضان", dt.date(2013, 2, 17))
    assert (d.value, d.precision) == ("2012-08", "month")
    t = normalise("رجب طيب أردوغان يزور الرياض").norm
    assert find_dates(t, dt.date(2015, 8, 1)) == []
    assert one("وقعت الحادثة في نهاية سبتمبر الماضي", dt.date(2015, 8, 1)).value == "2014-09"


ALMANAC = ("الاقتصادية تنشر أهم الأحداث التي وقعت في مثل هذا اليوم الموافق للعشرين من شهر يوليو (تموز) "
           "على النحو التالي : 1909 - استقالة رئيس الحكومة الفرنسي جورج كليمنصو. "
           "1944 - انفجار قنبلة في مقر هتلر في راستنبورغ. 1951 - اغتيال العاهل الاردني الملك عبدالله في القدس.")


def test_on_this_day_almanac():
    t = normalise(ALMANAC).norm
    got = [(d.text, d.value) for d in find_dates(t, dt.date(2015, 7, 21))]
    assert ("1944", "1944-07-20") in got and ("1951", "1951-07-20") in got
    assert not any(v == "2015-07-21" for _, v in got)        # "في مثل هذا اليوم" is not today
    # a list without a cue in its text: the year only, unless the title says it is an almanac
    lines = "\n1933 - حكومة الرايخ تتبنى قانونا.\n1943 - غارات جوية على هامبورغ.\n1956 - تأميم قناة السويس.\n"
    t = normalise(lines).norm
    assert [d.value for d in find_dates(t, dt.date(2015, 7, 27))] == ["1933", "1943", "1956"]
    from marsad.text.dates import is_almanac_title
    assert is_almanac_title(normalise("هذا اليوم في التاريخ").norm)
    assert [d.value for d in find_dates(t, dt.date(2015, 7, 27), almanac=True)] == \
        ["1933-07-27", "1943-07-27", "1956-07-27"]
