#!/usr/bin/env python3
"""Generates a swimlane map without a diagram for bench/layout/run.sh, and the
same graph for Graphviz dot with one cluster per lane.

NODES flow nodes (about) in one pool with LANES lanes: a start event, then
repeating blocks -- a chain of two tasks; an exclusive split into two
branches of one or two tasks and its join; a parallel split into three
one-task branches and its join; a rework loop (a merge, two tasks, a split
sending back) -- and an end event. Each node goes to the lane of the
previous one or, one time in three, to another (a hand-off). Deterministic.

usage: gen.py NODES LANES OUT.bpmn OUT.dot
"""
import sys
from xml.sax.saxutils import escape

target, nlanes, out_bpmn, out_dot = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]

seed = 0x6b61726c


def rand():
    """A small deterministic PRNG (xorshift32), 0 <= r < 1."""
    global seed
    seed ^= (seed << 13) & 0xFFFFFFFF
    seed ^= seed >> 17
    seed ^= (seed << 5) & 0xFFFFFFFF
    return seed / 4294967296.0


nodes, flows = [], []  # (id, tag, name, lane); (id, src, dst, name)
lane = 0


def node(tag, name):
    global lane
    if rand() < 1 / 3:
        lane = int(rand() * nlanes)
    nid = f'N{len(nodes) + 1}'
    nodes.append((nid, tag, name, lane))
    return nid


def flow(a, b, name=None):
    flows.append((f'F{len(flows) + 1}', a, b, name))


def task():
    return node('task', f'Task {len(nodes) + 1}')


cur = node('startEvent', 'Start')
block = 0
while len(nodes) < target - 1:
    kind = block % 4
    block += 1
    if kind == 0:
        for _ in range(2):
            t = task()
            flow(cur, t)
            cur = t
    elif kind == 1:
        split = node('exclusiveGateway', 'OK?')
        flow(cur, split)
        join = None
        ends = []
        for b in range(2):
            prev = split
            for _ in range(1 + b):
                t = task()
                flow(prev, t, ('Yes', 'No')[b] if prev == split else None)
                prev = t
            ends.append(prev)
        join = node('exclusiveGateway', None)
        for e in ends:
            flow(e, join)
        cur = join
    elif kind == 2:
        split = node('parallelGateway', None)
        flow(cur, split)
        ends = []
        for _ in range(3):
            t = task()
            flow(split, t)
            ends.append(t)
        join = node('parallelGateway', None)
        for e in ends:
            flow(e, join)
        cur = join
    else:
        merge = node('exclusiveGateway', None)
        flow(cur, merge)
        a = task()
        flow(merge, a)
        b = task()
        flow(a, b)
        check = node('exclusiveGateway', 'Done?')
        flow(b, check)
        flow(check, merge, 'No')
        cur = check
end = node('endEvent', 'End')
flow(cur, end, 'Yes' if nodes[-2][1] == 'exclusiveGateway' else None)

with open(out_bpmn, 'w', encoding='utf-8') as f:
    w = f.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      'id="Defs" targetNamespace="urn:kartla:bench:layout">\n')
    w('  <bpmn:collaboration id="Collab">\n'
      '    <bpmn:participant id="Pool" name="Generated" processRef="Proc"/>\n'
      '  </bpmn:collaboration>\n')
    w('  <bpmn:process id="Proc" isExecutable="false">\n    <bpmn:laneSet id="LaneSet">\n')
    for ln in range(nlanes):
        w(f'      <bpmn:lane id="Lane{ln}" name="Lane {ln + 1}">\n')
        for nid, _, _, l in nodes:
            if l == ln:
                w(f'        <bpmn:flowNodeRef>{nid}</bpmn:flowNodeRef>\n')
        w('      </bpmn:lane>\n')
    w('    </bpmn:laneSet>\n')
    for nid, tag, name, _ in nodes:
        attr = f' name="{escape(name)}"' if name else ''
        w(f'    <bpmn:{tag} id="{nid}"{attr}/>\n')
    for fid, a, b, name in flows:
        attr = f' name="{escape(name)}"' if name else ''
        w(f'    <bpmn:sequenceFlow id="{fid}" sourceRef="{a}" targetRef="{b}"{attr}/>\n')
    w('  </bpmn:process>\n</bpmn:definitions>\n')

with open(out_dot, 'w', encoding='utf-8') as f:
    w = f.write
    w('digraph G {\n  rankdir=LR;\n  node [shape=box, width=1.4, height=1.1];\n')
    for ln in range(nlanes):
        w(f'  subgraph cluster_{ln} {{\n    label="Lane {ln + 1}";\n')
        for nid, _, _, l in nodes:
            if l == ln:
                w(f'    {nid};\n')
        w('  }\n')
    for fid, a, b, name in flows:
        w(f'  {a} -> {b};\n')
    w('}\n')
print(f'{out_bpmn}: {len(nodes)} nodes, {len(flows)} flows, {nlanes} lanes')
