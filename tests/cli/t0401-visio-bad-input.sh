#!/bin/sh
# Hostile Visio files (made by tests/data/visio/make_vsdx.py): exit 2, one message naming
# the file and the part, nothing written.
. "$(dirname "$0")/lib.sh"
: "${VISIO_DATA:?VISIO_DATA must name tests/data/visio}"

for f in bad-notzip.vsdx bad-traversal.vsdx bad-reltarget.vsdx bad-doctype.vsdx bad-zipbomb.vsdx bad-pagebomb.vsdx bad-corrupt.vsd; do
	cp "$VISIO_DATA/$f" .
done
refuse bad-notzip.vsdx "bad-notzip.vsdx: not a readable ZIP package (.vsdx): Not a zip archive"
refuse bad-traversal.vsdx 'bad-traversal.vsdx: part name "../../etc/evil.xml" is absolute or leaves the package'
refuse bad-reltarget.vsdx 'bad-reltarget.vsdx: part visio/pages/_rels/pages.xml.rels: relationship target "../../../../etc/passwd" leaves the package'
refuse bad-doctype.vsdx "bad-doctype.vsdx:1:34: part visio/pages/page1.xml: DOCTYPE declarations are not allowed (<!DOCTYPE p>)"
refuse bad-zipbomb.vsdx "bad-zipbomb.vsdx: the package declares more than 256 MB once inflated (part visio/media/zeros.bin): refused as a ZIP bomb"
refuse bad-pagebomb.vsdx "bad-pagebomb.vsdx: the package declares more than 256 MB once inflated (part visio/pages/page1.xml): refused as a ZIP bomb"
run convert bad-corrupt.vsd out.bpmn
if grep -q "built without libvisio" stderr; then # -Dvsd=disabled: every .vsd is refused
	refuse bad-corrupt.vsd "bad-corrupt.vsd: binary Visio drawings (.vsd) cannot be read: this Kartla was built without libvisio; save the drawing as .vsdx"
else
	refuse bad-corrupt.vsd "bad-corrupt.vsd: not a .vsd drawing libvisio can read (corrupt, or another OLE2 file)"
fi

# .vdx (Visio 2003 XML): no pages, a DOCTYPE, not well-formed
printf '<?xml version="1.0"?>\n<VisioDocument xmlns="http://schemas.microsoft.com/visio/2003/core"/>\n' >empty.vdx
refuse empty.vdx "empty.vdx: the drawing has no pages"
printf '<?xml version="1.0"?>\n<!DOCTYPE VisioDocument [<!ENTITY a "b">]>\n<VisioDocument/>\n' >dtd.vdx
refuse dtd.vdx "dtd.vdx:2:25: DOCTYPE declarations are not allowed (<!DOCTYPE VisioDocument>)"
printf '<?xml version="1.0"?>\n<VisioDocument><Pages>\n' >cut.vdx
refuse cut.vdx "cut.vdx:3:1: truncated document: <Pages> is not closed"

# a truncated package
head -c 1000 "$VISIO_DATA/flowchart.vsdx" >cut.vsdx
run convert cut.vsdx out.bpmn
expect_status 2
expect_stderr_has "kartla: cut.vsdx: not a readable ZIP package (.vsdx)"
expect_no_file out.bpmn
