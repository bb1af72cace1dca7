#!/usr/bin/env python3
"""Generates the lead-time benchmark map: ACTIVITIES tasks (default 100) in one
process, built from repeating segments -- a task; an exclusive split into two
two-task branches (0.6 / 0.4); a parallel split into three branches of one or
two tasks; a rework loop of two tasks sent back with probability 0.2 -- with
three-point estimates on most tasks and two lanes (hand-offs). Deterministic.

usage: gen_map.py OUT.bpmn [ACTIVITIES]
"""
import sys

out_path = sys.argv[1]
target = int(sys.argv[2]) if len(sys.argv) > 2 else 100

nodes, flows, lanes = [], [], {'L1': [], 'L2': []}
count = 0


def task():
    global count
    count += 1
    tid = f'Task_{count}'
    k = count % 4
    if k == 0:
        ext = '<kartla:waitTime value="PT2H"/><kartla:processTime value="PT20M"/>'
    elif k == 1:
        ext = ('<kartla:waitTime min="PT1H" mostLikely="PT4H" max="P1D"/>'
               '<kartla:processTime min="PT10M" mostLikely="PT30M" max="PT2H"/>')
    elif k == 2:
        ext = ('<kartla:waitTime min="PT30M" mostLikely="PT1H" max="PT8H"/>'
               '<kartla:processTime min="PT5M" mostLikely="PT15M" max="PT1H"/>')
    else:
        ext = ('<kartla:waitTime value="P1D"/>'
               '<kartla:processTime min="PT15M" mostLikely="PT45M" max="PT3H"/>')
    nodes.append(f'<task id="{tid}" name="Step {count}"><extensionElements>{ext}'
                 f'</extensionElements></task>')
    lanes['L1' if count % 3 else 'L2'].append(tid)
    return tid


gw = 0


def gateway(kind):
    global gw
    gw += 1
    gid = f'Gw_{gw}'
    nodes.append(f'<{kind} id="{gid}"/>')
    return gid


def flow(a, b, p=None):
    fid = f'Flow_{len(flows) + 1}'
    if p is None:
        flows.append(f'<sequenceFlow id="{fid}" sourceRef="{a}" targetRef="{b}"/>')
    else:
        flows.append(f'<sequenceFlow id="{fid}" sourceRef="{a}" targetRef="{b}">'
                     f'<extensionElements><kartla:probability value="{p}"/>'
                     f'</extensionElements></sequenceFlow>')


def chain(prev, n):
    for _ in range(n):
        t = task()
        flow(prev, t)
        prev = t
    return prev


nodes.append('<startEvent id="Start"/>')
prev = 'Start'
seg = 0
while count < target:
    left = target - count
    kind = seg % 4
    seg += 1
    if kind == 0 or left < 4:
        prev = chain(prev, 1)
    elif kind == 1:
        s, m = gateway('exclusiveGateway'), None
        flow(prev, s)
        ends = []
        for p in ('0.6', '0.4'):
            first = task()
            flow(s, first, p)
            ends.append(chain(first, 1))
        m = gateway('exclusiveGateway')
        for e in ends:
            flow(e, m)
        prev = m
    elif kind == 2:
        s = gateway('parallelGateway')
        flow(prev, s)
        ends = []
        for n in (1, 2, 1):
            ends.append(chain(s, n))
        j = gateway('parallelGateway')
        for e in ends:
            flow(e, j)
        prev = j
    else:
        m = gateway('exclusiveGateway')
        flow(prev, m)
        last = chain(m, 2)
        g = gateway('exclusiveGateway')
        flow(last, g)
        flow(g, m, '0.2')
        prev = g
        nxt = task()
        flow(g, nxt, '0.8')
        prev = nxt
nodes.append('<endEvent id="End"/>')
flow(prev, 'End')
lanes['L1'] += ['Start', 'End'] + [f'Gw_{i}' for i in range(1, gw + 1)]

with open(out_path, 'w') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            'xmlns:kartla="urn:kartla:bpmn:1.0" id="defs" targetNamespace="urn:kartla:bench">\n'
            f'<process id="Bench" name="Benchmark process, {count} activities">\n'
            '<laneSet id="ls">\n')
    for lid, members in lanes.items():
        f.write(f'<lane id="{lid}" name="{"Clerk" if lid == "L1" else "Expert"}">')
        f.write(''.join(f'<flowNodeRef>{m}</flowNodeRef>' for m in members))
        f.write('</lane>\n')
    f.write('</laneSet>\n' + '\n'.join(nodes) + '\n' + '\n'.join(flows) +
            '\n</process>\n</definitions>\n')
