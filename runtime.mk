# runtime.mk - the eBPF recorder object, its skeleton, and sdtrace.

BPF_ARCH  := x86
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(BPF_ARCH) -Wall -Werror \
	-I$(BUILD) -I$(GEN) -Iruntime-kernel
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux

# vmlinux.h from the running kernel's BTF (CO-RE relocates to others).
$(BUILD)/vmlinux.h: | $(BUILD)
	$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && mv $@.tmp $@

$(BUILD)/sdtrace.bpf.o: runtime-kernel/sdtrace.bpf.c $(wildcard runtime-kernel/*.bpf.h) \
		runtime-kernel/sd_events.h runtime-kernel/sd_abi.h runtime-kernel/sd_capplan.h \
		$(BUILD)/vmlinux.h $(GEN)/.stamp
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# SDTRACE_BPF_ID names the object in --cache's keys (runtime-user/cache.h).
$(BUILD)/sdtrace.skel.h: $(BUILD)/sdtrace.bpf.o
	$(BPFTOOL) gen skeleton $< name sdtrace_bpf > $@.tmp && \
	echo "#define SDTRACE_BPF_ID 0x$$(sha256sum < $< | cut -c1-16)ULL" >> $@.tmp && mv $@.tmp $@

RUNTIME_SRCS := $(wildcard runtime-user/*.c)
RUNTIME_OBJS := $(patsubst runtime-user/%.c,$(BUILD)/obj/rt_%.o,$(RUNTIME_SRCS)) \
	$(BUILD)/obj/sd_decoders.o $(BUILD)/obj/sd_table.o $(BUILD)/obj/sd_ctf.o
RUNTIME_CPPFLAGS := -Iruntime-user -Iruntime-kernel -I$(GEN) -I$(BUILD)

$(BUILD)/obj/rt_%.o: runtime-user/%.c $(wildcard runtime-user/*.h) runtime-kernel/sd_abi.h $(GEN)/.stamp $(BUILD)/sdtrace.skel.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) $(RUNTIME_CPPFLAGS) -c -o $@ $<
$(BUILD)/obj/sd_decoders.o: $(GEN)/.stamp $(wildcard runtime-user/*.h) | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) $(RUNTIME_CPPFLAGS) -c -o $@ $(GEN)/sd_decoders.c
$(BUILD)/obj/sd_ctf.o: $(GEN)/.stamp runtime-user/ctf.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) $(RUNTIME_CPPFLAGS) -c -o $@ $(GEN)/sd_ctf.c
$(BUILD)/obj/sd_table.o: $(GEN)/.stamp | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) $(RUNTIME_CPPFLAGS) -c -o $@ $(GEN)/sd_table.c

$(GEN)/errno_signal_names.c: scripts/errno-signal-names.sh | $(GEN)
	sh scripts/errno-signal-names.sh $(CC) > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/errno_signal_names.o: $(GEN)/errno_signal_names.c runtime-user/errno_signal_names.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) $(RUNTIME_CPPFLAGS) -c -o $@ $<

$(GEN)/syscall_names.c: scripts/arch-syscalls.sh | $(GEN)
	sh scripts/arch-syscalls.sh $(CC) numbers > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/syscall_names.o: $(GEN)/syscall_names.c runtime-user/syscall_names.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) $(RUNTIME_CPPFLAGS) -c -o $@ $<
$(GEN)/syscall_names32.c: scripts/arch-syscalls.sh | $(GEN)
	sh scripts/arch-syscalls.sh $(CC) numbers32 > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/syscall_names32.o: $(GEN)/syscall_names32.c runtime-user/syscall_names.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) $(RUNTIME_CPPFLAGS) -c -o $@ $<
RUNTIME_OBJS += $(BUILD)/obj/syscall_names.o $(BUILD)/obj/syscall_names32.o $(BUILD)/obj/errno_signal_names.o

# This build's layouts text, hash and classes (ctf_meta.c), made once here rather
# than at every start of sdtrace, by a program of the runtime's objects.
$(BUILD)/layouts_gen: runtime-user/tools/layouts_gen.c $(filter-out $(BUILD)/obj/rt_sdtrace.o,$(RUNTIME_OBJS))
	$(CC) $(ALL_CFLAGS) $(RUNTIME_CPPFLAGS) $(LDFLAGS_ALL) -o $@ $^ -lbpf -lelf -lz
$(GEN)/sd_layouts.c: $(BUILD)/layouts_gen
	$(BUILD)/layouts_gen > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/sd_layouts.o: $(GEN)/sd_layouts.c | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) $(RUNTIME_CPPFLAGS) -c -o $@ $<

# libdw: opened by unwind.c when -k is used
$(BUILD)/sdtrace: $(RUNTIME_OBJS) $(BUILD)/obj/sd_layouts.o
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lbpf -lelf -lz

