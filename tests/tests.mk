# tests.mk - make check: unit, diagnostics, compiler and end-to-end tests.

TEST_BIN := $(BUILD)/tests
UNIT_CFLAGS = $(ALL_CFLAGS) -Wno-unused-function $(COMPILER_CPPFLAGS) -Iruntime-user -Iruntime-kernel -Itests/unit
RT_UNIT_OBJS = $(BUILD)/obj/rt_strfmt.o $(BUILD)/obj/rt_sd_buf.o $(BUILD)/obj/rt_tidmap.o \
	$(BUILD)/obj/rt_printer.o $(BUILD)/obj/rt_compat.o $(BUILD)/obj/syscall_names.o $(BUILD)/obj/syscall_names32.o $(BUILD)/obj/errno_signal_names.o $(BUILD)/obj/rt_kstructs.o \
	$(BUILD)/obj/rt_ctf_meta.o $(BUILD)/obj/rt_ctf_read.o $(BUILD)/obj/rt_ctf_write.o $(BUILD)/obj/sd_ctf.o \
	$(BUILD)/obj/rt_sd_decode.o $(BUILD)/obj/rt_fdtab.o $(BUILD)/obj/rt_sockdiag.o $(BUILD)/obj/rt_netlink.o \
	$(BUILD)/obj/rt_unwind.o $(BUILD)/obj/rt_pathfilter.o $(BUILD)/obj/rt_pidcomm.o

$(TEST_BIN):
	mkdir -p $@

$(TEST_BIN)/test_parser: tests/unit/test_parser.c tests/unit/helpers.h $(COMPILER_LIB_OBJS) | $(TEST_BIN)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(COMPILER_LIB_OBJS) $(LDFLAGS_ALL) -lcmocka
$(TEST_BIN)/test_lower: tests/unit/test_lower.c tests/unit/helpers.h $(COMPILER_LIB_OBJS) | $(TEST_BIN)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(COMPILER_LIB_OBJS) $(LDFLAGS_ALL) -lcmocka
$(TEST_BIN)/test_capplan: tests/unit/test_capplan.c tests/unit/helpers.h $(COMPILER_LIB_OBJS) | $(TEST_BIN)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(COMPILER_LIB_OBJS) $(LDFLAGS_ALL) -lcmocka
$(TEST_BIN)/test_strfmt: tests/unit/test_strfmt.c $(BUILD)/obj/rt_strfmt.o $(BUILD)/obj/rt_sd_buf.o $(BUILD)/obj/errno_signal_names.o | $(TEST_BIN)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(BUILD)/obj/rt_strfmt.o $(BUILD)/obj/rt_sd_buf.o $(BUILD)/obj/errno_signal_names.o $(LDFLAGS_ALL) -lcmocka
$(TEST_BIN)/test_runtime: tests/unit/test_runtime.c $(RT_UNIT_OBJS) $(BUILD)/obj/sd_decoders.o $(BUILD)/obj/sd_table.o | $(TEST_BIN)
	$(CC) $(UNIT_CFLAGS) -I$(GEN) -o $@ $< $(RT_UNIT_OBJS) $(BUILD)/obj/sd_decoders.o $(BUILD)/obj/sd_table.o $(LDFLAGS_ALL) -lcmocka -lz -ldw -lelf

UNIT_TESTS := $(TEST_BIN)/test_parser $(TEST_BIN)/test_lower $(TEST_BIN)/test_capplan $(TEST_BIN)/test_strfmt $(TEST_BIN)/test_runtime

.PHONY: check-unit check-diag check-compiler check-e2e check-plain check-san
check-unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done

check-diag: $(SYSDEFC)
	sh tests/diag/run.sh $(SYSDEFC)

check-compiler: $(SYSDEFC) $(GEN)/.stamp
	sh tests/compiler/run.sh $(BUILD) "$(CC) $(WFLAGS) $(CFLAGS) $(SAN_FLAGS)"

-include tests/e2e/e2e.mk
-include tests/ctf/ctf.mk
-include tests/vm/vm.mk

# make install into a scratch DESTDIR; the man pages render without warnings
.PHONY: check-install
check-install: all
	sh tests/install/run.sh $(BUILD)

check-plain: check-unit check-diag check-compiler check-install check-e2e check-ctf

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
check-san:
	$(MAKE) BUILD=build-san SAN=1 check-plain

# strace 6.1's own test programs under sdtrace; fails when fewer pass than
# tests/strace-suite/pass-count (raise it as tests start to pass).
.PHONY: strace-suite
strace-suite: $(BUILD)/sdtrace
	bash tests/strace-suite/run.sh $(BUILD)/sdtrace $(BUILD)/strace-suite

