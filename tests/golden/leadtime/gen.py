#!/usr/bin/env python3
"""Writes the small lead-time test maps of this directory (run from anywhere:
python3 tests/golden/leadtime/gen.py). The maps are committed; this script is
how they were made. Each map's expected figures are in the comment at its top
and asserted by tests/golden/test_leadtime.c and tests/cli/t02*-leadtime-*.sh.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
NS = ('xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      'xmlns:kartla="urn:kartla:bpmn:1.0"')
TAGS = {'start': 'startEvent', 'end': 'endEvent', 'task': 'task', 'xor': 'exclusiveGateway',
        'and': 'parallelGateway', 'or': 'inclusiveGateway'}


def est(name, v):
    if v is None:
        return ''
    if isinstance(v, tuple):
        return f'<kartla:{name} min="{v[0]}" mostLikely="{v[1]}" max="{v[2]}"/>'
    return f'<kartla:{name} value="{v}"/>'


def write(fname, comment, nodes, flows, lanes=None, process_id='P'):
    """nodes: (id, kind, name, wait, proc, extra-xml); flows: (src, tgt, probability)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<!-- {comment} -->',
           f'<definitions {NS} id="defs" targetNamespace="urn:kartla:test">',
           f'  <process id="{process_id}" name="{fname[:-5]}">']
    if lanes:
        out.append('    <laneSet id="ls">')
        for lid, lname, members in lanes:
            out.append(f'      <lane id="{lid}" name="{lname}">')
            out += [f'        <flowNodeRef>{m}</flowNodeRef>' for m in members]
            out.append('      </lane>')
        out.append('    </laneSet>')
    for n in nodes:
        nid, kind, name = n[0], n[1], n[2]
        wait = n[3] if len(n) > 3 else None
        proc = n[4] if len(n) > 4 else None
        extra = n[5] if len(n) > 5 else ''
        body = est('waitTime', wait) + est('processTime', proc) + extra
        attrs = f' id="{nid}"' + (f' name="{name}"' if name else '')
        if body:
            out.append(f'    <{TAGS[kind]}{attrs}><extensionElements>{body}'
                       f'</extensionElements></{TAGS[kind]}>')
        else:
            out.append(f'    <{TAGS[kind]}{attrs}/>')
    for i, (s, t, p) in enumerate(flows, 1):
        if p is None:
            out.append(f'    <sequenceFlow id="f{i}" sourceRef="{s}" targetRef="{t}"/>')
        else:
            out.append(f'    <sequenceFlow id="f{i}" sourceRef="{s}" targetRef="{t}">'
                       f'<extensionElements><kartla:probability value="{p}"/>'
                       f'</extensionElements></sequenceFlow>')
    out += ['  </process>', '</definitions>', '']
    with open(os.path.join(HERE, fname), 'w') as f:
        f.write('\n'.join(out))


def seq(*ids):
    return [(a, b, None) for a, b in zip(ids, ids[1:])]


# A sequence sums: calendar basis 24 + 1 + 48 + 2 + 0.5 + 3 = 78.5 hours.
write('sequence.bpmn', 'sequence: calendar lead 78.5 h, process 6 h; working basis: '
      'waits 3.0208 d + work 6 h / 7.5 h', [
          ('s', 'start', 'Start'), ('a', 'task', 'A', 'P1D', 'PT1H'),
          ('b', 'task', 'B', 'P2D', 'PT2H'), ('c', 'task', 'C', 'PT30M', 'PT3H'),
          ('e', 'end', 'End')], seq('s', 'a', 'b', 'c', 'e'),
      lanes=[('L1', 'Clerk', ['s', 'a', 'c', 'e']), ('L2', 'Expert', ['b'])])

# A rework loop with probability 0.25: 2 h * 1 / (1 - 0.25) = 2.6667 h; visits 4/3.
write('rework.bpmn', 'rework: lead 2/(1-0.25) = 2.6667 h', [
    ('s', 'start', 'Start'), ('m', 'xor', None), ('a', 'task', 'Do', None, 'PT2H'),
    ('g', 'xor', 'OK?'), ('e', 'end', 'End')],
    [('s', 'm', None), ('m', 'a', None), ('a', 'g', None), ('g', 'm', 0.25), ('g', 'e', 0.75)])

