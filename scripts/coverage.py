#!/usr/bin/env python3
"""Line coverage of the C code, total and per module, from gcovr's JSON summary.
Usage: coverage.py SUMMARY.json
Modules: each folder of lib/ (lib/util, lib/store, ...), server/ and cli/. Information
only: it never fails a run (exit status 0 unless the summary cannot be read)."""
import json
import sys


def module(path):
    parts = path.split("/")
    if parts[0] == "lib" and len(parts) > 2:
        return "/".join(parts[:2])
    return parts[0]


def pct(c, t):
    return f"{100.0 * c / t:5.1f}%" if t else "    -"


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        summary = json.load(f)
    mods = {}
    for fl in summary["files"]:
        m = mods.setdefault(module(fl["filename"]), [0, 0])
        m[0] += fl["line_covered"]
        m[1] += fl["line_total"]
    covered = sum(c for c, _ in mods.values())
    total = sum(t for _, t in mods.values())
    print(f"line coverage of the C tests: {pct(covered, total).strip()} ({covered} of {total} lines)")
    for name in sorted(mods):
        c, t = mods[name]
        print(f"  {name:<16} {pct(c, t)}  {c:>6} / {t:<6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
