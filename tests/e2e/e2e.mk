# e2e.mk - end-to-end tests of sdtrace (root, eBPF, strace 6.1 as reference).
#   make check-e2e        build sdtrace, build tests/e2e/t_*.c, run every case
.PHONY: check-e2e
check-e2e: $(BUILD)/sdtrace
	sh tests/e2e/run.sh $(BUILD)
