#!/bin/sh
# Run one qtest binary from QEMU's tree against lutb's QEMU build.
# Usage: run-qtest.sh QEMU QTEST_BINARY
export QTEST_QEMU_BINARY="$1"
exec "$2" --tap -k
