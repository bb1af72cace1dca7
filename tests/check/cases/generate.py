#!/usr/bin/env python3
"""Writes the golden maps of tests/check/cases/<rule-id>/ and tests/check/valid/.

Each rule gets a minimal map that breaks it (fail*.bpmn) and one that keeps
it (pass.bpmn); every map carries complete DI from a small automatic layout
so that di-present and no-overlapping-shapes stay quiet unless a case is
about them. The test runner (test_check_cases.c) reads the committed .bpmn
files; this script only exists to regenerate them after a change:

    python3 tests/check/cases/generate.py

Output is deterministic. No third-party material is used.
"""
import os
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
VALID = os.path.join(os.path.dirname(HERE), "valid")

SIZES = {"event": (36, 36), "gateway": (50, 50), "task": (100, 80), "data": (36, 50),
         "annotation": (100, 30)}
EVENTS = ("startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
          "boundaryEvent")
GATEWAYS = ("exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway",
            "complexGateway")
CONTAINERS = ("subProcess", "transaction", "adHocSubProcess")


class Node:
    def __init__(self, tag, id, name=None, parent=None, lane=None, attrs=None, inner="",
                 expanded=None, attached=None, di=True, pos=None, lanes=()):
        self.tag, self.id, self.name, self.parent = tag, id, name, parent
        self.lane, self.attrs, self.inner = lane, dict(attrs or {}), inner
        self.expanded, self.attached, self.di, self.pos = expanded, attached, di, pos
        self.extra_lanes = lanes
        self.children = []
        self.bounds = None

    def kind(self):
        if self.tag in EVENTS:
            return "event"
        if self.tag in GATEWAYS:
            return "gateway"
        if self.tag in ("dataObjectReference", "dataStoreReference"):
            return "data"
        if self.tag == "textAnnotation":
            return "annotation"
        return "task"


class Flow:
    def __init__(self, id, src, tgt, name=None, cond=None, di=True, parent=None, tag="sequenceFlow"):
        self.id, self.src, self.tgt, self.name, self.cond = id, src, tgt, name, cond
        self.di, self.parent, self.tag = di, parent, tag


class Process:
    def __init__(self, id="Process_1", name=None, pool=None, lanes=(), map_level=None,
                 pool_id=None, ext_attrs=""):
        self.id, self.name, self.pool, self.lanes = id, name, pool, list(lanes)
        self.pool_id = pool_id or ("Pool_" + id)
        self.map_level = map_level
        self.nodes, self.flows, self.order = [], [], []
        self.index = {}

    def add(self, tag, id, name=None, **kw):
        n = Node(tag, id, name, **kw)
        self.index[id] = n
        if n.parent:
            self.index[n.parent].children.append(n)
        else:
            self.nodes.append(n)
        self.order.append(n)
        return self

    def flow(self, id, src, tgt, name=None, cond=None, **kw):
        self.flows.append(Flow(id, src, tgt, name, cond, **kw))
        return self


