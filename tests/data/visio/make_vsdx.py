#!/usr/bin/env python3
"""Writes the small hand-made Visio test drawings of this folder (and the hostile ones).

    python3 make_vsdx.py [DIR]

Each .vsdx is a ZIP of hand-written XML parts ([MS-VSDX]): content types, package and
document relationships, a page list, a master list with one part per master, one page.
Master names are given in Norwegian (Name) and English (NameU): the reader must use NameU.
The output is deterministic (fixed timestamps), so re-running it changes nothing.
"""
import os
import sys
import zipfile

NS = "http://schemas.microsoft.com/office/visio/2012/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
VREL = "http://schemas.microsoft.com/visio/2010/relationships"


def rels(items):
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in items)
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL}">{body}</Relationships>'


def cells(**kw):
    return "".join(f"<Cell N='{k}' V='{v}'/>" for k, v in kw.items())


def props(p):
    if not p:
        return ""
    rows = "".join(f"<Row N='{k}'><Cell N='Value' V='{v}' U='STR'/></Row>" for k, v in p.items())
    return f"<Section N='Property'>{rows}</Section>"


def shape(sid, master, x, y, w=1.0, h=0.75, text=None, p=None):
    t = f"<Text><cp IX='0'/>{text}</Text>" if text is not None else ""
    return (f"<Shape ID='{sid}' Type='Shape' Master='{master}'>"
            f"{cells(PinX=x, PinY=y, Width=w, Height=h, LocPinX=w / 2, LocPinY=h / 2)}"
            f"{props(p)}{t}</Shape>")


def connector(sid, master, bx, by, ex, ey, text=None, p=None):
    t = f"<Text>{text}</Text>" if text is not None else ""
    return (f"<Shape ID='{sid}' Type='Shape' Master='{master}'>"
            f"{cells(BeginX=bx, BeginY=by, EndX=ex, EndY=ey)}{props(p)}{t}</Shape>")


def glue(conn, src, dst):
    out = ""
    if src is not None:
        out += f"<Connect FromSheet='{conn}' FromCell='BeginX' FromPart='9' ToSheet='{src}' ToCell='PinX' ToPart='3'/>"
    if dst is not None:
        out += f"<Connect FromSheet='{conn}' FromCell='EndX' FromPart='12' ToSheet='{dst}' ToCell='PinX' ToPart='3'/>"
    return out


def package(path, masters, shapes, connects, page_name="Side 1", extra=None):
    """masters: [(id, NameU, Name)]; shapes: XML; connects: XML."""
    parts = {}
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/visio/document.xml" ContentType="application/vnd.ms-visio.drawing.main+xml"/></Types>')
    parts["_rels/.rels"] = rels([("rId1", f"{VREL}/document", "visio/document.xml")])
    parts["visio/document.xml"] = f"<?xml version='1.0' encoding='utf-8' ?><VisioDocument xmlns='{NS}'/>"
    parts["visio/_rels/document.xml.rels"] = rels([
        ("rId1", f"{VREL}/masters", "masters/masters.xml"),
        ("rId2", f"{VREL}/pages", "pages/pages.xml")])
    parts["visio/pages/pages.xml"] = (
        f"<?xml version='1.0' encoding='utf-8' ?><Pages xmlns='{NS}' xmlns:r='{NS_R}'>"
        f"<Page ID='0' NameU='Page-1' Name='{page_name}'><PageSheet>{cells(PageWidth=11, PageHeight=8.5)}"
        f"</PageSheet><Rel r:id='rId1'/></Page></Pages>")
    parts["visio/pages/_rels/pages.xml.rels"] = rels([("rId1", f"{VREL}/page", "page1.xml")])
    parts["visio/pages/page1.xml"] = (
        f"<?xml version='1.0' encoding='utf-8' ?><PageContents xmlns='{NS}' xmlns:r='{NS_R}'>"
        f"<Shapes>{''.join(shapes)}</Shapes><Connects>{''.join(connects)}</Connects></PageContents>")
    mlist = "".join(f"<Master ID='{i}' NameU='{u}' Name='{n}'><Rel r:id='rId{i}'/></Master>"
                    for i, u, n in masters)
    parts["visio/masters/masters.xml"] = (
        f"<?xml version='1.0' encoding='utf-8' ?><Masters xmlns='{NS}' xmlns:r='{NS_R}'>{mlist}</Masters>")
    parts["visio/masters/_rels/masters.xml.rels"] = rels(
        [(f"rId{i}", f"{VREL}/master", f"../masters/master{i}.xml") for i, _, _ in masters])
    for i, _, _ in masters:
        parts[f"visio/masters/master{i}.xml"] = (
            f"<?xml version='1.0' encoding='utf-8' ?><MasterContents xmlns='{NS}'><Shapes>"
            f"<Shape ID='5' Type='Shape'>{cells(Width=1, Height=0.75)}</Shape></Shapes></MasterContents>")
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name])


