#!/usr/bin/env python3
"""Writes the fuzz_vsdx seeds: each good drawing of tests/data/visio as its list of parts
("name\\0content\\0..."), the form fuzz_vsdx zips itself. Run from anywhere."""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "tests", "data", "visio")

for name in ("flowchart", "cff", "bpmn", "loose"):
    with zipfile.ZipFile(os.path.join(DATA, name + ".vsdx")) as z:
        out = b""
        for n in sorted(z.namelist()):
            out += n.encode() + b"\0" + z.read(n) + b"\0"
    with open(os.path.join(HERE, name + ".parts"), "wb") as f:
        f.write(out[:-1])
