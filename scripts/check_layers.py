#!/usr/bin/env python3
"""Fails the build when a libkartla module includes a header it has not declared.

Called by lib/<module>/meson.build as
    check_layers.py STAMP MODULE ALLOWED_HEADERS FILE...
ALLOWED_HEADERS is a comma-separated list of public header names (include/kartla/X.h) that
the module may include: its own and those of the modules it depends on. A quoted include
without the kartla/ prefix must name a private header in the file's own folder. System
headers (<...>) are not checked. On success writes STAMP.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def main(argv):
    stamp, module, allowed = argv[1], argv[2], set(filter(None, argv[3].split(',')))
    errors = []
    for path in argv[4:]:
        folder = os.path.dirname(path)
        with open(path, encoding='utf-8') as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                name = m.group(1)
                if name.startswith('kartla/'):
                    if name[len('kartla/'):] not in allowed:
                        errors.append(f'{path}:{lineno}: module {module} includes {name}, '
                                      f'which is not its own nor of a module it depends on '
                                      f'(declare the dependency in lib/{module}/meson.build, '
                                      f'or move the code to the right layer)')
                elif not os.path.exists(os.path.join(folder, name)):
                    errors.append(f'{path}:{lineno}: module {module} includes "{name}", '
                                  f'which is not a private header of its own folder')
    if errors:
        sys.stderr.write('\n'.join(errors) + '\n')
        return 1
    with open(stamp, 'w', encoding='utf-8') as f:
        f.write('ok\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