def flowchart(d):
    m = [(1, "Start/End", "Start/slutt"), (2, "Process", "Prosess"), (3, "Decision", "Beslutning"),
         (4, "Document", "Dokument"), (5, "Dynamic connector", "Dynamisk kobling"),
         (6, "Cloud", "Sky")]
    s = [shape(10, 1, 1, 6, 1, 0.5, "Start"),
         shape(11, 2, 2.5, 6, 1.2, 0.75, "Motta\nsøknad"),
         shape(12, 3, 4.3, 6, 1, 1, "Komplett?"),
         shape(13, 2, 6.2, 6, 1.2, 0.75, "Behandle søknad"),
         shape(14, 1, 8, 6, 1, 0.5, "Slutt"),
         shape(15, 2, 4.3, 4.2, 1.2, 0.75, "Be om mer"),
         shape(16, 4, 2.5, 4.2, 0.8, 0.6, "Søknad"),
         shape(17, 6, 9, 2, 1, 0.6, "Skyen")]
    c = [connector(20, 5, 1.5, 6, 1.9, 6), connector(21, 5, 3.1, 6, 3.8, 6),
         connector(22, 5, 4.8, 6, 5.6, 6, "Ja"), connector(23, 5, 6.8, 6, 7.5, 6),
         connector(24, 5, 4.3, 5.5, 4.3, 4.6, "Nei"), connector(25, 5, 3.7, 4.2, 2.5, 5.6),
         connector(26, 5, 2.5, 4.5, 2.5, 5.6)]
    g = [glue(20, 10, 11), glue(21, 11, 12), glue(22, 12, 13), glue(23, 13, 14),
         glue(24, 12, 15), glue(25, 15, 11), glue(26, 16, 11)]
    package(os.path.join(d, "flowchart.vsdx"), m, s + c, g, "Søknad")


def cff(d):
    m = [(1, "Swimlane", "Svømmebane"), (2, "Process", "Prosess"), (3, "Start/End", "Start/slutt"),
         (4, "Dynamic connector", "Dynamisk kobling"), (5, "Separator", "Skilletegn"),
         (6, "CFF Container", "Tverrfunksjonell beholder")]
    s = [shape(1, 6, 5, 5, 9, 4, "Innkjøp"),
         shape(2, 1, 5, 6, 8.5, 2, "Bestiller"),
         shape(3, 1, 5, 4, 8.5, 2, "Økonomi"),
         shape(4, 5, 6, 5, 0.1, 4, "Fase 1"),
         shape(10, 3, 2, 6, 0.8, 0.5, "Behov"),
         shape(11, 2, 4, 6, 1.2, 0.75, "Bestill"),
         shape(12, 2, 6.5, 4, 1.2, 0.75, "Betal faktura"),
         shape(13, 3, 8.5, 4, 0.8, 0.5, "Betalt")]
    c = [connector(20, 4, 2.4, 6, 3.4, 6), connector(21, 4, 4.6, 6, 6.5, 4.4),
         connector(22, 4, 7.1, 4, 8.1, 4)]
    g = [glue(20, 10, 11), glue(21, 11, 12), glue(22, 12, 13)]
    package(os.path.join(d, "cff.vsdx"), m, s + c, g, "Innkjøp")


