"""Build ``data/countries.tsv`` (ISO3, ISO numeric, English name, ACLED region) for the ACLED export.

Source: /work/shared/data/gazetteers/countries.json — github.com/mledoze/countries, ODbL 1.0
(attribution kept in the TSV header). Regions: data/acled_regions.yaml.

    python -m marsad.export.build_countries [../shared/data/gazetteers/countries.json]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent / "data"


def build(src: Path, out: Path = HERE / "countries.tsv") -> int:
    regions = yaml.safe_load((HERE / "acled_regions.yaml").read_text(encoding="utf-8"))
    rows = []
    for c in json.loads(src.read_text(encoding="utf-8")):
        iso3 = c["cca3"]
        region = regions["country"].get(iso3) or regions["subregion"].get(c.get("subregion") or "") or ""
        rows.append((iso3, str(int(c["ccn3"])) if c.get("ccn3") else "", c["name"]["common"], region))
    rows.sort()
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# Countries for the ACLED export: iso3, iso_numeric, name, acled_region.\n"
                 "# Built by marsad/export/build_countries.py from github.com/mledoze/countries (ODbL 1.0;\n"
                 "# contains information from mledoze/countries, made available under the ODbL).\n")
        fh.write("iso3\tiso_numeric\tname\tacled_region\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    return len(rows)


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/gazetteers/countries.json")
    print(build(src), "countries")
