#!/usr/bin/env python3
"""Reference implementation of Kartla's lead-time simulation in plain Python
(Debian's python3, standard library only), the baseline of bench/sim/run.sh.

Same model as lib/leadtime_sim.c on the maps the benchmark generates: a case
is a token walk from the start event; a task adds a wait and a process time
(three-point estimates drawn from PERT = scaled Beta(1 + 4(m-a)/(b-a),
1 + 4(b-m)/(b-a)), single values as they are), an exclusive gateway with
several outgoing flows picks one by its kartla:probability, a parallel
gateway with several outgoing flows forks, one with several incoming flows
waits for all and continues at the latest arrival. Times are calendar hours.
The code is written plainly, as a Python programmer would: dictionaries of
node objects, random.Random, no NumPy.

usage: ref_sim.py MAP.bpmn CASES SEED
prints: cases, activity executions, seconds (simulation only), executions/s, mean lead (h)
"""
import random
import re
import sys
import time
import xml.etree.ElementTree as ET

BPMN = '{http://www.omg.org/spec/BPMN/20100524/MODEL}'
KARTLA = '{urn:kartla:bpmn:1.0}'


def hours(iso):
    m = re.fullmatch(r'P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?'
                     r'(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?', iso)
    w, d, h, mi, s = (float(x) if x else 0.0 for x in m.groups())
    return (w * 7 + d) * 24 + h + mi / 60 + s / 3600


def estimate(el, name):
    e = el.find(f'{BPMN}extensionElements/{KARTLA}{name}')
    if e is None:
        return (0.0, 0.0, 0.0)
    if e.get('value') is not None:
        v = hours(e.get('value'))
        return (v, v, v)
    return (hours(e.get('min')), hours(e.get('mostLikely')), hours(e.get('max')))


def draw(rng, est):
    lo, mode, hi = est
    if hi <= lo:
        return mode
    a = 1 + 4 * (mode - lo) / (hi - lo)
    b = 1 + 4 * (hi - mode) / (hi - lo)
    return lo + (hi - lo) * rng.betavariate(a, b)


class Node:
    def __init__(self, el):
        self.id = el.get('id')
        self.tag = el.tag[len(BPMN):]
        self.out = []      # (target id, probability)
        self.nin = 0
        self.wait = estimate(el, 'waitTime')
        self.proc = estimate(el, 'processTime')


def load(path):
    proc = ET.parse(path).getroot().find(f'{BPMN}process')
    nodes = {}
    for el in proc:
        tag = el.tag[len(BPMN):]
        if tag in ('startEvent', 'endEvent', 'task', 'exclusiveGateway', 'parallelGateway'):
            nodes[el.get('id')] = Node(el)
    for el in proc.findall(f'{BPMN}sequenceFlow'):
        p = el.find(f'{BPMN}extensionElements/{KARTLA}probability')
        nodes[el.get('sourceRef')].out.append((el.get('targetRef'),
                                               float(p.get('value')) if p is not None else 1.0))
        nodes[el.get('targetRef')].nin += 1
    start = next(n for n in nodes.values() if n.tag == 'startEvent')
    return nodes, start


def simulate_case(nodes, start, rng, counter):
    arrivals, latest = {}, {}
    end = 0.0
    stack = [(start.id, 0.0)]
    while stack:
        nid, t = stack.pop()
        while True:
            n = nodes[nid]
            if n.tag == 'task':
                t += draw(rng, n.wait) + draw(rng, n.proc)
                counter[0] += 1
            elif n.tag == 'parallelGateway' and n.nin > 1:
                arrivals[nid] = arrivals.get(nid, 0) + 1
                latest[nid] = max(latest.get(nid, 0.0), t)
                if arrivals[nid] < n.nin:
                    break
                t = latest.pop(nid)
                arrivals[nid] = 0
            if not n.out:
                end = max(end, t)
                break
            if len(n.out) == 1:
                nid = n.out[0][0]
            elif n.tag == 'parallelGateway':
                for target, _ in n.out[1:]:
                    stack.append((target, t))
                nid = n.out[0][0]
            else:
                u, acc = rng.random(), 0.0
                for target, p in n.out:
                    acc += p
                    if u < acc:
                        break
                nid = target
    return end


def main():
    path, cases, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    nodes, start = load(path)
    rng = random.Random(seed)
    counter = [0]
    total = 0.0
    t0 = time.perf_counter()
    for _ in range(cases):
        total += simulate_case(nodes, start, rng, counter)
    secs = time.perf_counter() - t0
    print(f'{cases} {counter[0]} {secs:.6f} {counter[0] / secs:.0f} {total / cases:.4f}')


if __name__ == '__main__':
    main()