def bpmn(d):
    m = [(1, "Pool / Lane", "Basseng / bane"), (2, "Start Event", "Starthendelse"),
         (3, "Task", "Oppgave"), (4, "Gateway", "Port"), (5, "Intermediate Event", "Mellomhendelse"),
         (6, "End Event", "Sluthendelse"), (7, "Sequence Flow", "Sekvensflyt"),
         (8, "Message Flow", "Meldingsflyt"), (9, "Text Annotation", "Tekstmerknad"),
         (10, "Association", "Tilknytning"), (11, "Data Store", "Datalager"),
         (12, "Collapsed Sub-Process", "Delprosess")]
    s = [shape(1, 1, 5, 6, 9, 2.5, "Kommune"),
         shape(2, 1, 5, 2.5, 9, 2, "Innbygger"),
         shape(10, 2, 1.2, 6, 0.4, 0.4, "Søknad mottatt", {"BpmnTriggerOrResult": "Message"}),
         shape(11, 3, 2.5, 6, 1.2, 0.75, "Registrer", {"BpmnTaskType": "User"}),
         shape(12, 4, 4, 6, 0.6, 0.6, None, {"BpmnGatewayType": "Parallel"}),
         shape(13, 5, 5.3, 6.8, 0.4, 0.4, "Vent en uke",
               {"BpmnTriggerOrResult": "Timer", "BpmnEventType": "Intermediate"}),
         shape(14, 12, 5.3, 5.3, 1.2, 0.75, "Vurder"),
         shape(15, 4, 6.8, 6, 0.6, 0.6, None, {"BpmnGatewayType": "Parallel"}),
         shape(16, 6, 8.5, 6, 0.4, 0.4, "Svar sendt", {"BpmnTriggerOrResult": "Message"}),
         shape(17, 9, 2.5, 7.6, 1.4, 0.4, "Frist: 3 uker"),
         shape(18, 11, 8.5, 4.8, 0.6, 0.6, "Arkiv")]
    c = [connector(30, 7, 1.4, 6, 1.9, 6), connector(31, 7, 3.1, 6, 3.7, 6),
         connector(32, 7, 4.3, 6, 5.1, 6.8), connector(33, 7, 4.3, 6, 4.7, 5.3),
         connector(34, 7, 5.5, 6.8, 6.8, 6.3), connector(35, 7, 5.9, 5.3, 6.8, 5.7),
         connector(36, 7, 7.1, 6, 8.3, 6), connector(37, 8, 8.5, 5.8, 8.5, 3.5, "Vedtak"),
         connector(38, 10, 2.5, 7.4, 2.5, 6.4)]
    g = [glue(30, 10, 11), glue(31, 11, 12), glue(32, 12, 13), glue(33, 12, 14),
         glue(34, 13, 15), glue(35, 14, 15), glue(36, 15, 16), glue(37, 16, 2), glue(38, 17, 11)]
    package(os.path.join(d, "bpmn.vsdx"), m, s + c, g, "Søknad")


def loose(d):
    m = [(1, "Process", "Prosess"), (2, "Dynamic connector", "Dynamisk kobling"),
         (3, "Cloud", "Sky"), (4, "Association", "Tilknytning")]
    s = [shape(1, 1, 2, 4, 1, 0.75, "A"), shape(2, 1, 5, 4, 1, 0.75, "B"),
         connector(3, 2, 2.5, 4, 4.5, 4), connector(4, 2, 5.5, 4, 7, 4, "ut i løse lufta"),
         shape(5, 3, 2, 6, 1, 0.6, "Sky"), connector(6, 4, 2, 5.7, 2, 4.4)]
    package(os.path.join(d, "loose.vsdx"), m, s,
            [glue(3, 1, 2), glue(4, 2, None), glue(6, 5, 1)])


