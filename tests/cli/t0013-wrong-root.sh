#!/bin/sh
# Well-formed XML whose root is not BPMN <definitions>.
. "$(dirname "$0")/lib.sh"

printf '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>\n' >html.bpmn
refuse html.bpmn "html.bpmn:2:1: root element is <html> in namespace http://www.w3.org/1999/xhtml; expected <definitions> in the BPMN 2.0 namespace $NS_BPMN"

printf '<?xml version="1.0"?>\n\n  <definitions id="d"/>\n' >nons.bpmn
refuse nons.bpmn "nons.bpmn:3:3: root element is <definitions> without a namespace; expected <definitions> in the BPMN 2.0 namespace $NS_BPMN"

printf '<?xml version="1.0"?>\n<bpmn:process xmlns:bpmn="%s" id="p"/>\n' "$NS_BPMN" >process.bpmn
refuse process.bpmn "process.bpmn:2:1: root element is <bpmn:process> in namespace $NS_BPMN; expected <definitions> in the BPMN 2.0 namespace $NS_BPMN"
