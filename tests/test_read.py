"""Readers: every format, every encoding, and every bad input reported with its name and reason."""
from __future__ import annotations

import gzip
import io
import json
import sys

import pytest

from marsad.read import ReadError, read_path, read_paths
from marsad.read import files as files_mod

NEWS = ("أعلن التحالف العربي بقيادة السعودية اليوم الخميس أن طائراته شنت غارات جوية على مواقع "
        "لميليشيات الحوثي في محافظة صعدة شمال اليمن، ما أسفر عن مقتل 12 مسلحا على الأقل، "
        "بحسب ما قالت مصادر محلية لوكالة الأنباء الفرنسية.")
NEWS2 = ("قال مسؤول في وزارة الداخلية العراقية إن انتحاريا فجر سيارة مفخخة في سوق شعبي بمدينة "
         "الخالص شمال شرق بغداد، ما أدى إلى مقتل 25 شخصا وإصابة العشرات.")


def collect(path, **kw):
    out = list(read_path(str(path), **kw))
    return [r for r in out if not isinstance(r, ReadError)], [r for r in out if isinstance(r, ReadError)]


def test_txt_utf8_with_bidi_controls_stripped(tmp_path):
    p = tmp_path / "gharat.txt"
    p.write_text("\u200f" + NEWS + "\u202b (تحديث)\u202c", encoding="utf-8")
    arts, errs = collect(p, published="2015-07-30")
    assert not errs and len(arts) == 1
    a = arts[0]
    assert a.id == "gharat" and a.published == "2015-07-30"
    assert "\u200f" not in a.text and "\u202b" not in a.text and "\u202c" not in a.text
    assert a.text.startswith("أعلن التحالف")


@pytest.mark.parametrize("encoding", ["cp1256", "utf-8-sig", "utf-16"])
def test_txt_legacy_encodings_detected(tmp_path, encoding):
    p = tmp_path / f"old-{encoding}.txt"
    p.write_bytes(NEWS.encode(encoding))
    arts, errs = collect(p)
    assert not errs
    assert arts[0].text == NEWS


def test_cp1256_without_extension_and_jsonl_line(tmp_path):
    # a JSONL line written by an old Windows tool in cp1256: decoded, not dropped
    p = tmp_path / "old.jsonl"
    p.write_bytes(json.dumps({"id": "w1", "text": NEWS2, "published": "2015-07-18"}, ensure_ascii=False).encode("cp1256") + b"\n")
    arts, errs = collect(p)
    assert not errs and arts[0].text == NEWS2 and arts[0].id == "w1"


