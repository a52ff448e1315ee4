"""The command line on good and bad input: a clear message per bad article, the batch goes on."""
import gzip
import json

from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()


def test_extract_seed_writes_the_contract(tmp_path, seed_text):
    p = tmp_path / "seed.txt"
    p.write_text(seed_text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["extract", str(p), "--published", "2022-09-15", "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(rec) == {"article", "entities", "events"}
    assert set(rec["article"]) == {"id", "source", "url", "published", "title"}
    ev = rec["events"][0]
    for key in ("id", "type", "mode", "context", "date", "date_precision", "actor", "recipient", "location",
                "fatalities", "speaker", "negated", "future", "evidence", "confidence"):
        assert key in ev
    ent = rec["entities"][0]
    assert set(ent) >= {"text", "type", "name_en", "code", "mentions"}


def test_bad_lines_are_reported_and_skipped(tmp_path):
    p = tmp_path / "batch.jsonl.gz"
    lines = [
        json.dumps({"id": "ok1", "published": "2015-07-30", "text": "قتل 12 شخصا في تفجير انتحاري في بغداد."}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "empty", "published": "2015-07-30", "text": ""}),
        json.dumps({"id": "english", "published": "2015-07-30", "text": "No Arabic here at all."}),
        json.dumps({"id": "nodate", "text": "اعتقلت الشرطة المصرية خمسة أشخاص أمس."}, ensure_ascii=False),
    ]
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["extract", str(p), "-o", str(out), "-q"])
    assert r.exit_code == 0
    ids = [json.loads(x)["article"]["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["ok1", "nodate"]
    msg = " ".join(r.output.split())   # Rich wraps long lines
    assert "batch.jsonl.gz:2" in msg and "malformed JSON" in msg
    assert "empty text" in msg and "no Arabic text" in msg
    assert "no publication date" in msg


def test_nothing_readable_exits_non_zero(tmp_path):
    p = tmp_path / "english.txt"
    p.write_text("Nothing in Arabic.", encoding="utf-8")
    r = runner.invoke(app, ["extract", str(p), "-q"])
    assert r.exit_code == 1
    assert "no Arabic text" in " ".join(r.output.split())
    r = runner.invoke(app, ["extract", str(tmp_path / "missing.txt"), "-q"])
    assert r.exit_code == 1 and "no such file" in " ".join(r.output.split())