class Map:
    def __init__(self, *processes, message_flows=(), black_boxes=(), extra_plane_for=(),
                 no_di=False, default_flow=None):
        self.processes = list(processes)
        self.message_flows = list(message_flows)  # (id, src, tgt, name)
        self.black_boxes = [Node("participant", i, n) for i, n in black_boxes]
        self.extra_plane_for = list(extra_plane_for)
        self.no_di = no_di

    # ---- layout ---------------------------------------------------------
    def layout(self):
        y0 = 40
        for p in self.processes:
            lanes = p.lanes or [None]
            lane_h = 200
            top = y0
            row = {}
            for i, l in enumerate(lanes):
                row[l[0] if l else None] = top + i * lane_h + lane_h // 2
            x = 120 if p.pool else 60
            for n in p.nodes:
                if n.tag == "boundaryEvent":
                    continue
                cy = row.get(n.lane, row[next(iter(row))])
                x = self.place(p, n, x, cy) + 50
            for n in p.order:
                if n.tag == "boundaryEvent":
                    self.place_boundary(p, n)
            p.width = x + 40
            p.top, p.height = top, lane_h * len(lanes)
            y0 = top + p.height + 60
        for b in self.black_boxes:
            b.bounds = (30, y0, 600, 80)
            y0 += 120

    def place(self, p, n, x, cy):
        if n.pos:
            w, h = SIZES[n.kind()]
            n.bounds = (n.pos[0], n.pos[1], w, h)
            return max(x, n.pos[0] + w)
        if n.tag in CONTAINERS and n.expanded is not False and n.children:
            inner_x = x + 30
            for c in n.children:
                if c.tag == "boundaryEvent":
                    continue
                inner_x = self.place(p, c, inner_x, cy) + 40
            w, h = inner_x - x, 160
            n.bounds = (x, cy - h // 2, w, h)
            return x + w
        w, h = SIZES[n.kind()]
        n.bounds = (x, cy - h // 2, w, h)
        return x + w

    def place_boundary(self, p, n):
        host = p.index[n.attached].bounds
        k = sum(1 for m in p.order if m.tag == "boundaryEvent" and m.attached == n.attached
                and p.order.index(m) < p.order.index(n))
        n.bounds = (host[0] + host[2] - 30 - 45 * k, host[1] + host[3] - 18, 36, 36)

    # ---- XML ------------------------------------------------------------
    def node_xml(self, p, n, ind):
        attrs = {"id": n.id}
        if n.name is not None:
            attrs["name"] = n.name
        attrs.update(n.attrs)
        if n.attached:
            attrs["attachedToRef"] = n.attached
        a = "".join(" %s=%s" % (k, quoteattr(v)) for k, v in attrs.items())
        body = n.inner
        kids = [self.node_xml(p, c, ind + "  ") for c in n.children]
        kids += [self.flow_xml(f, ind + "  ") for f in p.flows if f.parent == n.id]
        if not body and not kids:
            return "%s<bpmn:%s%s />\n" % (ind, n.tag, a)
        out = "%s<bpmn:%s%s>\n" % (ind, n.tag, a)
        if body:
            out += "".join("%s  %s\n" % (ind, line) for line in body.split("\n"))
        out += "".join(kids)
        return out + "%s</bpmn:%s>\n" % (ind, n.tag)

    def flow_xml(self, f, ind):
        a = ' id="%s"' % f.id
        if f.name is not None:
            a += " name=%s" % quoteattr(f.name)
        a += ' sourceRef="%s" targetRef="%s"' % (f.src, f.tgt)
        if f.cond is None:
            return "%s<bpmn:%s%s />\n" % (ind, f.tag, a)
        return ('%s<bpmn:%s%s>\n%s  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
                "%s</bpmn:conditionExpression>\n%s</bpmn:%s>\n"
                % (ind, f.tag, a, ind, escape(f.cond), ind, f.tag))

    def process_xml(self, p):
        a = ' id="%s" isExecutable="false"' % p.id
        if p.name:
            a += " name=%s" % quoteattr(p.name)
        out = "  <bpmn:process%s>\n" % a
        if p.map_level:
            out += ('    <bpmn:extensionElements>\n      <kartla:mapLevel value="%s" />\n'
                    "    </bpmn:extensionElements>\n" % p.map_level)
        if p.lanes:
            out += '    <bpmn:laneSet id="LaneSet_%s">\n' % p.id
            for lid, lname in p.lanes:
                out += "      <bpmn:lane id=%s name=%s>\n" % (quoteattr(lid), quoteattr(lname))
                for n in p.order:
                    if n.lane == lid or lid in n.extra_lanes:
                        out += "        <bpmn:flowNodeRef>%s</bpmn:flowNodeRef>\n" % n.id
                out += "      </bpmn:lane>\n"
            out += "    </bpmn:laneSet>\n"
        for n in p.nodes:
            out += self.node_xml(p, n, "    ")
        for f in p.flows:
            if not f.parent:
                out += self.flow_xml(f, "    ")
        return out + "  </bpmn:process>\n"

    def all_nodes(self):
        for p in self.processes:
            for n in p.order:
                yield p, n

    def find(self, id):
        for p, n in self.all_nodes():
            if n.id == id:
                return n
        for p in self.processes:
            if p.pool_id == id:
                return p
        for b in self.black_boxes:
            if b.id == id:
                return b
        raise KeyError(id)

    def shape(self, el, b, ind, extra=""):
        return ('%s<bpmndi:BPMNShape id="%s_di" bpmnElement="%s"%s>\n%s  <dc:Bounds x="%d" '
                'y="%d" width="%d" height="%d" />\n%s</bpmndi:BPMNShape>\n'
                % (ind, el, el, extra, ind, b[0], b[1], b[2], b[3], ind))

    def edge(self, id, pts, ind):
        wp = "".join('%s  <di:waypoint x="%d" y="%d" />\n' % (ind, x, y) for x, y in pts)
        return '%s<bpmndi:BPMNEdge id="%s_di" bpmnElement="%s">\n%s%s</bpmndi:BPMNEdge>\n' % (
            ind, id, id, wp, ind)

    def flow_points(self, f):
        s, t = self.find(f.src).bounds, self.find(f.tgt).bounds
        return [(s[0] + s[2], s[1] + s[3] // 2), (t[0], t[1] + t[3] // 2)]

    def pool_bounds(self, p):
        return (30, p.top, p.width, p.height)

    def diagram_xml(self, ind="    "):
        out = ""
        for p in self.processes:
            if p.pool:
                out += self.shape(p.pool_id, self.pool_bounds(p), ind, ' isHorizontal="true"')
                for i, (lid, _) in enumerate(p.lanes):
                    out += self.shape(lid, (60, p.top + 200 * i, p.width - 30, 200), ind,
                                      ' isHorizontal="true"')
        for b in self.black_boxes:
            out += self.shape(b.id, b.bounds, ind, ' isHorizontal="true"')
        for p, n in self.all_nodes():
            if not n.di or self.inside_extra_plane(p, n):
                continue
            extra = ""
            if n.tag in CONTAINERS or n.tag == "callActivity":
                if n.expanded is not None:
                    extra = ' isExpanded="%s"' % ("true" if n.expanded else "false")
                elif n.tag in CONTAINERS and n.children:
                    extra = ' isExpanded="true"'
            out += self.shape(n.id, n.bounds, ind, extra)
        for p in self.processes:
            for f in p.flows:
                if f.di and not self.inside_extra_plane(p, self.find(f.src)):
                    out += self.edge(f.id, self.flow_points(f), ind)
        for mid, src, tgt, _ in self.message_flows:
            s, t = self.find(src), self.find(tgt)
            sb = s.bounds if isinstance(s, Node) else self.pool_bounds(s)
            tb = t.bounds if isinstance(t, Node) else self.pool_bounds(t)
            x = sb[0] + sb[2] // 2
            y1, y2 = (sb[1] + sb[3], tb[1]) if sb[1] < tb[1] else (sb[1], tb[1] + tb[3])
            out += self.edge(mid, [(x, y1), (x, y2)], ind)
        return out

    def inside_extra_plane(self, p, n):
        par = n.parent
        while par:
            if par in self.extra_plane_for:
                return True
            par = p.index[par].parent
        return False

    def extra_plane_xml(self, sid):
        p = next(p for p in self.processes if sid in p.index)
        sp = p.index[sid]
        x = 100
        for c in sp.children:
            w, h = SIZES[c.kind()]
            c.bounds = (x, 200 - h // 2, w, h)
            x += w + 50
        ind = "      "
        out = "".join(self.shape(c.id, c.bounds, ind) for c in sp.children)
        out += "".join(self.edge(f.id, self.flow_points(f), ind) for f in p.flows
                       if f.parent == sid)
        return ('  <bpmndi:BPMNDiagram id="Diagram_%s">\n    <bpmndi:BPMNPlane id="Plane_%s" '
                'bpmnElement="%s">\n%s    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n'
                % (sid, sid, sid, out))

    def xml(self, comment):
        self.layout()
        pools = [p for p in self.processes if p.pool]
        out = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- %s -->\n'
               '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
               'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
               'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
               'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
               'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
               'xmlns:kartla="urn:kartla:bpmn:1.0" '
               'id="Definitions_1" targetNamespace="urn:kartla:test">\n' % comment)
        collab = pools or self.black_boxes
        if collab:
            out += '  <bpmn:collaboration id="Collaboration_1">\n'
            for p in pools:
                out += ('    <bpmn:participant id="%s" name=%s processRef="%s" />\n'
                        % (p.pool_id, quoteattr(p.pool), p.id))
            for b in self.black_boxes:
                out += '    <bpmn:participant id="%s" name=%s />\n' % (b.id, quoteattr(b.name))
            for mid, src, tgt, name in self.message_flows:
                out += ('    <bpmn:messageFlow id="%s" name=%s sourceRef="%s" targetRef="%s" />\n'
                        % (mid, quoteattr(name), src, tgt))
            out += "  </bpmn:collaboration>\n"
        for p in self.processes:
            out += self.process_xml(p)
        if not self.no_di:
            plane = "Collaboration_1" if collab else self.processes[0].id
            out += ('  <bpmndi:BPMNDiagram id="Diagram_1">\n    <bpmndi:BPMNPlane id="Plane_1" '
                    'bpmnElement="%s">\n' % plane)
            out += self.diagram_xml("      ")
            out += "    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n"
            for sid in self.extra_plane_for:
                out += self.extra_plane_xml(sid)
        return out + "</bpmn:definitions>\n"


# ---- building blocks ------------------------------------------------------
TIMER = ('<bpmn:timerEventDefinition id="%s_def">\n  <bpmn:timeDuration '
         'xsi:type="bpmn:tFormalExpression">P14D</bpmn:timeDuration>\n'
         '</bpmn:timerEventDefinition>')
MESSAGE = '<bpmn:messageEventDefinition id="%s_def" />'
SIGNAL = '<bpmn:signalEventDefinition id="%s_def" />'
ERROR = '<bpmn:errorEventDefinition id="%s_def" />'
COMPENSATE = '<bpmn:compensateEventDefinition id="%s_def" />'
TERMINATE = '<bpmn:terminateEventDefinition id="%s_def" />'


def link(name):
    return '<bpmn:linkEventDefinition id="%%s_def" name="%s" />' % name


def ev(defn, id):
    return defn % id


def basic(p=None, pid="Process_1", **kw):
    """Application received -> Register application -> Application registered."""
    p = p or Process(pid, **kw)
    p.add("startEvent", "Start", "Application received")
    p.add("task", "Register", "Register application")
    p.add("endEvent", "End", "Application registered")
    p.flow("Flow_1", "Start", "Register").flow("Flow_2", "Register", "End")
    return p


def decision(p, gw_name="Application complete?", no_target=None, yes_name="yes",
             no_name="no", gw_attrs=None, yes_cond=None, no_cond=None):
    """Start -> Check -> gateway -> yes: Approve -> End / no: Request -> End2."""
    p.add("startEvent", "Start", "Application received")
    p.add("task", "Check", "Check application")
    p.add("exclusiveGateway", "Decide", gw_name, attrs=gw_attrs)
    p.add("task", "Approve", "Approve application")
    p.add("endEvent", "End", "Application approved")
    p.add("task", "Request", "Request documents")
    p.add("endEvent", "End2", "Documents requested")
    p.flow("Flow_1", "Start", "Check").flow("Flow_2", "Check", "Decide")
    p.flow("Flow_yes", "Decide", "Approve", yes_name, yes_cond)
    p.flow("Flow_no", "Decide", no_target or "Request", no_name, no_cond)
    p.flow("Flow_3", "Approve", "End").flow("Flow_4", "Request", "End2")
    return p


CASES = {}


def case(rule, variant, comment, m):
    CASES[(rule, variant)] = (comment, m)


def parallel(p, join=True, split_attrs=None):
    p.add("startEvent", "Start", "Order received")
    p.add("parallelGateway", "Split", attrs=split_attrs)
    p.add("task", "Pack", "Pack goods")
    p.add("task", "Invoice", "Send invoice")
    if join:
        p.add("parallelGateway", "Join")
        p.add("endEvent", "End", "Order completed")
        p.flow("Flow_1", "Start", "Split").flow("Flow_2", "Split", "Pack")
        p.flow("Flow_3", "Split", "Invoice").flow("Flow_4", "Pack", "Join")
        p.flow("Flow_5", "Invoice", "Join").flow("Flow_6", "Join", "End")
    else:
        p.add("endEvent", "End", "Goods packed")
        p.add("endEvent", "End2", "Invoice sent")
        p.flow("Flow_1", "Start", "Split").flow("Flow_2", "Split", "Pack")
        p.flow("Flow_3", "Split", "Invoice").flow("Flow_4", "Pack", "End")
        p.flow("Flow_5", "Invoice", "End2")
    return p


def build_cases():
    # events
    p = Process()
    p.add("task", "Register", "Register application")
    p.add("endEvent", "End", "Application registered")
    p.flow("Flow_1", "Register", "End")
    case("start-event-required", "fail", "the process has no start event", Map(p))
    case("start-event-required", "pass", "starts with a start event", Map(basic()))

    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("task", "Register", "Register application")
    p.flow("Flow_1", "Start", "Register")
    case("end-event-required", "fail", "the process has no end event", Map(p))
    case("end-event-required", "pass", "ends with an end event", Map(basic()))

    p = basic()
    p.add("exclusiveGateway", "Again", "Register another?")
    p.flows[1] = Flow("Flow_2", "Register", "Again")
    p.flow("Flow_again", "Again", "Start", "yes").flow("Flow_done", "Again", "End", "no")
    case("no-flow-into-start", "fail", "a loop goes back into the start event", Map(p))
    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("exclusiveGateway", "Merge")
    p.add("task", "Register", "Register application")
    p.add("exclusiveGateway", "Again", "Register another?")
    p.add("endEvent", "End", "Application registered")
    p.flow("Flow_1", "Start", "Merge").flow("Flow_2", "Merge", "Register")
    p.flow("Flow_3", "Register", "Again").flow("Flow_again", "Again", "Merge", "yes")
    p.flow("Flow_done", "Again", "End", "no")
    case("no-flow-into-start", "pass", "the loop goes back to a merging gateway", Map(p))

    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("task", "Register", "Register application")
    p.add("endEvent", "End", "Application registered")
    p.add("task", "Archive", "Archive application")
    p.add("endEvent", "End2", "Application archived")
    p.flow("Flow_1", "Start", "Register").flow("Flow_2", "Register", "End")
    p.flow("Flow_3", "End", "Archive").flow("Flow_4", "Archive", "End2")
    case("no-flow-out-of-end", "fail", "the flow goes on after an end event", Map(p))
    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("task", "Register", "Register application")
    p.add("intermediateThrowEvent", "Registered", "Application registered")
    p.add("task", "Archive", "Archive application")
    p.add("endEvent", "End2", "Application archived")
    p.flow("Flow_1", "Start", "Register").flow("Flow_2", "Register", "Registered")
    p.flow("Flow_3", "Registered", "Archive").flow("Flow_4", "Archive", "End2")
    case("no-flow-out-of-end", "pass", "an intermediate event marks the milestone", Map(p))

    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("startEvent", "Start2", "Complaint received")
    p.add("task", "Register", "Register case")
    p.add("endEvent", "End", "Case registered")
    p.add("task", "Register2", "Register complaint")
    p.add("endEvent", "End2", "Complaint registered")
    p.flow("Flow_1", "Start", "Register").flow("Flow_2", "Register", "End")
    p.flow("Flow_3", "Start2", "Register2").flow("Flow_4", "Register2", "End2")
    case("single-blank-start-event", "fail", "two start events without a trigger", Map(p))
    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("startEvent", "Start2", "Complaint letter received", inner=ev(MESSAGE, "Start2"))
    p.add("task", "Register", "Register case")
    p.add("endEvent", "End", "Case registered")
    p.add("task", "Register2", "Register complaint")
    p.add("endEvent", "End2", "Complaint registered")
    p.flow("Flow_1", "Start", "Register").flow("Flow_2", "Register", "End")
    p.flow("Flow_3", "Start2", "Register2").flow("Flow_4", "Register2", "End2")
    case("single-blank-start-event", "pass", "the second start says what triggers it", Map(p))

    for variant, inner in (("fail", ev(TIMER, "SubStart")), ("pass", "")):
        p = Process()
        p.add("startEvent", "Start", "Application received")
        p.add("subProcess", "Handle", "Handle application")
        p.add("startEvent", "SubStart", "Handling started", parent="Handle", inner=inner)
        p.add("task", "Assess", "Assess application", parent="Handle")
        p.add("endEvent", "SubEnd", "Application assessed", parent="Handle")
        p.add("endEvent", "End", "Application handled")
        p.flow("Flow_1", "Start", "Handle").flow("Flow_2", "Handle", "End")
        p.flow("Flow_s1", "SubStart", "Assess", parent="Handle")
        p.flow("Flow_s2", "Assess", "SubEnd", parent="Handle")
        case("sub-process-blank-start-event", variant,
             "the start event of the sub-process %s a timer" % (
                 "has" if inner else "has no"), Map(p))

    def links(catch_name, throw_name="Continue", catch2=False):
        p = Process()
        p.add("startEvent", "Start", "Application received")
        p.add("task", "Register", "Register application")
        p.add("intermediateThrowEvent", "Throw", throw_name, inner=ev(link(throw_name), "Throw"))
        p.add("intermediateCatchEvent", "Catch", catch_name, inner=ev(link(catch_name), "Catch"))
        p.add("task", "Archive", "Archive application")
        p.add("endEvent", "End", "Application archived")
        p.flow("Flow_1", "Start", "Register").flow("Flow_2", "Register", "Throw")
        p.flow("Flow_3", "Catch", "Archive").flow("Flow_4", "Archive", "End")
        if catch2:
            p.add("intermediateCatchEvent", "Catch2", catch_name,
                  inner=ev(link(catch_name), "Catch2"))
            p.add("endEvent", "End2", "Application kept")
            p.flow("Flow_5", "Catch2", "End2")
        return p
    case("link-event", "fail", "the link throw and catch have different names",
         Map(links("Go on")))
    case("link-event", "fail2", "two link catch events share one name",
         Map(links("Continue", catch2=True)))
    case("link-event", "pass", "link throw and catch pair by name", Map(links("Continue")))

    # flow
    p = basic()
    p.add("task", "Lonely", "Archive application")
    case("no-disconnected", "fail", "a task with no flows at all", Map(p))
    case("no-disconnected", "pass", "every step is connected", Map(basic()))

    p = basic()
    p.add("task", "Orphan", "Archive application")
    p.add("endEvent", "End2", "Application archived")
    p.flow("Flow_3", "Orphan", "End2")
    case("no-implicit-start", "fail", "a task with no incoming flow starts on its own", Map(p))
    case("no-implicit-start", "pass", "everything starts from the start event", Map(basic()))

    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("task", "Check", "Check application")
    p.add("exclusiveGateway", "Decide", "Application complete?")
    p.add("task", "Approve", "Approve application")
    p.add("endEvent", "End", "Application approved")
    p.add("task", "Request", "Request documents")
    p.flow("Flow_1", "Start", "Check").flow("Flow_2", "Check", "Decide")
    p.flow("Flow_yes", "Decide", "Approve", "yes").flow("Flow_no", "Decide", "Request", "no")
    p.flow("Flow_3", "Approve", "End")
    case("no-implicit-end", "fail", "the 'no' branch stops without an end event", Map(p))
    case("no-implicit-end", "pass", "every path ends in an end event", Map(decision(Process())))

    p = basic()
    p.add("task", "LoopA", "Check invoice")
    p.add("task", "LoopB", "Correct invoice")
    p.flow("Flow_a", "LoopA", "LoopB").flow("Flow_b", "LoopB", "LoopA")
    p.add("endEvent", "End2", "Invoice corrected")
    p.add("exclusiveGateway", "Ok", "Invoice correct?")
    p.flows[-1] = Flow("Flow_b", "LoopB", "Ok")
    p.flow("Flow_back", "Ok", "LoopA", "no").flow("Flow_ok", "Ok", "End2", "yes")
    case("unreachable", "fail", "a loop that no path from the start leads into", Map(p))
    case("unreachable", "pass", "every step lies on a path from the start", Map(basic()))

    p = Process()
    p.add("startEvent", "Start", "Invoice received")
    p.add("exclusiveGateway", "Ok", "Invoice correct?")
    p.add("endEvent", "End", "Invoice accepted")
    p.add("task", "LoopA", "Check invoice")
    p.add("task", "LoopB", "Correct invoice")
    p.flow("Flow_1", "Start", "Ok").flow("Flow_yes", "Ok", "End", "yes")
    p.flow("Flow_no", "Ok", "LoopA", "no").flow("Flow_a", "LoopA", "LoopB")
    p.flow("Flow_b", "LoopB", "LoopA")
    case("dead-end", "fail", "the correction loop has no way out", Map(p))
    p = Process()
    p.add("startEvent", "Start", "Invoice received")
    p.add("exclusiveGateway", "Merge")
    p.add("task", "LoopA", "Check invoice")
    p.add("exclusiveGateway", "Ok", "Invoice correct?")
    p.add("endEvent", "End", "Invoice accepted")
    p.add("task", "LoopB", "Correct invoice")
    p.flow("Flow_1", "Start", "Merge").flow("Flow_2", "Merge", "LoopA")
    p.flow("Flow_3", "LoopA", "Ok").flow("Flow_yes", "Ok", "End", "yes")
    p.flow("Flow_no", "Ok", "LoopB", "no").flow("Flow_b", "LoopB", "Merge")
    case("dead-end", "pass", "the correction loop returns to the check and can end", Map(p))

    p = Process()
    p.add("startEvent", "Start", "Order received")
    p.add("task", "Confirm", "Confirm order")
    p.add("task", "Pack", "Pack goods")
    p.add("task", "Invoice", "Send invoice")
    p.add("parallelGateway", "Join")
    p.add("endEvent", "End", "Order completed")
    p.flow("Flow_1", "Start", "Confirm").flow("Flow_2", "Confirm", "Pack")
    p.flow("Flow_3", "Confirm", "Invoice").flow("Flow_4", "Pack", "Join")
    p.flow("Flow_5", "Invoice", "Join").flow("Flow_6", "Join", "End")
    case("no-implicit-split", "fail", "a task with two unconditioned outgoing flows", Map(p))
    case("no-implicit-split", "pass", "the split is a parallel gateway", Map(parallel(Process())))

    p = decision(Process(), no_target="Approve")
    p.flows = [f for f in p.flows if f.id != "Flow_4"]
    p.order = [n for n in p.order if n.id not in ("Request", "End2")]
    p.nodes = [n for n in p.nodes if n.id not in ("Request", "End2")]
    p.add("task", "Request", "Request documents")
    p.flows = [f for f in p.flows if f.id != "Flow_no"]
    p.flow("Flow_no", "Decide", "Request", "no").flow("Flow_4", "Request", "Approve")
    case("fake-join", "fail", "two paths run straight into one task", Map(p))
    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("exclusiveGateway", "Decide", "Application complete?")
    p.add("task", "Request", "Request documents")
    p.add("exclusiveGateway", "Merge")
    p.add("task", "Approve", "Approve application")
    p.add("endEvent", "End", "Application approved")
    p.flow("Flow_1", "Start", "Decide").flow("Flow_yes", "Decide", "Merge", "yes")
    p.flow("Flow_no", "Decide", "Request", "no").flow("Flow_2", "Request", "Merge")
    p.flow("Flow_3", "Merge", "Approve").flow("Flow_4", "Approve", "End")
    case("fake-join", "pass", "a merging gateway before the task", Map(p))

    p = basic()
    p.flow("Flow_1b", "Start", "Register", di=False)
    case("no-duplicate-sequence-flows", "fail", "two identical flows between the same steps",
         Map(p))
    case("no-duplicate-sequence-flows", "pass", "one flow per connection", Map(basic()))

    case("conditional-flows", "fail", "one branch has a condition, the other neither a "
         "condition nor the default mark",
         Map(decision(Process(), yes_cond="${complete}")))
    case("conditional-flows", "fail2", "the default flow named on the gateway leaves another "
         "element", Map(decision(Process(), gw_attrs={"default": "Flow_3"})))
    case("conditional-flows", "pass", "the branch without a condition is the default flow",
         Map(decision(Process(), yes_cond="${complete}", gw_attrs={"default": "Flow_no"})))

    # gateways
    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("exclusiveGateway", "Decide", "Application complete?")
    p.add("task", "Approve", "Approve application")
    p.add("endEvent", "End", "Application approved")
    p.flow("Flow_1", "Start", "Decide").flow("Flow_yes", "Decide", "Approve", "yes")
    p.flow("Flow_3", "Approve", "End")
    case("gateway-split-outgoing", "fail", "a decision with only one way out", Map(p))
    case("gateway-split-outgoing", "pass", "a decision with two ways out",
         Map(decision(Process())))

    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("exclusiveGateway", "Decide", "Application complete?")
    p.add("task", "Request", "Request documents")
    p.add("exclusiveGateway", "Both", "Amount over limit?")
    p.add("task", "Approve", "Approve application")
    p.add("endEvent", "End", "Application approved")
    p.add("task", "Escalate", "Escalate application")
    p.add("endEvent", "End2", "Application escalated")
    p.flow("Flow_1", "Start", "Decide").flow("Flow_yes", "Decide", "Both", "yes")
    p.flow("Flow_no", "Decide", "Request", "no").flow("Flow_2", "Request", "Both")
    p.flow("Flow_small", "Both", "Approve", "no").flow("Flow_big", "Both", "Escalate", "yes")
    p.flow("Flow_3", "Approve", "End").flow("Flow_4", "Escalate", "End2")
    case("no-gateway-join-fork", "fail", "one gateway both merges and decides", Map(p))
    p2 = Process()
    for n in p.order:
        p2.add(n.tag, n.id, n.name)
        if n.id == "Request":
            p2.add("exclusiveGateway", "Merge")
    for f in p.flows:
        if f.id == "Flow_yes":
            p2.flow("Flow_yes", "Decide", "Merge", "yes")
        elif f.id == "Flow_2":
            p2.flow("Flow_2", "Request", "Merge").flow("Flow_m", "Merge", "Both")
        else:
            p2.flows.append(f)
    case("no-gateway-join-fork", "pass", "merge first, then decide", Map(p2))

    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("exclusiveGateway", "Gw")
    p.add("task", "Register", "Register application")
    p.add("endEvent", "End", "Application registered")
    p.flow("Flow_1", "Start", "Gw").flow("Flow_2", "Gw", "Register")
    p.flow("Flow_3", "Register", "End")
    case("superfluous-gateway", "fail", "a gateway with one way in and one way out", Map(p))
    case("superfluous-gateway", "pass", "no gateway where nothing is decided", Map(basic()))

    def event_gw(second):
        p = Process()
        p.add("startEvent", "Start", "Application received")
        p.add("task", "Ask", "Ask for documents")
        p.add("eventBasedGateway", "Wait")
        p.add("intermediateCatchEvent", "Reply", "Documents received", inner=ev(MESSAGE, "Reply"))
        p.add("task", "Register", "Register documents")
        p.add("endEvent", "End", "Documents registered")
        if second == "timer":
            p.add("intermediateCatchEvent", "Timeout", "Two weeks passed",
                  inner=ev(TIMER, "Timeout"))
        else:
            p.add("task", "Timeout", "Remind applicant")
        p.add("endEvent", "End2", "Application closed")
        p.flow("Flow_1", "Start", "Ask").flow("Flow_2", "Ask", "Wait")
        p.flow("Flow_3", "Wait", "Reply").flow("Flow_4", "Reply", "Register")
        p.flow("Flow_5", "Register", "End").flow("Flow_6", "Wait", "Timeout")
        p.flow("Flow_7", "Timeout", "End2")
        return p
    case("event-based-gateway", "fail", "an event-based gateway leads to a task",
         Map(event_gw("task")))
    case("event-based-gateway", "pass", "an event-based gateway waits for a message or a timer",
         Map(event_gw("timer")))

    case("parallel-split-joined", "fail", "two parallel paths end separately",
         Map(parallel(Process(), join=False)))
    case("parallel-split-joined", "pass", "the parallel paths are joined",
         Map(parallel(Process())))

    # structure
    def two_pools(cross):
        a = Process("Process_A", pool="Applicant", pool_id="Pool_A")
        a.add("startEvent", "Start", "Need arisen")
        a.add("task", "Send", "Send application")
        a.add("endEvent", "End", "Application sent")
        a.flow("Flow_1", "Start", "Send").flow("Flow_2", "Send", "End")
        b = Process("Process_B", pool="Municipality", pool_id="Pool_B")
        b.add("startEvent", "StartB", "Application received", inner=ev(MESSAGE, "StartB"))
        b.add("task", "Register", "Register application")
        b.add("endEvent", "EndB", "Application registered")
        b.flow("Flow_3", "StartB", "Register").flow("Flow_4", "Register", "EndB")
        if cross:
            a.flow("Flow_cross", "Send", "Register")
            return Map(a, b)
        return Map(a, b, message_flows=[("Message_1", "Send", "StartB", "Application")])
    case("sequence-flow-crossing-pool", "fail", "a sequence flow from one pool into another",
         two_pools(True))
    case("sequence-flow-crossing-pool", "pass", "a message flow between the pools",
         two_pools(False))

    def sub(cross):
        p = Process()
        p.add("startEvent", "Start", "Application received")
        p.add("task", "Register", "Register application")
        p.add("subProcess", "Handle", "Handle application")
        p.add("startEvent", "SubStart", "Handling started", parent="Handle")
        p.add("task", "Assess", "Assess application", parent="Handle")
        p.add("endEvent", "SubEnd", "Application assessed", parent="Handle")
        p.add("endEvent", "End", "Application handled")
        p.flow("Flow_1", "Start", "Register")
        p.flow("Flow_2", "Register", "Assess" if cross else "Handle")
        p.flow("Flow_3", "Handle", "End")
        p.flow("Flow_s1", "SubStart", "Assess", parent="Handle")
        p.flow("Flow_s2", "Assess", "SubEnd", parent="Handle")
        return Map(p)
    case("sequence-flow-crossing-sub-process", "fail",
         "a flow from outside goes straight to a task inside the sub-process", sub(True))
    case("sequence-flow-crossing-sub-process", "pass", "the flow enters the sub-process itself",
         sub(False))

    m = two_pools(False)
    m.message_flows.append(("Message_2", "Start", "Send", "Reminder"))
    case("message-flow-inside-pool", "fail", "a message flow between two steps of one pool", m)
    case("message-flow-inside-pool", "pass", "message flows only between pools",
         two_pools(False))

    def lanes(variant):
        p = Process(pool="Municipality", lanes=[("Lane_Clerk", "Clerk"),
                                                ("Lane_Manager", "Manager")])
        p.add("startEvent", "Start", "Application received", lane="Lane_Clerk")
        p.add("task", "Register", "Register application",
              lane=None if variant == "fail" else "Lane_Clerk",
              lanes=("Lane_Manager",) if variant == "fail2" else ())
        p.add("task", "Approve", "Approve application", lane="Lane_Manager")
        p.add("endEvent", "End", "Application approved", lane="Lane_Manager")
        p.flow("Flow_1", "Start", "Register").flow("Flow_2", "Register", "Approve")
        p.flow("Flow_3", "Approve", "End")
        if variant == "fail":
            p.index["Register"].lane = None
        return Map(p)
    case("activity-in-one-lane", "fail", "a task in no lane", lanes("fail"))
    case("activity-in-one-lane", "fail2", "a task listed in two lanes", lanes("fail2"))
    case("activity-in-one-lane", "pass", "every task in one lane", lanes("pass"))

    def call(attrs):
        p = Process()
        p.add("startEvent", "Start", "Application received")
        p.add("callActivity", "Assess", "Assess application", attrs=attrs)
        p.add("endEvent", "End", "Application assessed")
        p.flow("Flow_1", "Start", "Assess").flow("Flow_2", "Assess", "End")
        return Map(p)
    case("call-activity-called-element", "fail", "a call activity that calls nothing", call({}))
    case("call-activity-called-element", "pass", "the call activity names its child process",
         call({"calledElement": "AssessApplication"}))

    def collapsed(content):
        p = Process()
        p.add("startEvent", "Start", "Application received")
        p.add("subProcess", "Assess", "Assess application", expanded=False)
        if content:
            p.add("startEvent", "SubStart", "Assessment started", parent="Assess")
            p.add("task", "Check", "Check income", parent="Assess")
            p.add("endEvent", "SubEnd", "Income checked", parent="Assess")
            p.flow("Flow_s1", "SubStart", "Check", parent="Assess")
            p.flow("Flow_s2", "Check", "SubEnd", parent="Assess")
        p.add("endEvent", "End", "Application assessed")
        p.flow("Flow_1", "Start", "Assess").flow("Flow_2", "Assess", "End")
        return Map(p, extra_plane_for=["Assess"] if content else [])
    case("collapsed-sub-process-child", "fail", "a collapsed sub-process with nothing inside",
         collapsed(False))
    case("collapsed-sub-process-child", "pass",
         "the collapsed sub-process holds its child map (drawn on its own diagram)",
         collapsed(True))

    def overview(n):
        p = Process(map_level="overview")
        p.add("startEvent", "Start", "Application received")
        prev = "Start"
        for i in range(1, n + 1):
            p.add("task", "Step%d" % i, "Handle step %d" % i)
            p.flow("Flow_%d" % i, prev, "Step%d" % i)
            prev = "Step%d" % i
        p.add("endEvent", "End", "Application handled")
        p.flow("Flow_end", prev, "End")
        return Map(p)
    case("overview-map-size", "fail", "an overview map with 16 activities", overview(16))
    case("overview-map-size", "pass", "an overview map with 15 activities", overview(15))

    # names
    p = basic()
    p.index["Register"].name = None
    case("label-required", "fail", "a task without a name", Map(p))
    case("label-required", "pass", "every step has a name", Map(basic()))

    p = basic()
    p.index["Register"].name = "Application registration"
    case("activity-verb-object", "fail", "a task named with a noun", Map(p))
    p = basic()
    p.index["Register"].name = "Register"
    case("activity-verb-object", "fail2", "a task named with a verb alone", Map(p))
    case("activity-verb-object", "pass", "a task named verb + object", Map(basic()))

    case("gateway-question", "fail", "a decision named as a statement",
         Map(decision(Process(), gw_name="Check completeness")))
    case("gateway-question", "pass", "a decision named as a question",
         Map(decision(Process())))

    case("gateway-branches-labelled", "fail", "a branch of a decision without a label",
         Map(decision(Process(), no_name=None)))
    case("gateway-branches-labelled", "pass", "every branch says which answer it is",
         Map(decision(Process())))

    # DI
    p = basic()
    p.index["Register"].di = False
    p.flows[0].di = p.flows[1].di = False
    case("di-present", "fail", "a task and its flows are not drawn", Map(p))
    case("di-present", "fail2", "the file has no diagram at all", Map(basic(), no_di=True))
    case("di-present", "pass", "everything is drawn", Map(basic()))

    p = basic()
    p.add("task", "Archive", "Archive application", pos=(170, 120))
    p.add("endEvent", "End2", "Application archived", pos=(400, 300))
    p.flow("Flow_3", "Register", "Archive").flow("Flow_4", "Archive", "End2")
    # Archive lies over Register; Register now splits implicitly: both are about the drawing
    case("no-overlapping-shapes", "fail", "two tasks drawn on top of each other", Map(p))
    p = basic()
    p.add("boundaryEvent", "Late", "Deadline passed", attached="Register",
          inner=ev(TIMER, "Late"), attrs={"cancelActivity": "false"})
    p.add("task", "Remind", "Remind clerk", pos=(420, 240))
    p.add("endEvent", "End2", "Clerk reminded", pos=(600, 262))
    p.flow("Flow_3", "Late", "Remind").flow("Flow_4", "Remind", "End2")
    case("no-overlapping-shapes", "pass", "a boundary event on its task is not an overlap",
         Map(p))


def build_valid():
    """Valid BPMN constructs that must never give an error."""
    v = {}
    p = basic()
    p.add("boundaryEvent", "Late", "Deadline passed", attached="Register",
          inner=ev(TIMER, "Late"))
    p.add("task", "Escalate", "Escalate application", pos=(420, 240))
    p.add("endEvent", "End2", "Application escalated", pos=(600, 262))
    p.flow("Flow_3", "Late", "Escalate").flow("Flow_4", "Escalate", "End2")
    v["boundary-event"] = ("an interrupting timer boundary event: no incoming flow", Map(p))

    p = basic()
    p.add("subProcess", "OnCancel", "Handle cancellation", attrs={"triggeredByEvent": "true"},
          pos=None)
    p.add("startEvent", "CancelStart", "Cancellation received", parent="OnCancel",
          inner=ev(MESSAGE, "CancelStart"), attrs={"isInterrupting": "true"})
    p.add("task", "Cancel", "Cancel application", parent="OnCancel")
    p.add("endEvent", "CancelEnd", "Application cancelled", parent="OnCancel")
    p.flow("Flow_c1", "CancelStart", "Cancel", parent="OnCancel")
    p.flow("Flow_c2", "Cancel", "CancelEnd", parent="OnCancel")
    v["event-sub-process"] = ("an event sub-process: no incoming or outgoing flows", Map(p))

    p = Process()
    p.add("startEvent", "Start", "Order received")
    p.add("task", "Book", "Book hotel")
    p.add("boundaryEvent", "Comp", "Booking undone", attached="Book",
          inner=ev(COMPENSATE, "Comp"))
    p.add("task", "Cancel", "Cancel hotel", attrs={"isForCompensation": "true"},
          pos=(250, 260))
    p.add("task", "Charge", "Charge card")
    p.add("boundaryEvent", "Failed", "Card declined", attached="Charge",
          inner=ev(ERROR, "Failed"))
    p.add("intermediateThrowEvent", "Undo", "Undo booking", inner=ev(COMPENSATE, "Undo"),
          pos=(560, 300))
    p.add("endEvent", "End2", "Order failed", pos=(640, 300))
    p.add("endEvent", "End", "Order booked")
    p.flow("Flow_1", "Start", "Book").flow("Flow_2", "Book", "Charge")
    p.flow("Flow_3", "Charge", "End").flow("Flow_4", "Failed", "Undo")
    p.flow("Flow_5", "Undo", "End2")
    p.flows.append(Flow("Assoc_1", "Comp", "Cancel", tag="association"))
    v["compensation"] = ("a compensation handler linked by an association", Map(p))

    p = Process()
    p.add("startEvent", "Start", "Course planned")
    p.add("adHocSubProcess", "Prepare", "Prepare course")
    p.add("task", "Book", "Book room", parent="Prepare")
    p.add("task", "Invite", "Invite students", parent="Prepare")
    p.add("task", "Print", "Print handouts", parent="Prepare")
    p.add("endEvent", "End", "Course prepared")
    p.flow("Flow_1", "Start", "Prepare").flow("Flow_2", "Prepare", "End")
    v["ad-hoc-sub-process"] = ("an ad-hoc sub-process: steps in any order, no flows", Map(p))

    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("task", "Register", "Register application")
    p.add("intermediateThrowEvent", "Throw", "To archive", inner=ev(link("To archive"), "Throw"))
    p.add("intermediateCatchEvent", "Catch", "To archive", inner=ev(link("To archive"), "Catch"))
    p.add("task", "Archive", "Archive application")
    p.add("endEvent", "End", "Application archived")
    p.flow("Flow_1", "Start", "Register").flow("Flow_2", "Register", "Throw")
    p.flow("Flow_3", "Catch", "Archive").flow("Flow_4", "Archive", "End")
    v["link-events"] = ("a link throw and catch pair: neither needs the missing flow", Map(p))

    p = basic(pool="Municipality")
    p.index["Start"].inner = ev(MESSAGE, "Start")
    v["black-box-pool"] = ("a pool without a process sends the message that starts the map",
                           Map(p, black_boxes=[("Pool_Citizen", "Citizen")],
                               message_flows=[("Message_1", "Pool_Citizen", "Start",
                                               "Application")]))

    p = Process()
    p.add("eventBasedGateway", "Wait", attrs={"instantiate": "true",
                                               "eventGatewayType": "Exclusive"})
    p.add("intermediateCatchEvent", "Letter", "Letter received", inner=ev(MESSAGE, "Letter"))
    p.add("intermediateCatchEvent", "Call", "Call received", inner=ev(SIGNAL, "Call"))
    p.add("startEvent", "Start", "Case opened")
    p.add("task", "Register", "Register request")
    p.add("endEvent", "End", "Request registered")
    p.flow("Flow_1", "Wait", "Letter").flow("Flow_2", "Wait", "Call")
    p.flow("Flow_3", "Letter", "Register").flow("Flow_4", "Call", "Register")
    p.flow("Flow_5", "Start", "Register").flow("Flow_6", "Register", "End")
    v["instantiating-gateway"] = ("an instantiating event-based gateway starts the process",
                                  Map(p))

    p = Process()
    p.add("startEvent", "Start", "Application received")
    p.add("callActivity", "Assess", "Assess application",
          inner='<bpmn:extensionElements>\n  <zeebe:calledElement '
                'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" processId="AssessApplication" '
                '/>\n</bpmn:extensionElements>')
    p.add("endEvent", "End", "Application assessed")
    p.flow("Flow_1", "Start", "Assess").flow("Flow_2", "Assess", "End")
    v["zeebe-called-element"] = ("a call activity naming its process the Camunda 8 way",
                                 Map(p))
    return v


def write(path, comment, m):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(m.xml(comment))


def main():
    build_cases()
    for (rule, variant), (comment, m) in sorted(CASES.items()):
        write(os.path.join(HERE, rule, variant + ".bpmn"),
              "%s %s: %s" % (rule, variant, comment), m)
    for name, (comment, m) in sorted(build_valid().items()):
        write(os.path.join(VALID, name + ".bpmn"), "valid: " + comment, m)


if __name__ == "__main__":
    main()