check: check-plain check-san check-fuzz check-vm strace-suite

# libFuzzer on sysdefc (clang; ASan + UBSan) for FUZZ_SECONDS, from the seeds
# in tests/fuzz/sysdefc (every crash found is added there), syscalls/ and
# tests/diag/.  New inputs collect in build-fuzz/fuzz/corpus-sysdefc.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SYSDEFC := $(FUZZ_BUILD)/fuzz/fuzz_sysdefc
.PHONY: fuzz-sysdefc check-fuzz fuzz-sysdefc-build
$(BUILD)/fuzz/fuzz_sysdefc: tests/fuzz/fuzz_sysdefc.c $(COMPILER_LIB_OBJS) $(BUILD)/obj/arch_syscalls.o
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(COMPILER_CPPFLAGS) -fsanitize=fuzzer -o $@ $^
fuzz-sysdefc-build:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(CLANG) SAN_FLAGS="$(FUZZ_SAN)" $(FUZZ_SYSDEFC)
fuzz-sysdefc: fuzz-sysdefc-build
	mkdir -p $(FUZZ_BUILD)/fuzz/corpus-sysdefc
	$(FUZZ_SYSDEFC) -runs=0 tests/fuzz/sysdefc
	$(FUZZ_SYSDEFC) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -max_len=65536 \
		-dict=tests/fuzz/sysdefc.dict -artifact_prefix=$(FUZZ_BUILD)/fuzz/ \
		-print_final_stats=1 $(FUZZ_BUILD)/fuzz/corpus-sysdefc tests/fuzz/sysdefc syscalls tests/diag

# libFuzzer on the reader of recorded traces and the printers a replay
# feeds (tests/fuzz/fuzz_ctf.c), seeds in tests/fuzz/ctf.
FUZZ_CTF := $(FUZZ_BUILD)/fuzz/fuzz_ctf
.PHONY: fuzz-ctf fuzz-ctf-build
$(BUILD)/fuzz/fuzz_ctf: tests/fuzz/fuzz_ctf.c $(RT_UNIT_OBJS) $(BUILD)/obj/sd_decoders.o $(BUILD)/obj/sd_table.o
	mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(RUNTIME_CPPFLAGS) -fsanitize=fuzzer -o $@ $^ -lz -ldw -lelf
fuzz-ctf-build:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(CLANG) SAN_FLAGS="$(FUZZ_SAN) -Wno-sign-compare" $(FUZZ_CTF)
fuzz-ctf: fuzz-ctf-build
	mkdir -p $(FUZZ_BUILD)/fuzz/corpus-ctf
	$(FUZZ_CTF) -runs=0 tests/fuzz/ctf
	$(FUZZ_CTF) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -max_len=65536 \
		-artifact_prefix=$(FUZZ_BUILD)/fuzz/ -print_final_stats=1 \
		$(FUZZ_BUILD)/fuzz/corpus-ctf tests/fuzz/ctf

# For make check: the seeds (every crash found) once, then a fixed number of
# runs from a fixed seed and an empty scratch corpus: the same inputs every
# time (bounded at 60 s on a loaded machine), about 15-30 s.
check-fuzz: fuzz-sysdefc-build fuzz-ctf-build
	$(FUZZ_CTF) -runs=0 tests/fuzz/ctf
	rm -rf $(FUZZ_BUILD)/fuzz/check-corpus-ctf && mkdir -p $(FUZZ_BUILD)/fuzz/check-corpus-ctf
	$(FUZZ_CTF) -seed=1 -runs=20000 -max_total_time=30 -timeout=10 -max_len=65536 \
		-artifact_prefix=$(FUZZ_BUILD)/fuzz/ $(FUZZ_BUILD)/fuzz/check-corpus-ctf tests/fuzz/ctf
	$(FUZZ_SYSDEFC) -runs=0 tests/fuzz/sysdefc tests/diag
	rm -rf $(FUZZ_BUILD)/fuzz/check-corpus && mkdir -p $(FUZZ_BUILD)/fuzz/check-corpus
	$(FUZZ_SYSDEFC) -seed=1 -runs=6000 -max_total_time=60 -timeout=10 -max_len=65536 \
		-dict=tests/fuzz/sysdefc.dict -artifact_prefix=$(FUZZ_BUILD)/fuzz/ \
		$(FUZZ_BUILD)/fuzz/check-corpus tests/fuzz/sysdefc
