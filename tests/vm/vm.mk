# vm.mk - sdtrace on a second kernel: Debian 12's 6.1 in qemu (TCG).
#   make check-vm   boot the guest once and run the end-to-end cases there
#                   under the eBPF backend and the kernel module's
#   scripts/vm-trace.sh [SDTRACE-OPTIONS --] PROGRAM [ARGS]  trace one program there
#   make bench-vm   the same, then the per-call cost of getppid untraced and
#                   under each backend, in the guest
.PHONY: check-vm bench-vm
check-vm: $(BUILD)/sdtrace kmod
	sh tests/vm/run.sh $(BUILD)
bench-vm: $(BUILD)/sdtrace kmod
	BENCH_N=1000000 sh tests/vm/run.sh $(BUILD)
