#!/usr/bin/env python3
"""Run two public Chinese extractors over tests/corpus and write benches/peers/peers.json.

- HTML pages (*.html): GNE (GeneralNewsExtractor) gives title, publish_time and content.
  GNE has no region extraction, so the regions of an HTML page come from JioNLP's
  recognize_location run on GNE's title and content (peer name "gne").
- Text pages (*.txt): JioNLP (peer name "jionlp"). JioNLP has no title or body
  extraction: the title is the first non-empty line and the body is every non-empty
  line (a keep-everything baseline); the date is the first absolute date that
  jio.ner.extract_time finds (time_base fixed at 2026-11-23 so runs are reproducible),
  and the regions come from jio.recognize_location on the whole text.

Encodings: a page is decoded with the `encoding` key of its .toml (default utf-8).
Not used by the test suite. Requires: pip install gne jionlp  (Python 3.11).
Usage: python3 benches/peers/run_peers.py [--corpus tests/corpus] [--out benches/peers/peers.json]
"""
import argparse
import datetime as dt
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIME_BASE = dt.datetime(2026, 11, 23).timestamp()
DATE_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
HAS_YEAR = re.compile(r"(\d{2}|\d{4})\s*[-/.年]")


def norm_date(s):
    if not s:
        return ""
    m = DATE_RE.search(str(s))
    if not m:
        return ""
    y, mo, d = (int(x) for x in m.groups())
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return ""


def regions_of(jio, text):
    out = []
    try:
        res = jio.recognize_location(text)
    except Exception as e:  # noqa: BLE001 - a peer failing on one page is recorded, not fatal
        print(f"  recognize_location failed: {e}", file=sys.stderr)
        return out
    for loc, _count in res.get("domestic") or []:
        r = {"province": loc.get("province"), "city": loc.get("city")}
        if r["province"] and r not in out:
            out.append(r)
    return out


def jionlp_date(jio, text):
    try:
        ents = jio.ner.extract_time(text, time_base=TIME_BASE, with_parsing=True)
    except Exception as e:  # noqa: BLE001
        print(f"  extract_time failed: {e}", file=sys.stderr)
        return ""
    for ent in ents:
        if ent.get("type") != "time_point":
            continue
        if not HAS_YEAR.search(ent.get("text", "")):
            continue  # a date without a year would be filled from time_base: skip it
        t = (ent.get("detail") or {}).get("time")
        if t:
            return norm_date(t[0])
    return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT / "tests" / "corpus"))
    ap.add_argument("--out", default=str(ROOT / "benches" / "peers" / "peers.json"))
    a = ap.parse_args()

    import jionlp as jio
    from gne import GeneralNewsExtractor

    gne = GeneralNewsExtractor()
    results = []
    corpus = Path(a.corpus)
    for meta_path in sorted(corpus.glob("*.toml")):
        slug = meta_path.stem
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
        enc = meta.get("encoding", "utf-8")
        page = next((p for p in (corpus / f"{slug}.html", corpus / f"{slug}.txt") if p.exists()), None)
        if page is None:
            continue
        text = page.read_bytes().decode(enc, errors="replace")
        print(slug, file=sys.stderr)
        if page.suffix == ".html":
            try:
                r = gne.extract(text)
            except Exception as e:  # noqa: BLE001
                print(f"  gne failed: {e}", file=sys.stderr)
                r = {}
            title = r.get("title") or ""
            body = r.get("content") or ""
            results.append({
                "slug": slug, "peer": "gne", "title": title,
                "date": norm_date(r.get("publish_time")),
                "regions": regions_of(jio, title + "\n" + body),
                "body": "\n".join(l.strip() for l in body.split("\n") if l.strip()),
            })
        else:
            lines = [l.strip() for l in text.splitlines() if l.strip()]
            results.append({
                "slug": slug, "peer": "jionlp",
                "title": lines[0] if lines else "",
                "date": jionlp_date(jio, text),
                "regions": regions_of(jio, text),
                "body": "\n".join(lines),
            })
    Path(a.out).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(results)} pages -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
