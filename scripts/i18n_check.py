#!/usr/bin/env python3
"""Every message a person reads from the library or the server has a nb and a sv translation.

Extracts (with xgettext) every format string passed to ka_diag_set, http_fail, http_fail_status
and the wrappers below in lib/ and server/, and fails when po/nb.po or po/sv.po lacks a
translation of one, or when msgfmt --check finds a translation whose placeholders do not match.

Usage: i18n_check.py SRCDIR            check (a meson test; exit 77 = skipped without gettext)
       i18n_check.py SRCDIR --update   add the missing msgids to the po files, untranslated
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import po  # noqa: E402

LANGS = ['nb', 'sv']
# Functions whose format string becomes a ka_diag message or an API error: name:argument.
KEYWORDS = ['ka_diag_set:6', 'http_fail:4', 'http_fail_status:6', 'ka_store_fail:3',
            'ka_risk_store_invalid:3', 'ka_diag_set_nested:6', 'ka_diag_set_wrapped:6',
            'ka_import_note:4', 'ka_import_note_at:5', 'dio_note:4', 'ka_bpmn_note:7']
# File-local wrappers (their names are too common to look for everywhere).
LOCAL = {'lib/xml/xml_read.c': ['fail:3'], 'lib/eventlog/eventlog_csv.c': ['bad:4'],
         'lib/portfolio/process_write.c': ['bad:3'], 'lib/portfolio/forms.c': ['fail:3'],
         'lib/bpmn/bpmn_read.c': ['warn:4']}


def xgettext(files, keywords, out):
    args = ['xgettext', '--from-code=UTF-8', '-L', 'C', '--no-location', '-k', '-o', out]
    for k in keywords:
        args += ['-k' + k, f'--flag={k}:c-format']
    subprocess.run(args + files, check=True)
    return po.read(out) if os.path.exists(out) else []


def extract(src):
    files = sorted(glob.glob(os.path.join(src, 'lib/**/*.c'), recursive=True) +
                   glob.glob(os.path.join(src, 'server/*.c')))
    found = {}
    with tempfile.TemporaryDirectory() as tmp:
        groups = [(files, KEYWORDS)] + [([os.path.join(src, f)], KEYWORDS + k)
                                         for f, k in LOCAL.items()]
        for i, (fs, kw) in enumerate(groups):
            for e in xgettext(fs, kw, os.path.join(tmp, f'{i}.pot')):
                if e['msgid']:
                    found[e['msgid']] = e['flags']
    return found


def update(path, msgids):
    have = {e['msgid'] for e in po.read(path)} if os.path.exists(path) else set()
    with open(path, 'a', encoding='utf-8') as f:
        for m in msgids:
            if m not in have:
                f.write('\n#, c-format\n' if '%' in m else '\n')
                f.write(f'msgid {po.po_string(m)}\nmsgstr ""\n')


def main():
    src = sys.argv[1]
    if not shutil.which('xgettext'):
        print('i18n_check: xgettext not installed (package gettext): skipped')
        sys.exit(77)
    msgids = extract(src)
    if '--update' in sys.argv:
        for lang in LANGS:
            update(os.path.join(src, 'po', lang + '.po'), sorted(msgids))
        return
    bad = 0
    for lang in LANGS:
        path = os.path.join(src, 'po', lang + '.po')
        done = {e['msgid'] for e in po.read(path) if e.get('msgstr') and 'fuzzy' not in e['flags']}
        for m in sorted(msgids):
            if m not in done:
                print(f'{path}: no translation of {m!r}')
                bad += 1
        r = subprocess.run(['msgfmt', '--check', '-o', os.devnull, path],
                           capture_output=True, text=True)
        if r.returncode:
            print(r.stderr, end='')
            bad += 1
    print(f'i18n_check: {len(msgids)} messages, {bad} problems')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
