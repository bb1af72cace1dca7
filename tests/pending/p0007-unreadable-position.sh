#!/bin/sh
# PENDING (lib/xml_read.c ka_xml_parse_file, lib/err.c ka_diag_format): a
# file that cannot be opened is reported as "missing.bpmn:0:0: ...": there is
# no line 0. Without a position the message should be "missing.bpmn: cannot
# open file: No such file or directory".
. "$(dirname "$0")/../cli/lib.sh"

run convert missing.bpmn out.bpmn
expect_status 2
expect_stderr "kartla: missing.bpmn: cannot open file: No such file or directory"
mkdir dir
run convert dir out.bpmn
expect_status 2
expect_stderr "kartla: dir: cannot read file: is a directory"
