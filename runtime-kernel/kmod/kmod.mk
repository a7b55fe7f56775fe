# kmod.mk - sdtrace's kernel module, built against a kernel's headers
# (default: the Debian 6.1 kernel the VM tests boot, fetched on demand).
#   make kmod            $(BUILD)/kmod/sdtrace_kmod.ko
#   make kmod KDIR=DIR   against another kernel's build tree
KMOD_DIR := $(BUILD)/kmod
KDIR ?= $(BUILD)/vm/kernel/headers
KMOD_SRCS := runtime-kernel/kmod/Kbuild runtime-kernel/kmod/sdtrace_kmod.c \
	runtime-kernel/kmod/sd_kcapture.h runtime-kernel/kmod/sd_kmod_abi.h \
	runtime-kernel/sd_abi.h runtime-kernel/sd_events.h

.PHONY: kmod
kmod: $(KMOD_DIR)/sdtrace_kmod.ko

$(BUILD)/vm/kernel/headers:
	sh scripts/vm/kernel.sh $(BUILD)/vm >/dev/null

$(KMOD_DIR)/sdtrace_kmod.ko: $(KMOD_SRCS) $(GEN)/.stamp | $(KDIR)
	mkdir -p $(KMOD_DIR)
	cp $(KMOD_SRCS) $(GEN)/sd_records.h $(GEN)/sd_recorders.kmod.h $(KMOD_DIR)/
	$(MAKE) -C $(KDIR) M=$(abspath $(KMOD_DIR)) modules
