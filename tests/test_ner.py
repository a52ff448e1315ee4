"""NER: tokeniser offsets, features, evaluation spans, and the shipped model on real sentences."""
from __future__ import annotations

from pathlib import Path

import pytest

from marsad.ner.evaluate import read_bio, score, spans
from marsad.ner.features import (clusters, gazetteer_tags, normalize, sent_features, sentences,
                                 strip_clitics, tokenize, word_infos)
from marsad.ner.model import MODEL_PATH

DATA = Path(__file__).with_name("data")
SEED = "قال وزير الخارجية الأمريكي أنتوني بلينكن، الثلاثاء، إن روسيا يمكنها إما \"تقليب الأوضاع\" أو استخدام نفوذها في المنطقة"


def test_tokenize_keeps_offsets():
    text = "أعلن مسؤول كبير في أرمينيا، الأربعاء 14 سبتمبر/أيلول 2022، الاتفاق على \"هدنة\" مع أذربيجان."
    toks = tokenize(text)
    assert all(text[s:e] == w for s, e, w in toks)
    words = [w for *_, w in toks]
    assert words[:6] == ["أعلن", "مسؤول", "كبير", "في", "أرمينيا", "،"]
    assert "14" in words and "2022" in words and "/" in words and '"' in words
    assert words[-1] == "."


def test_tokenize_diacritics_tatweel_and_format_chars():
    text = "قالَ الرئيــس\u200e بايدن: 3.5 مليون"
    toks = tokenize(text)
    assert [w for *_, w in toks] == ["قالَ", "الرئيــس", "بايدن", ":", "3.5", "مليون"]
    assert all(text[s:e] == w for s, e, w in toks)


def test_normalize_and_clitics():
    assert normalize("أَحْمَد") == "احمد"
    assert normalize("إسرائيل") == "اسراييل"
    assert normalize("مصطفى") == "مصطفي"
    assert normalize("الرئيــسة") == "الرييسه"
    assert normalize("٢٠٢٢") == "2022"
    assert strip_clitics(normalize("والعراق")) == ("وال", "عراق")
    assert strip_clitics(normalize("للأمم")) == ("لل", "امم")
    assert strip_clitics(normalize("بغداد"))[0] == "ب"  # ambiguous by design: a feature, not a lemma
    assert strip_clitics("في") == ("", "في")


def test_features_on_real_sentence():
    words = [w for *_, w in tokenize(SEED)]
    feats = sent_features(words)
    assert len(feats) == len(words)
    i = words.index("أنتوني")
    f = set(feats[i])
    assert {"w=أنتوني", "n=انتوني", "p2=ان", "x3=وني", "1n=بلينكن", "-1n=الامريكي"} <= f
    # "وزير الخارجية" two tokens before is a title in the gazetteer
    gz = gazetteer_tags(word_infos(words))
    assert gz[1:3] == ["B-TTL", "I-TTL"]
    assert gz[words.index("روسيا")] == "B-CTRY"
    assert "-2gz=I-TTL" in f
    # word clusters from the news corpora group city names together
    cl = clusters()
    if cl:
        assert cl[normalize("بغداد")] == cl[normalize("دمشق")] or cl[normalize("بغداد")][0] == cl[normalize("دمشق")][0]


def test_sport_topic_and_cue_gazetteers():
    text = "وتعادل فريق برشلونة مع ريال مدريد في مباراة الدوري الإسباني على ملعب سانتياغو برنابيو"
    words = [w for *_, w in tokenize(text)]
    feats = sent_features(words)
    i = words.index("برشلونة")
    assert "sp" in feats[i] and "-1gz=B-ORGH" in feats[i]
    gz = gazetteer_tags(word_infos(["والعراق", "لوزير", "الخارجية", "الفريق", "أول"]))
    assert gz == ["B-CTRY", "B-TTL", "I-TTL", "B-TTL", "I-TTL"]
    plain = sent_features([w for *_, w in tokenize("وصل الوفد إلى مدينة برشلونة الإسبانية")])
    assert all("sp" not in f for f in plain)
    assert "-1gz=B-LOCC" in plain[4]


def test_sentences_split_and_cap():
    text = "انفجرت سيارة في بغداد. وقال الجيش إن ثلاثة قتلوا؟\nالخبر التالي"
    toks = tokenize(text)
    sents = sentences(toks, text)
    assert [[toks[i][2] for i in s][-1] for s in sents] == [".", "؟", "التالي"]
    long = " ".join(["كلمة"] * 250)
    assert max(len(s) for s in sentences(tokenize(long), long)) <= 80


def test_spans_and_score_conll_convention():
    assert spans(["B-PERS", "I-PERS", "O", "B-LOC", "B-LOC", "I-ORG", "I-ORG"]) == [
        (0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 7, "ORG")]
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    pred = [["B-PERS", "O", "O", "B-LOC"]]
    res = score(gold, pred)
    assert res["LOC"]["f1"] == 1.0 and res["PERS"]["tp"] == 0
    assert res["ALL"]["p"] == 0.5 and res["ALL"]["r"] == 0.5


def test_read_bio_fixture():
    sents = read_bio(DATA / "ner_sample.txt")
    assert len(sents) == 2
    words, tags = sents[0]
    assert words[0] == "فرانكفورت" and tags[0] == "B-LOC"


needs_model = pytest.mark.skipif(not MODEL_PATH.exists(), reason="NER model not trained")


@needs_model
def test_shipped_model_tags_seed_sentence():
    from marsad.ner import tag

    got = tag(SEED)
    per = [SEED[s:e] for s, e, t in got if t == "PER"]
    assert "أنتوني بلينكن" in per
    assert ("روسيا" in [SEED[s:e] for s, e, t in got if t == "LOC"])
    assert all(t in {"PER", "ORG", "LOC", "MISC"} for *_, t in got)


@needs_model
def test_shipped_model_on_press_sentences():
    from marsad.ner import tag

    text = ("ونقلت وكالات أنباء روسية عن أرمين جريجوريان، أمين مجلس الأمن الأرميني، قوله للتلفزيون المحلي "
            "إن الهدنة سارية. والتقى الرئيس المصري عبد الفتاح السيسي في القاهرة بالأمين العام للأمم المتحدة.")
    got = {(text[s:e], t) for s, e, t in tag(text)}
    assert ("أرمين جريجوريان", "PER") in got
    assert ("عبد الفتاح السيسي", "PER") in got
    assert ("القاهرة", "LOC") in got
    for s, e, t in tag(text):
        assert text[s:e] == text[s:e].strip() and e > s


@needs_model
def test_shipped_model_on_fixture_file():
    from marsad.ner.evaluate import evaluate_file

    res = evaluate_file(DATA / "ner_sample.txt")
    assert res["ALL"]["f1"] >= 0.6


def test_empty_text():
    from marsad.ner import tag

    if MODEL_PATH.exists():
        assert tag("") == [] and tag("   \n") == []


@needs_model
def test_fast_decoder_equals_crfsuite():
    """The NumPy decoder must return crfsuite's own Viterbi path."""
    from marsad.ner.model import get_fast, get_tagger

    sents = [w for w, _ in read_bio(DATA / "ner_sample.txt")]
    sents.append([w for *_, w in tokenize(SEED)])
    fast, ref = get_fast(), get_tagger()
    for words in sents:
        assert fast.tag(words) == ref.tag(sent_features(words))
    assert fast.tag_many(sents) == [ref.tag(sent_features(w)) for w in sents]
