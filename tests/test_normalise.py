from marsad.text.normalise import norm, normalise


def test_letters_digits_and_marks_fold_with_offsets_kept():
    original = "قُتل ما لا يقل عن ٤٩ جندياً من أرمينيا\u200f، والأرمينية ﻻ"
    t = normalise(original)
    assert t.norm == "قتل ما لا يقل عن 49 جنديا من ارمينيا، والارمينيه لا"
    i = t.norm.index("جنديا")
    assert t.original_text(i, i + len("جنديا")) == "جندياً"
    i = t.norm.index("49")
    assert t.original_text(i, i + 2) == "٤٩"


def test_persian_digits_tatweel_and_spaces():
    assert norm("۲۰۲۲ الحـــرب\u00a0الأولى") == "2022 الحرب الاولي"


def test_alef_maqsura_ta_marbuta_and_hamza_seats():
    assert norm("مُؤتمر رئيس الهيئة على") == "موتمر رييس الهييه علي"


def test_presentation_forms_without_decomposition_do_not_loop():
    assert norm("\ufd3eقال\ufd3f \ufbb2 \ufdfd") == "\ufd3eقال\ufd3f \ufbb2 \ufdfd"
