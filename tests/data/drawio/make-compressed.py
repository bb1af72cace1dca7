#!/usr/bin/env python3
"""Writes the compressed test diagrams of this folder (compressed.drawio, multipage.drawio)
the way draw.io's "Compressed" option does: encodeURIComponent, raw deflate, base64.
Run from this folder; the outputs are committed, so tests never run this."""
import base64
import urllib.parse
import zlib


def compress(xml):
    enc = urllib.parse.quote(xml, safe="-_.!~*'()")
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.b64encode(co.compress(enc.encode()) + co.flush()).decode()


SUPPORT = """<mxGraphModel dx="900" dy="600" grid="1" gridSize="10"><root>
<mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="s" value="Call comes in" style="ellipse;whiteSpace=wrap;html=1;" vertex="1" parent="1"><mxGeometry x="20" y="40" width="40" height="40" as="geometry"/></mxCell>
<mxCell id="t" value="Answer the call" style="rounded=1;whiteSpace=wrap;html=1;" vertex="1" parent="1"><mxGeometry x="100" y="30" width="120" height="60" as="geometry"/></mxCell>
<mxCell id="g" value="Solved?" style="shape=mxgraph.flowchart.decision;whiteSpace=wrap;html=1;" vertex="1" parent="1"><mxGeometry x="260" y="30" width="60" height="60" as="geometry"/></mxCell>
<mxCell id="t2" value="Escalate &#229; &#246;" style="shape=mxgraph.flowchart.process;whiteSpace=wrap;html=1;" vertex="1" parent="1"><mxGeometry x="360" y="120" width="120" height="60" as="geometry"/></mxCell>
<mxCell id="e" value="Closed" style="ellipse;whiteSpace=wrap;html=1;" vertex="1" parent="1"><mxGeometry x="380" y="40" width="40" height="40" as="geometry"/></mxCell>
<mxCell id="e1" edge="1" parent="1" source="s" target="t" style="edgeStyle=orthogonalEdgeStyle;html=1;"><mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e2" edge="1" parent="1" source="t" target="g" style="edgeStyle=orthogonalEdgeStyle;html=1;"><mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e3" value="yes" edge="1" parent="1" source="g" target="e" style="edgeStyle=orthogonalEdgeStyle;html=1;"><mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e4" value="no" edge="1" parent="1" source="g" target="t2" style="edgeStyle=orthogonalEdgeStyle;html=1;"><mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e5" edge="1" parent="1" source="t2" target="e" style="edgeStyle=orthogonalEdgeStyle;html=1;"><mxGeometry relative="1" as="geometry"/></mxCell>
</root></mxGraphModel>"""

POOLS = """<mxGraphModel><root>
<mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="citizen" value="Citizen" style="swimlane;html=1;horizontal=0;startSize=20;" vertex="1" parent="1"><mxGeometry x="20" y="20" width="600" height="120" as="geometry"/></mxCell>
<mxCell id="c-lane" value="Applicant" style="swimlane;html=1;horizontal=0;startSize=20;" vertex="1" parent="citizen"><mxGeometry x="20" width="580" height="120" as="geometry"/></mxCell>
<mxCell id="apply" value="Apply" style="shape=mxgraph.bpmn.task;taskMarker=send;html=1;" vertex="1" parent="c-lane"><mxGeometry x="60" y="30" width="120" height="60" as="geometry"/></mxCell>
<mxCell id="office" value="Building office" style="swimlane;html=1;horizontal=0;startSize=20;" vertex="1" parent="1"><mxGeometry x="20" y="200" width="600" height="120" as="geometry"/></mxCell>
<mxCell id="o-lane" value="Case worker" style="swimlane;html=1;horizontal=0;startSize=20;" vertex="1" parent="office"><mxGeometry x="20" width="580" height="120" as="geometry"/></mxCell>
<mxCell id="recv" value="Application received" style="shape=mxgraph.bpmn.event;outline=standard;symbol=message;html=1;" vertex="1" parent="o-lane"><mxGeometry x="80" y="40" width="40" height="40" as="geometry"/></mxCell>
<mxCell id="handle" value="Handle" style="shape=mxgraph.bpmn.task;taskMarker=user;html=1;" vertex="1" parent="o-lane"><mxGeometry x="180" y="30" width="120" height="60" as="geometry"/></mxCell>
<mxCell id="m1" value="application" style="dashed=1;dashPattern=8 4;endArrow=blockThin;endFill=1;startArrow=oval;startFill=0;html=1;" edge="1" parent="1" source="apply" target="recv"><mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="s1" style="html=1;" edge="1" parent="o-lane" source="recv" target="handle"><mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="m2" value="decision" style="dashed=1;dashPattern=8 4;endArrow=blockThin;html=1;" edge="1" parent="1" source="handle" target="citizen"><mxGeometry relative="1" as="geometry"/></mxCell>
</root></mxGraphModel>"""


def mxfile(pages):
    body = "".join(pages)
    return ('<mxfile host="app.diagrams.net" agent="Kartla test data" version="24.7.17" compressed="true">\n'
            + body + "</mxfile>\n")


with open("compressed.drawio", "w") as f:
    f.write(mxfile(['  <diagram id="sup" name="Support">%s</diagram>\n' % compress(SUPPORT)]))
with open("multipage.drawio", "w") as f:
    f.write(mxfile([
        '  <diagram id="p1" name="Support (plain)">\n    %s\n  </diagram>\n' % SUPPORT.replace("\n", "\n    "),
        '  <diagram id="p2" name="Building permit">%s</diagram>\n' % compress(POOLS),
        '  <diagram id="p3" name="Empty"></diagram>\n',
    ]))
