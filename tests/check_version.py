#!/usr/bin/env python3
"""The one version number: meson.build's project version (passed as argv[1]) is the
source; `kartla --version`, web/package.json, web/package-lock.json (root package),
docs/openapi.yaml (info.version) and every `kartla X.Y.Z` or `"version":"X.Y.Z"` in
README.md and docs/*.md must say the same.
Usage: check_version.py VERSION KARTLA_BINARY SOURCE_ROOT"""
import glob
import json
import os
import re
import subprocess
import sys


def main():
    version, kartla, root = sys.argv[1:4]
    bad = []
    checked = 0

    def expect(where, got):
        nonlocal checked
        checked += 1
        if got != version:
            bad.append(f"{where}: {got!r}, meson.build says {version!r}")

    out = subprocess.run([kartla, "--version"], capture_output=True, text=True, check=False)
    expect("kartla --version", out.stdout.strip().removeprefix("kartla "))
    with open(os.path.join(root, "web/package.json"), encoding="utf-8") as f:
        expect("web/package.json", json.load(f)["version"])
    with open(os.path.join(root, "web/package-lock.json"), encoding="utf-8") as f:
        lock = json.load(f)
    expect("web/package-lock.json", lock["version"])
    expect("web/package-lock.json packages['']", lock["packages"][""]["version"])
    with open(os.path.join(root, "docs/openapi.yaml"), encoding="utf-8") as f:
        m = re.search(r"^info:\n(?:  .*\n)*?  version: *['\"]?([^'\"\s]+)", f.read(), re.M)
    expect("docs/openapi.yaml info.version", m.group(1) if m else None)
    docs = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs/*.md")))
    pat = re.compile(r"\bkartla (\d+\.\d+\.\d+)\b|\"version\": ?\"(\d+\.\d+\.\d+)\"")
    for path in docs:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                for m in pat.finditer(line):
                    expect(f"{os.path.relpath(path, root)}:{n}", m.group(1) or m.group(2))
    for b in bad:
        print(f"not ok - {b}")
    print(f"{checked} places checked, {len(bad)} differ from meson.build's version {version}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
