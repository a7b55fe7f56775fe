# vm.mk - sdtrace on a second kernel: Debian 12's 6.1 in qemu (TCG).
#   make check-vm   boot the guest once and run the end-to-end cases there
#                   under the eBPF backend and the kernel module's
#   scripts/vm-trace.sh [SDTRACE-OPTIONS --] PROGRAM [ARGS]  trace one program there
.PHONY: check-vm
check-vm: $(BUILD)/sdtrace
	sh tests/vm/run.sh $(BUILD)
