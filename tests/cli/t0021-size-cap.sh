#!/bin/sh
# Files over the size cap: --max-size, the default cap of 64 MiB, and a
# device without a size that streams forever.
. "$(dirname "$0")/lib.sh"

cp "$BPMN_DATA/miwg-reference/A.1.0.bpmn" a.bpmn
refuse a.bpmn "a.bpmn:1:1: file is 6978 bytes, over the size cap of 1024 bytes" --max-size 1K
refuse a.bpmn "a.bpmn:1:1: file is 6978 bytes, over the size cap of 6977 bytes" --max-size 6977
# Exactly at the cap is fine.
run convert --max-size "$(wc -c <a.bpmn)" a.bpmn out.bpmn
expect_status 0
rm out.bpmn

# The default cap (64 MiB) without reading the bytes: a sparse file.
truncate -s 65M big.bpmn
refuse big.bpmn "big.bpmn:1:1: file is 68157440 bytes, over the size cap of 67108864 bytes"
run convert --max-size 1G big.bpmn out.json
expect_status 2
expect_stderr_has "big.bpmn:"
expect_no_file out.json

# A character device reports no size: the cap applies while reading.
refuse /dev/zero "/dev/zero:1:1: file is over the size cap of 4096 bytes" --max-size 4K
