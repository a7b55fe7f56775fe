# ctf.mk - recorded traces: --record/--replay round trips, babeltrace2,
# loss, damage, a trace of older descriptions (tests/ctf/run.sh).
.PHONY: check-ctf
check-ctf: $(BUILD)/sdtrace
	sh tests/ctf/run.sh $(BUILD)
