#!/usr/bin/python3
"""Reference implementation of the event-log pipeline with pandas (Debian's python3-pandas),
the library PM4Py is built on, written the way an analyst writes it with pandas:

    read the CSV -> sort events by case, then timestamp (stable: file order on ties)
    -> case lead time = last timestamp - first timestamp (PM4Py's case duration)
    -> directly-follows graph: consecutive events of a case, count and mean time
    -> variants: the sequence of activities of each case, counted

It follows the definitions in docs/eventlog.md section 2 (PM4Py's): percentiles by linear
interpolation (numpy's default). Prints the same JSON as ref_stats.py (the plain-Python
reference): cases, events, activities, variants, lead_time.{mean_s, median_s, p80_s, p95_s}
and the DFG edges, so that bench/log/run.sh can compare it number by number with
`kartla eventlog stats --json` and `kartla eventlog dfg --json`.

    ref_pandas.py LOG.csv     CSV with a header naming the case, activity and timestamp
                              columns (case:concept:name / concept:name / time:timestamp, or
                              case / activity / timestamp); comma, semicolon, tab or pipe

Run it with /usr/bin/python3 (Debian's python, where python3-pandas is installed).
"""
import json
import sys

import numpy as np
import pandas as pd

CASE = ["case:concept:name", "case id", "case_id", "caseid", "case"]
ACT = ["concept:name", "activity", "activity name", "activity_name"]
TIME = ["time:timestamp", "timestamp", "complete timestamp", "end timestamp", "time"]


def columns(path):
    with open(path, encoding="utf-8-sig") as f:
        first = f.readline()
    delim = max([",", ";", "\t", "|"], key=first.count)
    header = [h.strip().strip('"').lower() for h in first.rstrip("\r\n").split(delim)]

    def col(names):
        for n in names:
            if n in header:
                return header.index(n)
        raise SystemExit("ref_pandas: no column among %s" % names)

    return delim, col(CASE), col(ACT), col(TIME)


def main(argv):
    path = argv[1]
    delim, ci, ai, ti = columns(path)
    df = pd.read_csv(path, sep=delim, usecols=[ci, ai, ti], dtype=str, encoding="utf-8-sig",
                     keep_default_na=False, engine="c")
    names = {ci: "case", ai: "act", ti: "time"}
    df.columns = [names[i] for i in sorted((ci, ai, ti))]
    # timestamps -> integer milliseconds since the epoch, UTC (no offset = UTC)
    df["time"] = pd.to_datetime(df["time"], utc=True).astype("int64") // 1_000_000
    nevents = len(df)
    nacts = df["act"].nunique()
    # sort by case, then time; the row number breaks ties (file order), as a stable sort does
    df["case"], case_names = pd.factorize(df["case"])
    df["act"], act_names = pd.factorize(df["act"])
    df = df.sort_values(["case", "time"], kind="stable", ignore_index=True)
    case = df["case"].to_numpy()
    act = df["act"].to_numpy()
    tms = df["time"].to_numpy()

    # case lead times
    first = np.r_[True, case[1:] != case[:-1]]
    last = np.r_[case[1:] != case[:-1], True]
    lead = (tms[last] - tms[first]) / 1000.0
    ncases = len(lead)

    # DFG: consecutive events of the same case
    same = case[1:] == case[:-1]
    pairs = pd.DataFrame({"a": act[:-1][same], "b": act[1:][same],
                          "d": (tms[1:] - tms[:-1])[same]})
    g = pairs.groupby(["a", "b"], sort=False)["d"].agg(["count", "sum"]).reset_index()

    # variants: the activity sequence of each case
    starts = np.flatnonzero(first)
    seqs = pd.Series(np.split(act, starts[1:])).map(lambda a: a.tobytes())
    nvariants = seqs.nunique()

    r3 = lambda x: round(float(x), 3)
    out = {
        "cases": int(ncases),
        "events": int(nevents),
        "activities": int(nacts),
        "variants": int(nvariants),
        "lead_time": {
            "mean_s": r3(lead.mean()),
            "median_s": r3(np.quantile(lead, 0.5)),
            "p80_s": r3(np.quantile(lead, 0.8)),
            "p95_s": r3(np.quantile(lead, 0.95)),
        },
        "dfg": sorted(
            ({"from": act_names[a], "to": act_names[b], "count": int(c),
              "mean_s": r3(s / 1000.0 / c)}
             for a, b, c, s in g.itertuples(index=False)),
            key=lambda e: (-e["count"], e["from"], e["to"]),
        ),
    }
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
