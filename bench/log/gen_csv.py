#!/usr/bin/env python3
"""Scales a real XES log into a flat CSV of about TARGET bytes (standard library only):
the base log's cases are written again and again with new case ids and times shifted by the
log's span, so the figures per copy stay those of the base log.

    gen_csv.py BASE.xes[.gz] TARGET_BYTES OUT.csv
"""
import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ref_stats  # noqa: E402


def main(argv):
    base, target, out = argv[1], int(argv[2]), argv[3]
    events = [(c, a, t) for c, a, t, _ in ref_stats.read_xes(ref_stats.open_any(base))]
    lo = min(t for _, _, t in events)
    span = max(t for _, _, t in events) - lo + 86400
    written = 0
    copy = 0
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("case:concept:name,concept:name,time:timestamp\n")
        while written < target:
            lines = []
            shift = copy * span
            for c, a, t in events:
                ts = dt.datetime.fromtimestamp(t + shift, dt.timezone.utc)
                lines.append('%s-%d,"%s",%s\n' % (c, copy, a.replace('"', '""'),
                                                   ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"))
            chunk = "".join(lines)
            f.write(chunk)
            written += len(chunk.encode("utf-8"))
            copy += 1
    print("%s: %d bytes, %d copies of %d events" % (out, written, copy, len(events)))


if __name__ == "__main__":
    main(sys.argv)
