# bench/bench.mk - benchmark workloads and the harness (bench/run.sh).
#   make bench        full run: every workload under every tracer, 5 reps
#   make bench-quick  each workload once, small sizes, fewer tracers, same figures
# Results print as markdown and are saved in $(BUILD)/bench/results.md.
# Benchmarks are not tests: nothing here is part of `make check`.

BENCH_PROGS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/*.c))
BENCH_ARGS  ?=

$(BUILD)/bench:
	mkdir -p $@

$(BUILD)/bench/%: bench/%.c bench/bench.h | $(BUILD)/bench
	$(CC) $(ALL_CFLAGS) -pthread -o $@ $< $(LDFLAGS_ALL)

.PHONY: bench-progs bench-quick
bench-progs: $(BENCH_PROGS)

bench: $(BUILD)/sdtrace $(BENCH_PROGS)
	bash bench/run.sh --build $(BUILD) $(BENCH_ARGS)

bench-quick: $(BUILD)/sdtrace $(BENCH_PROGS)
	bash bench/run.sh --quick --build $(BUILD) $(BENCH_ARGS)