# Exclusive branches weighted: 0.3 * 2 + 0.7 * 5 + 1 = 5.1 h.
write('exclusive.bpmn', 'exclusive: lead 0.3*2 + 0.7*5 + 1 = 5.1 h', [
    ('s', 'start', 'Start'), ('x', 'xor', 'Which?'), ('a', 'task', 'Short', None, 'PT2H'),
    ('b', 'task', 'Long', None, 'PT5H'), ('m', 'xor', None), ('c', 'task', 'Close', None, 'PT1H'),
    ('e', 'end', 'End')],
    [('s', 'x', None), ('x', 'a', 0.3), ('x', 'b', 0.7), ('a', 'm', None), ('b', 'm', None),
     ('m', 'c', None), ('c', 'e', None)])

# Two parallel branches, each uniform(0, 1) hour with --distribution uniform:
# simulated E[max] = 2/3 h; analytic (critical-path approximation) 1/2 h.
write('parallel-uniform.bpmn', 'parallel: E[max of two U(0,1)] = 2/3 h, analytic 1/2 h', [
    ('s', 'start', 'Start'), ('p', 'and', None),
    ('a', 'task', 'Left', None, ('PT0S', 'PT30M', 'PT1H')),
    ('b', 'task', 'Right', None, ('PT0S', 'PT30M', 'PT1H')), ('j', 'and', None),
    ('e', 'end', 'End')],
    [('s', 'p', None), ('p', 'a', None), ('p', 'b', None), ('a', 'j', None), ('b', 'j', None),
     ('j', 'e', None)])

# Exclusive branches, a rework loop inside one of them and symmetric three-point
# estimates (mean = most likely): the simulation mean must match the analytic value.
# Lead: 1 + 0.4 * (3 / 0.8) + 0.6 * 2 + 1.5 / 0.9 = 5.3667 h.
write('mixed-loops.bpmn', 'exclusive + loops: lead 1 + 0.4*3/0.8 + 0.6*2 + 1.5/0.9 h', [
    ('s', 'start', 'Start'), ('a', 'task', 'Intake', 'PT30M', ('PT15M', 'PT30M', 'PT45M')),
    ('x', 'xor', 'Kind?'), ('m1', 'xor', None),
    ('b', 'task', 'Investigate', ('PT1H', 'PT2H', 'PT3H'), ('PT30M', 'PT1H', 'PT1H30M')),
    ('g1', 'xor', 'Complete?'), ('c', 'task', 'Simple case', 'PT1H', 'PT1H'),
    ('m', 'xor', None), ('m2', 'xor', None), ('d', 'task', 'Decide', 'PT1H', 'PT30M'),
    ('g2', 'xor', 'Right?'), ('e', 'end', 'End')],
    [('s', 'a', None), ('a', 'x', None), ('x', 'm1', 0.4), ('x', 'c', 0.6), ('m1', 'b', None),
     ('b', 'g1', None), ('g1', 'm1', 0.2), ('g1', 'm', 0.8), ('c', 'm', None), ('m', 'm2', None),
     ('m2', 'd', None), ('d', 'g2', None), ('g2', 'm2', 0.1), ('g2', 'e', 0.9)])

# Inclusive split: each branch with its probability, at least one.
write('inclusive.bpmn', 'inclusive: branches 0.5 / 0.5 of 4 h and 2 h', [
    ('s', 'start', 'Start'), ('o', 'or', 'Which checks?'), ('a', 'task', 'Legal', None, 'PT4H'),
    ('b', 'task', 'Finance', None, 'PT2H'), ('j', 'or', None), ('e', 'end', 'End')],
    [('s', 'o', None), ('o', 'a', 0.5), ('o', 'b', 0.5), ('a', 'j', None), ('b', 'j', None),
     ('j', 'e', None)])

