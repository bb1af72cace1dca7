#!/usr/bin/env python3
"""Reference implementation of Kartla's event-log pipeline in plain Python (standard library
only: PM4Py and pandas cannot be installed on the benchmark machine).

It follows PM4Py's definitions, as docs/eventlog.md states them: events of a case sorted by
timestamp (stable, file order on ties); case duration = last timestamp - first timestamp;
variants = the sequence of activity names per case; directly-follows graph = consecutive
events of a case, with the mean time between them. Percentiles use numpy's default (linear)
interpolation.

    ref_stats.py LOG [--json]     LOG: CSV (header with case:concept:name / concept:name /
                                  time:timestamp, or case/activity/timestamp) or XES, plain or gzip

Prints the same JSON keys as `kartla eventlog stats --json` for cases, events, activities,
variants and lead_time, plus the DFG edges, so the two can be compared number by number.
"""
import csv
import datetime as dt
import gzip
import io
import json
import sys
import xml.etree.ElementTree as ET

CASE = ["case:concept:name", "case id", "case_id", "caseid", "case"]
ACT = ["concept:name", "activity", "activity name", "activity_name"]
TIME = ["time:timestamp", "timestamp", "complete timestamp", "end timestamp", "time"]


def open_any(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")
    return open(path, "rb")


def parse_ts(s):
    s = s.strip()
    if len(s) >= 10 and s[2] == "." and s[5] == ".":
        s = s[6:10] + "-" + s[3:5] + "-" + s[0:2] + s[10:]
    s = s.replace("/", "-", 2).replace("Z", "+00:00")
    t = dt.datetime.fromisoformat(s)
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.timestamp()


def read_csv(f):
    text = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
    first = text.readline()
    delim = max([",", ";", "\t", "|"], key=first.count)
    rows = csv.reader(text, delimiter=delim)
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delim))]

    def col(names):
        for n in names:
            if n in header:
                return header.index(n)
        raise SystemExit("ref_stats: no column among %s" % names)

    ci = col(CASE)
    ai = col(ACT)
    ti = col(TIME)
    for seq, r in enumerate(rows):
        if not r:
            continue
        yield r[ci], r[ai], parse_ts(r[ti]), seq


def read_xes(f):
    seq = 0
    case = None
    events = []
    for ev, el in ET.iterparse(f, events=("start", "end")):
        tag = el.tag.rsplit("}", 1)[-1]
        if ev == "start":
            if tag == "trace":
                case, events = None, []
            continue
        if tag in ("string", "date") and el.get("key") == "concept:name":
            pass
        if tag == "event":
            name = ts = None
            for a in el:
                k = a.get("key")
                if k == "concept:name":
                    name = a.get("value")
                elif k == "time:timestamp":
                    ts = parse_ts(a.get("value"))
            events.append((name, ts, seq))
            seq += 1
            el.clear()
        elif tag == "trace":
            for a in el:
                if a.tag.rsplit("}", 1)[-1] != "event" and a.get("key") == "concept:name":
                    case = a.get("value")
            for name, ts, s in events:
                yield case, name, ts, s
            el.clear()


def quantile(v, p):
    pos = p * (len(v) - 1)
    lo = int(pos)
    if lo + 1 >= len(v):
        return v[-1]
    return v[lo] + (v[lo + 1] - v[lo]) * (pos - lo)


def main(argv):
    path = argv[1]
    f = open_any(path)
    head = f.peek(64)[:64] if hasattr(f, "peek") else b""
    is_xml = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    cases = {}
    acts = set()
    nevents = 0
    for case, act, ts, seq in (read_xes(f) if is_xml else read_csv(f)):
        cases.setdefault(case, []).append((ts, seq, act))
        acts.add(act)
        nevents += 1
    lead = []
    variants = {}
    dfg = {}
    for evs in cases.values():
        evs.sort()
        lead.append(evs[-1][0] - evs[0][0])
        key = tuple(e[2] for e in evs)
        variants[key] = variants.get(key, 0) + 1
        for a, b in zip(evs, evs[1:]):
            d = dfg.setdefault((a[2], b[2]), [0, 0.0])
            d[0] += 1
            d[1] += b[0] - a[0]
    lead.sort()
    r3 = lambda x: round(x, 3)
    out = {
        "cases": len(cases),
        "events": nevents,
        "activities": len(acts),
        "variants": len(variants),
        "lead_time": {
            "mean_s": r3(sum(lead) / len(lead)),
            "median_s": r3(quantile(lead, 0.5)),
            "p80_s": r3(quantile(lead, 0.8)),
            "p95_s": r3(quantile(lead, 0.95)),
        },
        "dfg": sorted(
            ({"from": a, "to": b, "count": c, "mean_s": r3(t / c)} for (a, b), (c, t) in dfg.items()),
            key=lambda e: (-e["count"], e["from"], e["to"]),
        ),
    }
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
