#!/bin/sh
# Kartla extension values that make no sense are refused, naming the element.
. "$(dirname "$0")/lib.sh"

ext() { # FILE EXTENSION-XML (on line 6)
	bpmn "$1" "  <process id=\"p\">
    <task id=\"check_order\">
      <extensionElements>
        $2
      </extensionElements>
    </task>
  </process>"
}
iso="expected an ISO 8601 duration such as PT30M or P2D (no years or months)"

ext neg.bpmn '<kartla:processTime value="-PT5M"/>'
refuse neg.bpmn "neg.bpmn:6:9: element 'check_order': kartla:processTime value '-PT5M' is invalid: $iso"
ext negnum.bpmn '<kartla:waitTime value="PT-5M"/>'
refuse negnum.bpmn "negnum.bpmn:6:9: element 'check_order': kartla:waitTime value 'PT-5M' is invalid: $iso"
ext words.bpmn '<kartla:processTime value="ten minutes"/>'
refuse words.bpmn "words.bpmn:6:9: element 'check_order': kartla:processTime value 'ten minutes' is invalid: $iso"
ext number.bpmn '<kartla:processTime value="600"/>'
refuse number.bpmn "number.bpmn:6:9: element 'check_order': kartla:processTime value '600' is invalid: $iso"
ext hex.bpmn '<kartla:processTime value="PT0x1AM"/>'
refuse hex.bpmn "hex.bpmn:6:9: element 'check_order': kartla:processTime value 'PT0x1AM' is invalid: $iso"
ext expo.bpmn '<kartla:waitTime value="P1e1D"/>'
refuse expo.bpmn "expo.bpmn:6:9: element 'check_order': kartla:waitTime value 'P1e1D' is invalid: $iso"
ext months.bpmn '<kartla:waitTime value="P1M"/>'
refuse months.bpmn "months.bpmn:6:9: element 'check_order': kartla:waitTime value 'P1M' is invalid: $iso"
ext order.bpmn '<kartla:processTime min="PT20M" mostLikely="PT10M" max="PT30M"/>'
refuse order.bpmn "order.bpmn:6:9: element 'check_order': kartla:processTime is out of order: min PT20M, mostLikely PT10M, max PT30M (need min <= mostLikely <= max)"
ext order2.bpmn '<kartla:processTime min="PT1M" mostLikely="PT1H" max="PT59M"/>'
refuse order2.bpmn "order2.bpmn:6:9: element 'check_order': kartla:processTime is out of order: min PT1M, mostLikely PT1H, max PT59M (need min <= mostLikely <= max)"
ext partial.bpmn '<kartla:processTime min="PT1M" max="PT59M"/>'
refuse partial.bpmn "partial.bpmn:6:9: element 'check_order': kartla:processTime needs 'value' or all of 'min', 'mostLikely' and 'max'"
ext both.bpmn '<kartla:processTime value="PT5M" min="PT1M" mostLikely="PT5M" max="PT9M"/>'
refuse both.bpmn "both.bpmn:6:9: element 'check_order': kartla:processTime has both 'value' and a three-point estimate"
ext twice.bpmn '<kartla:processTime value="PT5M"/><kartla:processTime value="PT6M"/>'
refuse twice.bpmn "twice.bpmn:6:43: element 'check_order': kartla:processTime given twice"
ext cna.bpmn '<kartla:completeAccurate percent="101"/>'
refuse cna.bpmn "cna.bpmn:6:9: element 'check_order': kartla:completeAccurate percent '101' is invalid: expected a number from 0 to 100"
ext cnaexp.bpmn '<kartla:completeAccurate percent="1e1"/>'
refuse cnaexp.bpmn "cnaexp.bpmn:6:9: element 'check_order': kartla:completeAccurate percent '1e1' is invalid: expected a number from 0 to 100"
ext va.bpmn '<kartla:valueAdding value="yes"/>'
refuse va.bpmn "va.bpmn:6:9: element 'check_order': kartla:valueAdding value 'yes' is invalid: expected true or false"
ext raci.bpmn '<kartla:raci><kartla:responsibility role="Clerk" value="X"/></kartla:raci>'
refuse raci.bpmn "raci.bpmn:6:22: element 'check_order': kartla:responsibility value 'X' is invalid: expected one of R, A, C, I"
ext raci2.bpmn '<kartla:raci><kartla:responsibility role="Clerk" value="RA"/></kartla:raci>'
refuse raci2.bpmn "raci2.bpmn:6:22: element 'check_order': kartla:responsibility value 'RA' is invalid: expected one of R, A, C, I"
ext norole.bpmn '<kartla:raci><kartla:responsibility value="R"/></kartla:raci>'
refuse norole.bpmn "norole.bpmn:6:22: element 'check_order': kartla:responsibility role '(missing)' is invalid: expected a role name"
ext racilane.bpmn '<kartla:raci><kartla:responsibility role="Clerk" lane="nolane" value="R"/></kartla:raci>'
refuse racilane.bpmn "racilane.bpmn:6:22: element 'check_order': kartla:responsibility lane 'nolane' is invalid: expected the id of a lane in this map"
ext attr.bpmn '<kartla:processTime valeu="PT5M"/>'
refuse attr.bpmn "attr.bpmn:6:9: element 'check_order': kartla:processTime has no attribute 'valeu' (allowed: value min mostLikely max )"

# Kartla data in the wrong place.
ext probtask.bpmn '<kartla:probability value="0.5"/>'
refuse probtask.bpmn "probtask.bpmn:6:9: element 'check_order': kartla:probability belongs on a sequence flow, not on <task>"
ext leveltask.bpmn '<kartla:mapLevel value="overview"/>'
refuse leveltask.bpmn "leveltask.bpmn:6:9: element 'check_order': kartla:mapLevel belongs on a process, not on <task>"

# Branch probabilities on the flows leaving a gateway.
flow() { # FILE PROBABILITY-VALUE (the kartla element on line 8)
	bpmn "$1" "  <process id=\"p\">
    <exclusiveGateway id=\"gw\"/>
    <task id=\"t\"/>
    <sequenceFlow id=\"yes_flow\" sourceRef=\"gw\" targetRef=\"t\">
      <extensionElements>
        <kartla:probability value=\"$2\"/>
      </extensionElements>
    </sequenceFlow>
  </process>"
}
for v in 1.5 -0.1 75% 0x1p-1 " 0.5" 1e-1 NaN; do
	flow prob.bpmn "$v"
	refuse prob.bpmn "prob.bpmn:8:9: element 'yes_flow': kartla:probability value '$v' is invalid: expected a number from 0 to 1"
done
flow ok.bpmn 0.25
run convert ok.bpmn out.json
expect_status 0
expect_file_has out.json '"probability": 0.25'
rm out.json

# An unknown Kartla element (from a newer Kartla) is kept, with a warning.
ext unknown.bpmn '<kartla:cost value="12"/>'
run convert unknown.bpmn out.bpmn
expect_status 0
expect_stderr "kartla: warning: unknown.bpmn:6:9: element 'check_order': unknown Kartla extension element kartla:cost kept as is"
expect_file_has out.bpmn '<kartla:cost value="12"/>'
