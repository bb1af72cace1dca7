#!/usr/bin/env python3
"""Scores a BPMN file rebuilt from a drawing against the known BPMN of the same model.

    visio_score.py OURS.bpmn REFERENCE.bpmn [--min PERCENT]

Prints two figures: flow nodes recovered with the right kind (activity, event or gateway)
and the right name, and sequence flows recovered between the right pair of nodes (a node
known by its kind and name). Names are compared with runs of white space folded to one
space. With --min, exits 1 when either figure is below PERCENT.
"""
import re
import sys
import xml.etree.ElementTree as ET

MODEL = '{http://www.omg.org/spec/BPMN/20100524/MODEL}'


def kind(local):
    if local in ('task', 'subProcess', 'callActivity', 'transaction', 'adHocSubProcess') \
            or local.endswith('Task'):
        return 'activity'
    if local.endswith('Event'):
        return 'event'
    if local.endswith('Gateway'):
        return 'gateway'
    return None


def read(path):
    root = ET.parse(path).getroot()
    nodes, flows = {}, []
    for proc in root.iter(MODEL + 'process'):
        for el in proc.iter():
            if not el.tag.startswith(MODEL):
                continue
            local = el.tag[len(MODEL):]
            k = kind(local)
            if k:
                name = re.sub(r'\s+', ' ', el.get('name') or '').strip()
                nodes[el.get('id')] = (k, name)
            elif local == 'sequenceFlow':
                flows.append((el.get('sourceRef'), el.get('targetRef')))
    pairs = [(nodes.get(s), nodes.get(t)) for s, t in flows]
    return list(nodes.values()), pairs


def matched(ref, ours):
    left = list(ours)
    hits = 0
    for r in ref:
        if r in left:
            left.remove(r)
            hits += 1
    return hits


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 64
    minimum = float(argv[argv.index('--min') + 1]) if '--min' in argv else None
    ours_nodes, ours_flows = read(argv[1])
    ref_nodes, ref_flows = read(argv[2])
    n_hit, f_hit = matched(ref_nodes, ours_nodes), matched(ref_flows, ours_flows)
    n_pct = 100.0 * n_hit / len(ref_nodes) if ref_nodes else 100.0
    f_pct = 100.0 * f_hit / len(ref_flows) if ref_flows else 100.0
    print(f'{argv[1]}: flow nodes {n_hit}/{len(ref_nodes)} ({n_pct:.1f} %), '
          f'sequence flows {f_hit}/{len(ref_flows)} ({f_pct:.1f} %), '
          f'extra nodes {max(0, len(ours_nodes) - n_hit)}, '
          f'extra flows {max(0, len(ours_flows) - f_hit)}')
    if minimum is not None and (n_pct < minimum or f_pct < minimum):
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
