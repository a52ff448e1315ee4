"""Error analysis: which gold entities/events were missed and which predictions were spurious.

    python scripts/error_report.py GOLD.jsonl PRED.jsonl [--entities] [--events] [--limit N]

Uses the scorer's own matching (../shared/eval/score.py) so the lists agree with the numbers.
"""
import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path


def load_scorer(path):
    spec = importlib.util.spec_from_file_location("score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--scorer", default=str(Path(__file__).resolve().parents[2] / "shared/eval/score.py"))
    ap.add_argument("--entities", action="store_true")
    ap.add_argument("--events", action="store_true")
    a = ap.parse_args()
    sc = load_scorer(a.scorer)
    gold, pred = sc.load(a.gold), sc.load(a.pred)
    fn_ent, fp_ent = Counter(), Counter()
    for aid, g in gold.items():
        p = pred.get(aid, {})
        if a.entities:
            ge, pe = g.get("entities", []), p.get("entities", [])
            pairs = sc.match(ge, pe, sc.entity_match)
            mg = {id(x) for x, _ in pairs}
            mp = {id(y) for _, y in pairs}
            for e in ge:
                if id(e) not in mg:
                    fn_ent[(e["type"], e["text"], e.get("code"))] += 1
            for e in pe:
                if id(e) not in mp:
                    fp_ent[(e["type"], e["text"], e.get("code"))] += 1
        if a.events:
            gv, pv = g.get("events", []), p.get("events", [])
            pairs = sc.match(gv, pv, sc.event_ok, sc.event_rank)
            mg = {id(x) for x, _ in pairs}
            mp = {id(y) for _, y in pairs}
            print(f"=== {aid} {g.get('title','')[:70]}")
            for e in gv:
                if id(e) not in mg:
                    print(f"  FN {e['type']:9s} {e.get('mode')} {e.get('actor')}->{e.get('recipient')} | {e.get('evidence','')[:90]}")
            for e in pv:
                if id(e) not in mp:
                    codes = [x.get('code') for x in e.get('actor', [])], [x.get('code') for x in e.get('recipient', [])]
                    print(f"  FP {e['type']:9s} {e.get('mode')} {codes[0]}->{codes[1]} [{e.get('trigger')}] | {e['evidence']['text'][:90]}")
    if a.entities:
        print("MISSED entities:")
        for k, n in fn_ent.most_common(150):
            print("  ", n, k)
        print("SPURIOUS entities:")
        for k, n in fp_ent.most_common(150):
            print("  ", n, k)


if __name__ == "__main__":
    main()
