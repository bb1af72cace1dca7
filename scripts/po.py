"""Reading gettext PO files (the subset xgettext and translators write) for po2c.py and i18n_check.py."""
import re

_ESC = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', 'r': '\r', 'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v'}


def _unquote(s, where):
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError(f'{where}: expected a quoted string')
    out, i, body = [], 0, s[1:-1]
    while i < len(body):
        c = body[i]
        if c == '\\' and i + 1 < len(body):
            n = body[i + 1]
            if n not in _ESC:
                raise ValueError(f'{where}: unknown escape \\{n}')
            out.append(_ESC[n])
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def read(path):
    """Entries of a PO file: a list of dicts with msgid, msgstr, flags (set), line."""
    entries, cur, field = [], None, None

    def flush():
        if cur is not None and 'msgid' in cur:
            entries.append(cur)

    with open(path, encoding='utf-8') as f:
        for no, line in enumerate(f, 1):
            where = f'{path}:{no}'
            line = line.rstrip('\n')
            if not line.strip():
                flush()
                cur, field = None, None
                continue
            if cur is None:
                cur = {'flags': set(), 'line': no}
            if line.startswith('#,'):
                cur['flags'].update(x.strip() for x in line[2:].split(','))
            elif line.startswith('#'):
                continue
            elif line.startswith('msgid '):
                if 'msgid' in cur:  # a new entry without a blank line between
                    flush()
                    cur = {'flags': set(), 'line': no}
                field = 'msgid'
                cur[field] = _unquote(line[6:], where)
            elif line.startswith('msgstr '):
                field = 'msgstr'
                cur[field] = _unquote(line[7:], where)
            elif line.startswith('"') and field:
                cur[field] += _unquote(line, where)
            else:
                raise ValueError(f'{where}: cannot read {line[:40]!r}')
    flush()
    return entries


def c_string(s):
    """A C string literal of s; xgettext's %<PRId64> becomes the macro again."""
    lit = po_string(s)
    lit = re.sub(r'<(PRI[diouxX](?:8|16|32|64|MAX|PTR))>', r'" \1 "', lit)
    return lit.replace(' "" ', ' ')


def po_string(s):
    """A PO (and C) quoted string of s."""
    out = []
    for ch in s:
        if ch == '\\':
            out.append('\\\\')
        elif ch == '"':
            out.append('\\"')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'