def test_jsonl_and_gzip_with_bad_lines(tmp_path):
    lines = [json.dumps({"id": "a1", "text": NEWS, "published": "2015-07-30", "source": "alriyadh",
                         "title": "غارات على صعدة"}, ensure_ascii=False),
             "{not json",
             json.dumps({"id": "a2", "text": "The coalition said on Thursday."}),
             json.dumps({"id": "a3", "text": "   "}),
             json.dumps(["a list"]),
             json.dumps({"id": "a4", "text": NEWS2, "published": "2015-07-18"}, ensure_ascii=False)]
    for name, opener in (("x.jsonl", open), ("x.jsonl.gz", gzip.open)):
        p = tmp_path / name
        with opener(p, "wt", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        arts, errs = collect(p)
        assert [a.id for a in arts] == ["a1", "a4"]
        assert arts[0].source == "alriyadh" and arts[0].title == "غارات على صعدة"
        reasons = {e.where.split(str(tmp_path) + "/")[1]: e.reason for e in errs}
        assert reasons[f"{name}:2"].startswith("malformed JSON")
        assert reasons[f"{name}:3 (id a2)"] == "no Arabic text"
        assert reasons[f"{name}:4 (id a3)"] == "empty text"
        assert reasons[f"{name}:5"] == "line is JSON but not an object"


def test_truncated_gzip_keeps_earlier_lines(tmp_path):
    body = "".join(json.dumps({"id": f"n{i}", "text": NEWS + f" ({i})", "published": "2015-07-30"},
                              ensure_ascii=False) + "\n" for i in range(400))
    full = gzip.compress(body.encode("utf-8"))
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(full[: len(full) * 2 // 3])
    arts, errs = collect(p)
    assert 0 < len(arts) < 400
    assert len(errs) == 1 and "truncated gzip" in errs[0].reason and errs[0].where == str(p)


def test_bad_files_reported_and_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(NEWS, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    nul = tmp_path / "dump.txt"
    nul.write_bytes(b"abc\x00\x00\x00def" * 100)
    english = tmp_path / "english.txt"
    english.write_text("The Saudi-led coalition struck Saada on Thursday.", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    with open(huge, "w", encoding="utf-8") as fh:  # 50 MB of Arabic text
        chunk = (NEWS + "\n") * 200
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    badgz = tmp_path / "notreally.txt.gz"
    badgz.write_bytes(b"\x1f\x8b\x08\x00" + b"garbage" * 10)
    missing = tmp_path / "missing.txt"
    out = list(read_paths([str(x) for x in (empty, binary, nul, english, huge, badgz, missing, good)]))
    arts = [r for r in out if not isinstance(r, ReadError)]
    errs = {r.where: r.reason for r in out if isinstance(r, ReadError)}
    assert [a.id for a in arts] == ["good"]
    assert errs[str(empty)] == "empty file"
    assert errs[str(binary)] == "binary file (PNG image)"
    assert errs[str(nul)] == "binary file (NUL bytes)"
    assert errs[str(english)] == "no Arabic text"
    assert errs[str(huge)].startswith("file too large (5")
    assert "gzip" in errs[str(badgz)]
    assert errs[str(missing)] == "no such file"


HTML_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>غارات للتحالف على صعدة | صحيفة الرياض</title>
<meta property="og:title" content="غارات للتحالف على صعدة">
<meta property="article:published_time" content="2015-07-30T09:15:00+03:00">
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/sport">رياضة</a></li><li><a href="/eco">اقتصاد</a></li></ul></nav>
<article><h1>غارات للتحالف على صعدة</h1>
<p>{p1}</p>
<p>{p2}</p>
<p>وأضافت المصادر أن الغارات استهدفت مخازن أسلحة ومواقع تجمع للمسلحين في مديريات عدة بالمحافظة الواقعة على الحدود مع السعودية.</p>
</article>
<footer><p>جميع الحقوق محفوظة لصحيفة الرياض 2015</p></footer>
</body></html>"""


def test_html_main_text_title_and_date(tmp_path):
    p = tmp_path / "riyadh-1.html"
    p.write_text(HTML_PAGE.format(p1=NEWS, p2=NEWS2), encoding="utf-8")
    arts, errs = collect(p)
    assert not errs and len(arts) == 1
    a = arts[0]
    assert a.published == "2015-07-30"
    assert a.title and "غارات للتحالف على صعدة" in a.title
    assert "طائراته شنت غارات جوية" in a.text and "سيارة مفخخة" in a.text
    assert "رياضة" not in a.text and "جميع الحقوق محفوظة" not in a.text


def test_html_fallback_without_trafilatura(tmp_path, monkeypatch):
    from marsad.read import html as html_mod
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails → stdlib fallback
    page = html_mod.extract_html(HTML_PAGE.format(p1=NEWS, p2=NEWS2))
    assert page["date"] == "2015-07-30" and page["title"] == "غارات للتحالف على صعدة"
    assert "طائراته شنت غارات جوية" in page["text"] and "الرئيسية" not in page["text"]


def test_html_without_article(tmp_path):
    p = tmp_path / "index.html"
    p.write_text("<html><head><title>الرئيسية</title></head><body><nav><a href='/a'>أخبار</a>"
                 "<a href='/b'>رياضة</a></nav><img src='x.png'></body></html>", encoding="utf-8")
    arts, errs = collect(p)
    assert not arts and len(errs) == 1 and errs[0].where == str(p)
    assert errs[0].reason.startswith("HTML page with no")


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>وكالة الأنباء</title><link>http://example.org</link>
<item><title>غارات على صعدة</title><link>http://example.org/1</link><guid>http://example.org/1</guid>
<pubDate>Thu, 30 Jul 2015 08:00:00 +0300</pubDate>
<description><![CDATA[<p>{p1}</p>]]></description></item>
<item><title>Sports</title><link>http://example.org/2</link><description>Football results</description></item>
<item><title>تفجير في الخالص</title><link>http://example.org/3</link>
<pubDate>Sat, 18 Jul 2015 10:00:00 +0300</pubDate>
<content:encoded><![CDATA[<div><p>{p2}</p></div>]]></content:encoded></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار اليمن</title>
<entry><id>tag:example.org,2015:1</id><title>غارات على صعدة</title>
<link rel="alternate" href="http://example.org/a1"/><published>2015-07-30T08:00:00Z</published>
<content type="html">&lt;p&gt;{p1}&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom(tmp_path):
    rss = tmp_path / "feed.rss"
    rss.write_text(RSS.format(p1=NEWS, p2=NEWS2), encoding="utf-8")
    arts, errs = collect(rss)
    assert [a.url for a in arts] == ["http://example.org/1", "http://example.org/3"]
    assert [a.published for a in arts] == ["2015-07-30", "2015-07-18"]
    assert arts[0].source == "وكالة الأنباء" and arts[0].title == "غارات على صعدة"
    assert arts[0].text == NEWS and arts[1].text == NEWS2
    assert len(errs) == 1 and errs[0].where.startswith(f"{rss}#item2") and errs[0].reason == "no Arabic text"

    atom = tmp_path / "yemen.xml"
    atom.write_text(ATOM.format(p1=NEWS), encoding="utf-8")
    arts, errs = collect(atom)
    assert not errs and len(arts) == 1
    assert arts[0].id == "tag:example.org,2015:1" and arts[0].published == "2015-07-30" and arts[0].text == NEWS

    bad = tmp_path / "broken.xml"
    bad.write_text("<rss><channel><item><title>غارات", encoding="utf-8")
    arts, errs = collect(bad)
    assert not arts and errs[0].reason.startswith("malformed XML feed")


def test_folder_and_stdin(tmp_path, monkeypatch):
    d = tmp_path / "news"
    (d / "sub").mkdir(parents=True)
    (d / "b.txt").write_text(NEWS2, encoding="utf-8")
    (d / "sub" / "a.html").write_text(HTML_PAGE.format(p1=NEWS, p2=NEWS2), encoding="utf-8")
    (d / "notes.pdf").write_bytes(b"%PDF-1.4")
    arts, errs = collect(d, published="2015-07-31")
    assert sorted(a.id for a in arts) == ["a", "b"] and not errs

    stdin = io.TextIOWrapper(io.BytesIO(NEWS.encode("cp1256")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    arts, errs = collect("-", published="2015-07-30")
    assert not errs and arts[0].text == NEWS


def test_limits_are_module_settings():
    assert files_mod.MAX_FILE_BYTES < 50 * 1024 * 1024


def test_json_array_file(tmp_path):
    p = tmp_path / "export.json"
    p.write_text(json.dumps([{"id": "j1", "text": NEWS, "published": "2015-07-30"}, {"id": "j2", "text": ""}],
                            ensure_ascii=False), encoding="utf-8")
    arts, errs = collect(p)
    assert [a.id for a in arts] == ["j1"]
    assert errs[0].where == f"{p}[2] (id j2)" and errs[0].reason == "empty text"


def test_windows_arabic_html_page_with_declared_charset(tmp_path):
    page = HTML_PAGE.format(p1=NEWS, p2=NEWS2).replace('<meta charset="utf-8">',
                                                       '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">')
    page = page.replace("<nav>", "<nav>" + "<a href='/x'>link</a>" * 200)  # markup-heavy: mostly Latin letters
    p = tmp_path / "old-site.htm"
    p.write_bytes(page.encode("cp1256"))
    arts, errs = collect(p)
    assert not errs and "طائراته شنت غارات جوية" in arts[0].text and arts[0].published == "2015-07-30"
