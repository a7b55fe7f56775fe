# tests.mk - make check: unit, diagnostics, compiler and end-to-end tests.

TEST_BIN := $(BUILD)/tests
UNIT_CFLAGS = $(ALL_CFLAGS) -Wno-unused-function $(COMPILER_CPPFLAGS) -Iruntime-user -Iruntime-kernel -Itests/unit
RT_UNIT_OBJS = $(BUILD)/obj/rt_strfmt.o $(BUILD)/obj/rt_sd_buf.o $(BUILD)/obj/rt_tidmap.o \
	$(BUILD)/obj/rt_printer.o $(BUILD)/obj/syscall_names.o $(BUILD)/obj/errno_signal_names.o $(BUILD)/obj/rt_kstructs.o \
	$(BUILD)/obj/rt_tracefile.o $(BUILD)/obj/rt_sd_decode.o $(BUILD)/obj/rt_fdtab.o $(BUILD)/obj/rt_sockdiag.o $(BUILD)/obj/rt_netlink.o

$(TEST_BIN):
	mkdir -p $@

$(TEST_BIN)/test_parser: tests/unit/test_parser.c tests/unit/helpers.h $(COMPILER_LIB_OBJS) | $(TEST_BIN)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(COMPILER_LIB_OBJS) $(LDFLAGS_ALL) -lcmocka
$(TEST_BIN)/test_lower: tests/unit/test_lower.c tests/unit/helpers.h $(COMPILER_LIB_OBJS) | $(TEST_BIN)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(COMPILER_LIB_OBJS) $(LDFLAGS_ALL) -lcmocka
$(TEST_BIN)/test_strfmt: tests/unit/test_strfmt.c $(BUILD)/obj/rt_strfmt.o $(BUILD)/obj/rt_sd_buf.o $(BUILD)/obj/errno_signal_names.o | $(TEST_BIN)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(BUILD)/obj/rt_strfmt.o $(BUILD)/obj/rt_sd_buf.o $(BUILD)/obj/errno_signal_names.o $(LDFLAGS_ALL) -lcmocka
$(TEST_BIN)/test_runtime: tests/unit/test_runtime.c $(RT_UNIT_OBJS) $(BUILD)/obj/sd_decoders.o $(BUILD)/obj/sd_table.o | $(TEST_BIN)
	$(CC) $(UNIT_CFLAGS) -I$(GEN) -o $@ $< $(RT_UNIT_OBJS) $(BUILD)/obj/sd_decoders.o $(BUILD)/obj/sd_table.o $(LDFLAGS_ALL) -lcmocka

UNIT_TESTS := $(TEST_BIN)/test_parser $(TEST_BIN)/test_lower $(TEST_BIN)/test_strfmt $(TEST_BIN)/test_runtime

.PHONY: check-unit check-diag check-compiler check-e2e check-plain check-san
check-unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done

check-diag: $(SYSDEFC)
	sh tests/diag/run.sh $(SYSDEFC)

check-compiler: $(SYSDEFC) $(GEN)/.stamp
	sh tests/compiler/run.sh $(BUILD) "$(CC) $(WFLAGS) $(CFLAGS) $(SAN_FLAGS)"

-include tests/e2e/e2e.mk
-include tests/vm/vm.mk

check-plain: check-unit check-diag check-compiler check-e2e

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
check-san:
	$(MAKE) BUILD=build-san SAN=1 check-plain

# strace 6.1's own test programs under sdtrace; fails when fewer pass than
# tests/strace-suite/pass-count (raise it as tests start to pass).
.PHONY: strace-suite
strace-suite: $(BUILD)/sdtrace
	bash tests/strace-suite/run.sh $(BUILD)/sdtrace $(BUILD)/strace-suite

check: check-plain check-san strace-suite
