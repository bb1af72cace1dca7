#!/usr/bin/env python3
"""Scales a real XES log into an XES document of about TARGET bytes (standard library only),
as gen_csv.py does for the CSV: the base log's traces are written again and again with new
case ids and times shifted by the log's span. Each event keeps concept:name, time:timestamp
(milliseconds and the +00:00 offset) and lifecycle:transition, as in the base log.

    gen_xes.py BASE.xes[.gz] TARGET_BYTES OUT.xes
"""
import datetime as dt
import os
import sys
from xml.sax.saxutils import quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ref_stats  # noqa: E402

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0" xes.features="nested-attributes" openxes.version="1.0RC7">
\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<global scope="event">
\t\t<string key="concept:name" value="__INVALID__"/>
\t</global>
"""


def main(argv):
    base, target, out = argv[1], int(argv[2]), argv[3]
    traces = {}
    order = []
    for c, a, t, _ in ref_stats.read_xes(ref_stats.open_any(base)):
        if c not in traces:
            traces[c] = []
            order.append(c)
        traces[c].append((quoteattr(a), t))
    times = [t for c in order for _, t in traces[c]]
    lo, span = min(times), max(times) - min(times) + 86400
    written = 0
    copy = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEAD)
        while written < target:
            parts = []
            shift = copy * span
            for c in order:
                parts.append('\t<trace>\n\t\t<string key="concept:name" value=%s/>\n'
                             % quoteattr("%s-%d" % (c, copy)))
                for a, t in traces[c]:
                    ts = dt.datetime.fromtimestamp(t + shift, dt.timezone.utc)
                    parts.append('\t\t<event>\n'
                                 '\t\t\t<date key="time:timestamp" value="%s"/>\n'
                                 '\t\t\t<string key="concept:name" value=%s/>\n'
                                 '\t\t\t<string key="lifecycle:transition" value="COMPLETE"/>\n'
                                 '\t\t</event>\n'
                                 % (ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+00:00", a))
                parts.append('\t</trace>\n')
            chunk = "".join(parts)
            f.write(chunk)
            written += len(chunk.encode("utf-8"))
            copy += 1
        f.write("</log>\n")
    print("%s: %d bytes, %d copies of %d traces" % (out, written, copy, len(order)))


if __name__ == "__main__":
    main(sys.argv)