def hostile(d):
    with open(os.path.join(d, "bad-notzip.vsdx"), "wb") as f:
        f.write(b"PK\x03\x04 this is not a zip at all")
    # path trick: an entry climbing out of the package
    package(os.path.join(d, "bad-traversal.vsdx"), [(1, "Process", "Prosess")],
            [shape(1, 1, 2, 4)], [], extra={"../../etc/evil.xml": "<x/>"})
    # a relationship target climbing out of the package
    package(os.path.join(d, "bad-reltarget.vsdx"), [(1, "Process", "Prosess")],
            [shape(1, 1, 2, 4)], [],
            extra={"visio/pages/_rels/pages.xml.rels":
                   rels([("rId1", f"{VREL}/page", "../../../../etc/passwd")])})
    # DOCTYPE with an entity bomb in the page part
    bomb = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f"<PageContents xmlns='{NS}'><Shapes/><Text>&b;</Text></PageContents>")
    package(os.path.join(d, "bad-doctype.vsdx"), [(1, "Process", "Prosess")], [], [],
            extra={"visio/pages/page1.xml": bomb})
    # ZIP bomb: one part of 300 MB of zeros compresses to about 300 kB
    path = os.path.join(d, "bad-zipbomb.vsdx")
    package(path, [(1, "Process", "Prosess")], [shape(1, 1, 2, 4)], [])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        info = zipfile.ZipInfo("visio/media/zeros.bin", (2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                f.write(chunk)
    # a page part that claims to be the ZIP bomb: the page itself is 300 MB of spaces
    path = os.path.join(d, "bad-pagebomb.vsdx")
    package(path, [(1, "Process", "Prosess")], [], [], extra={"visio/pages/page1.xml": ""})
    with zipfile.ZipFile(path, "r") as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "visio/pages/page1.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n in sorted(parts):
            z.writestr(zipfile.ZipInfo(n, (2020, 1, 1, 0, 0, 0)), parts[n],
                       compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("visio/pages/page1.xml", (2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            f.write(f"<PageContents xmlns='{NS}'>".encode())
            chunk = b" " * (1 << 20)
            for _ in range(300):
                f.write(chunk)
            f.write(b"</PageContents>")
    # a corrupt binary .vsd: the OLE2 magic, then garbage
    with open(os.path.join(d, "bad-corrupt.vsd"), "wb") as f:
        f.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(range(256)) * 8)


def vdx(d):
    """The flowchart again as Visio 2003 XML (.vdx): cells are elements inside XForm."""
    ns = "http://schemas.microsoft.com/visio/2003/core"

    def xshape(sid, master, x, y, w, h, text=None):
        t = f"<Text><cp IX='0'/>{text}</Text>" if text is not None else ""
        return (f"<Shape ID='{sid}' Type='Shape' Master='{master}'><XForm><PinX>{x}</PinX>"
                f"<PinY>{y}</PinY><Width>{w}</Width><Height>{h}</Height><LocPinX>{w / 2}</LocPinX>"
                f"<LocPinY>{h / 2}</LocPinY></XForm>{t}</Shape>")

    def xconn(sid, bx, by, ex, ey, text=None):
        t = f"<Text>{text}</Text>" if text is not None else ""
        return (f"<Shape ID='{sid}' Type='Shape' Master='5'><XForm1D><BeginX>{bx}</BeginX>"
                f"<BeginY>{by}</BeginY><EndX>{ex}</EndX><EndY>{ey}</EndY></XForm1D>{t}</Shape>")

    masters = [(1, "Start/End", "Start/slutt"), (2, "Process", "Prosess"),
               (3, "Decision", "Beslutning"), (5, "Dynamic connector", "Dynamisk kobling")]
    ms = "".join(f"<Master ID='{i}' NameU='{u}' Name='{n}'><Shapes><Shape ID='5' Type='Shape'>"
                 f"<XForm><Width>1</Width><Height>0.75</Height></XForm></Shape></Shapes></Master>"
                 for i, u, n in masters)
    shapes = [xshape(10, 1, 1, 6, 1, 0.5, "Start"), xshape(11, 2, 2.5, 6, 1.2, 0.75, "Motta\nsøknad"),
              xshape(12, 3, 4.3, 6, 1, 1, "Komplett?"), xshape(13, 2, 6.2, 6, 1.2, 0.75, "Behandle"),
              xshape(14, 1, 8, 6, 1, 0.5, "Slutt"), xconn(20, 1.5, 6, 1.9, 6),
              xconn(21, 3.1, 6, 3.8, 6), xconn(22, 4.8, 6, 5.6, 6, "Ja"),
              xconn(23, 6.8, 6, 7.5, 6), xconn(24, 4.3, 5.5, 8, 5.7, "Nei")]
    glues = [glue(20, 10, 11), glue(21, 11, 12), glue(22, 12, 13), glue(23, 13, 14), glue(24, 12, 14)]
    doc = (f"<?xml version='1.0' encoding='utf-8' ?><VisioDocument xmlns='{ns}'>"
           f"<Masters>{ms}</Masters><Pages><Page ID='0' NameU='Page-1' Name='Søknad'><PageSheet>"
           f"<PageProps><PageWidth>11</PageWidth><PageHeight>8.5</PageHeight></PageProps></PageSheet>"
           f"<Shapes>{''.join(shapes)}</Shapes><Connects>{''.join(glues)}</Connects></Page></Pages>"
           f"</VisioDocument>")
    with open(os.path.join(d, "flowchart.vdx"), "w", encoding="utf-8") as f:
        f.write(doc)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    flowchart(d)
    cff(d)
    bpmn(d)
    loose(d)
    vdx(d)
    hostile(d)


if __name__ == "__main__":
    main()
