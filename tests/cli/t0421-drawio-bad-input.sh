#!/bin/sh
# Bad draw.io files: not XML, bad base64, bad deflate, truncated, a deflate bomb, an entity
# bomb inside a compressed page, bad URL-encoding: a message naming the file and the page,
# exit 2, nothing written.
. "$(dirname "$0")/lib.sh"

python3 - <<'PY'
import base64, urllib.parse, zlib
def deflate(b):
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return co.compress(b) + co.flush()
def packed(xml):
    return base64.b64encode(deflate(urllib.parse.quote(xml).encode())).decode()
def page(text, name="Main"):
    return '<mxfile>\n<diagram id="d" name="%s">%s</diagram>\n</mxfile>\n' % (name, text)
open("broken.drawio", "w").write("<mxfile><diagram>oops</mxfile>\n")
open("badb64.drawio", "w").write(page("AAAA$$$$"))
open("baddeflate.drawio", "w").write(page(base64.b64encode(b"\xff\xfe\xfd not deflate").decode()))
open("cut.drawio", "w").write(page(base64.b64encode(deflate(urllib.parse.quote("<mxGraphModel><root>").encode())[:-3]).decode()))
open("badurl.drawio", "w").write(page(base64.b64encode(deflate(b"%3CmxGraphModel%ZZ")).decode()))
co = zlib.compressobj(9, zlib.DEFLATED, -15)
bomb = co.compress(b"%3CmxGraphModel%3E")
for _ in range(80):
    bomb += co.compress(b" " * (1 << 20))
bomb += co.flush()
open("bomb.drawio", "w").write(page(base64.b64encode(bomb).decode(), "Bomb"))
lol = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
       '<mxGraphModel><root><mxCell id="0" value="&b;"/></root></mxGraphModel>')
open("lol.drawio", "w").write('<mxfile>\n<diagram name="First"><mxGraphModel><root/></mxGraphModel></diagram>\n'
                              '<diagram id="x" name="Second">%s</diagram>\n</mxfile>\n' % packed(lol))
open("innerbad.drawio", "w").write(page(packed("<mxGraphModel>\n<root></mxGraphModel>")))
open("html.drawio", "w").write(page(packed("<html/>")))
open("nopages.drawio", "w").write("<mxfile host='x'></mxfile>\n")
PY

refuse broken.drawio "broken.drawio:1:24: malformed XML: mismatched tag"
refuse badb64.drawio 'badb64.drawio:2:1: page 1 "Main": bad base64 at character 5'
refuse baddeflate.drawio 'baddeflate.drawio:2:1: page 1 "Main": bad deflate data: invalid block type'
refuse cut.drawio 'cut.drawio:2:1: page 1 "Main": bad deflate data: truncated'
refuse badurl.drawio 'badurl.drawio:2:1: page 1 "Main": bad URL encoding at byte 16'
refuse bomb.drawio 'bomb.drawio:2:1: page 1 "Bomb": compressed diagram inflates past 67108864 bytes'
refuse lol.drawio 'lol.drawio:3:1: page 2 "Second": line 1, column 34 of the diagram: DOCTYPE declarations are not allowed (<!DOCTYPE m>)'
refuse innerbad.drawio 'innerbad.drawio:2:1: page 1 "Main": line 2, column 9 of the diagram: malformed XML: mismatched tag'
refuse html.drawio 'html.drawio:2:1: page 1 "Main": the diagram is <html>, not <mxGraphModel>'
refuse nopages.drawio 'nopages.drawio:1:1: a draw.io file without any <diagram> page'
