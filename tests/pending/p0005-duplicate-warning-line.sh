#!/bin/sh
# PENDING (lib/bpmn_read.c register_id): the --repair warning for a duplicate
# id prints a literal "?" instead of the line of the first use
# ("... (first at line ?) renamed to ..."); the strict error has the line.
. "$(dirname "$0")/../cli/lib.sh"

bpmn dup.bpmn '  <process id="p">
    <task id="t1"/>
    <task id="t1"/>
  </process>'
run convert --repair dup.bpmn out.bpmn
expect_status 0
expect_stderr "kartla: warning: dup.bpmn:5:5: element 't1_dup2': duplicate id 't1' (first at line 4) renamed to 't1_dup2'"
