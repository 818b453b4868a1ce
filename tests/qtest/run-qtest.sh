#!/bin/sh
# Run one qtest binary from QEMU's tree against lutb's QEMU build.
# Usage: run-qtest.sh QEMU QTEST_BINARY
# lutb's QEMU has q35 only (qemu-patches/lutb-devices.mak), so no default
# machine: qtests that name none run on q35. libqtest starts QEMU through
# the shell, so the binary may carry options.
export QTEST_QEMU_BINARY="$1 -machine q35"
exec "$2" --tap -k