# Nesting: a loop around a parallel block whose branches hold a loop and an exclusive
# choice. Branch 2 (C 1 h, then D 11 h or E 9 h) is at least 10 h; branch 1 (B 1 h, redone
# with probability 0.3) exceeds that only after ten rounds (p = 0.3^9 ~ 2e-5), so the
# critical-path approximation is exact here: (1 + 11 + 0.5) / (1 - 0.2) = 15.625 h.
write('nested.bpmn', 'nested: lead (1 + 11 + 0.5) / 0.8 = 15.625 h', [
    ('s', 'start', 'Start'), ('m0', 'xor', None), ('a', 'task', 'A', None, 'PT1H'),
    ('p', 'and', None), ('mb', 'xor', None), ('b', 'task', 'B', None, 'PT1H'),
    ('g1', 'xor', 'B done?'), ('c', 'task', 'C', None, 'PT1H'), ('x', 'xor', 'Which?'),
    ('d', 'task', 'D', None, 'PT11H'), ('e2', 'task', 'E', None, 'PT9H'), ('mx', 'xor', None),
    ('j', 'and', None), ('f', 'task', 'F', None, 'PT30M'), ('g0', 'xor', 'All done?'),
    ('e', 'end', 'End')],
    [('s', 'm0', None), ('m0', 'a', None), ('a', 'p', None), ('p', 'mb', None), ('mb', 'b', None),
     ('b', 'g1', None), ('g1', 'mb', 0.3), ('g1', 'j', 0.7), ('p', 'c', None), ('c', 'x', None),
     ('x', 'd', 0.5), ('x', 'e2', 0.5), ('d', 'mx', None), ('e2', 'mx', None), ('mx', 'j', None),
     ('j', 'f', None), ('f', 'g0', None), ('g0', 'm0', 0.2), ('g0', 'e', 0.8)])

# ---- bad input ----
write('bad-sum.bpmn', 'probabilities of gateway x add up to 0.9', [
    ('s', 'start', 'Start'), ('x', 'xor', 'Which?'), ('a', 'task', 'A', None, 'PT1H'),
    ('b', 'task', 'B', None, 'PT1H'), ('e', 'end', 'End')],
    [('s', 'x', None), ('x', 'a', 0.5), ('x', 'b', 0.4), ('a', 'e', None), ('b', 'e', None)])

write('bad-loop.bpmn', 'loop at gateway g never ends', [
    ('s', 'start', 'Start'), ('a', 'task', 'Redo', None, 'PT1H'), ('g', 'xor', 'Again?'),
    ('e', 'end', 'End')],
    [('s', 'a', None), ('a', 'g', None), ('g', 'a', 1), ('g', 'e', 0)])

write('missing-prob.bpmn', 'gateway x has no probabilities: uniform, with a warning', [
    ('s', 'start', 'Start'), ('x', 'xor', 'Which?'), ('a', 'task', 'A', None, 'PT1H'),
    ('b', 'task', 'B', None, 'PT3H'), ('e', 'end', 'End')],
    [('s', 'x', None), ('x', 'a', None), ('x', 'b', None), ('a', 'e', None), ('b', 'e', None)])

write('bad-join.bpmn', 'alternatives merged by a parallel join: it would wait for ever', [
    ('s', 'start', 'Start'), ('x', 'xor', 'Which?'), ('a', 'task', 'A', None, 'PT1H'),
    ('b', 'task', 'B', None, 'PT1H'), ('j', 'and', None), ('e', 'end', 'End')],
    [('s', 'x', None), ('x', 'a', 0.5), ('x', 'b', 0.5), ('a', 'j', None), ('b', 'j', None),
     ('j', 'e', None)])

write('bad-prob.bpmn', 'probability 1.5 is outside [0, 1]', [
    ('s', 'start', 'Start'), ('x', 'xor', 'Which?'), ('a', 'task', 'A', None, 'PT1H'),
    ('b', 'task', 'B', None, 'PT1H'), ('e', 'end', 'End')],
    [('s', 'x', None), ('x', 'a', 1.5), ('x', 'b', 0.4), ('a', 'e', None), ('b', 'e', None)])

write('bad-negative.bpmn', 'negative wait time', [
    ('s', 'start', 'Start'), ('a', 'task', 'A', '-P1D', 'PT1H'), ('e', 'end', 'End')],
    seq('s', 'a', 'e'))

write('bad-text.bpmn', 'wait time not a number', [
    ('s', 'start', 'Start'), ('a', 'task', 'A', 'two days', 'PT1H'), ('e', 'end', 'End')],
    seq('s', 'a', 'e'))

write('bad-order.bpmn', 'min > mostLikely', [
    ('s', 'start', 'Start'), ('a', 'task', 'A', None, ('PT2H', 'PT1H', 'PT3H')),
    ('e', 'end', 'End')], seq('s', 'a', 'e'))
