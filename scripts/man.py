#!/usr/bin/env python3
"""Writes the man page kartla(1) from the built binary's own help texts.

Called by the build as  man.py KARTLA VERSION OUT. One section per command, taken from
`kartla <command> --help`, so the page cannot drift from the program. The rest (exit
status, environment, files) is written here once.
"""
import datetime
import os
import re
import subprocess
import sys


def esc(line):
    """roff-safe text: backslashes doubled, leading . and ' guarded, dashes kept literal."""
    line = line.replace('\\', '\\e').replace('-', '\\-')
    if line.startswith(('.', "'")):
        line = '\\&' + line
    return line


def help_of(kartla, *args):
    r = subprocess.run([kartla, *args, '--help'], capture_output=True, text=True, check=False)
    if r.returncode != 0:
        sys.exit(f'man.py: {" ".join(["kartla", *args])} --help failed ({r.returncode})')
    return r.stdout


def main(kartla, version, out):
    top = help_of(kartla)
    commands = re.findall(r'^  (\w+)\s{2,}(.+)$', top, re.M)
    if not commands:
        sys.exit('man.py: no commands in kartla --help')
    epoch = os.environ.get('SOURCE_DATE_EPOCH')
    date = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date() if epoch
            else datetime.date.today()).isoformat()
    w = [f'.TH KARTLA 1 "{date}" "kartla {version}" "Kartla manual"',
         '.SH NAME', 'kartla \\- process maps, portfolio and analyses for universities and municipalities',
         '.SH SYNOPSIS', '.B kartla', '.I command', '.RI [ options ]',
         '.SH DESCRIPTION',
         'Kartla keeps an organisation\'s process portfolio: process maps in BPMN 2.0, their owners '
         'and roles, versions and approvals, risk and lead\\-time analyses, and a handbook for the '
         'facilitators. The command line reads and checks maps, analyses them and event logs, and '
         'administers a workspace database; \\fBkartla serve\\fR runs the HTTP API and the browser '
         'interface (in Norwegian bokm\\(oal, Swedish and English).',
         '.PP', '\\fBkartla\\fR \\fIcommand\\fR \\fB\\-\\-help\\fR describes one command.',
         '.SH COMMANDS']
    for name, what in commands:
        if what.startswith('the same as '):
            w += [f'.SS {name}', esc(what.rstrip('.')) + '.']
            continue
        w += [f'.SS {name}', esc(what[0].upper() + what[1:]) + '.', '.PP', '.nf']
        w += [esc(l) for l in help_of(kartla, name).rstrip('\n').split('\n')]
        w += ['.fi']
    w += ['.SH EXIT STATUS', '.TP', '.B 0', 'Success.', '.TP', '.B 1',
          '\\fBcheck\\fR found errors in the map.', '.TP', '.B 2',
          'The input could not be read: a file, a map, a log or the database (the message says '
          'which, with file, line and element).', '.TP', '.B 3', 'The output could not be written.',
          '.TP', '.B 64', 'Bad usage: an unknown option or a missing value.',
          '.SH ENVIRONMENT', '.TP', '.B KARTLA_DB',
          'The workspace database for the commands that take \\fB\\-\\-db\\fR.', '.TP',
          '.B KARTLA_CONFIG', 'The configuration file of \\fBkartla serve\\fR when '
          '\\fB\\-\\-config\\fR is not given.', '.TP', '.B KARTLA_ADMIN_PASSWORD',
          'The first administrator\'s password for a new database (or '
          '\\fB\\-\\-admin\\-password\\-file\\fR).', '.TP', '.B PGPASSWORD\\fR, \\fBPGPASSFILE',
          'Read by libpq for a PostgreSQL database, so that no password is on the command line.',
          '.SH FILES', '.TP', '.I /etc/kartla/kartla.conf',
          'The configuration of the installed service (\\fBkey = value\\fR lines; the keys are '
          'the long options of \\fBkartla serve\\fR).', '.TP', '.I /var/lib/kartla',
          'The service\'s data directory: the SQLite database.', '.TP', '.I /usr/share/kartla/web',
          'The browser interface.',
          '.SH SEE ALSO', 'The documentation in \\fI/usr/share/doc/kartla\\fR: cli.md, api.md, '
          'deployment.md, bpmn\\-extensions.md.']
    with open(out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(w) + '\n')


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit('usage: man.py KARTLA VERSION OUT')
    main(*sys.argv[1:])
