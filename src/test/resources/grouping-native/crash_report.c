/*
 * A minimal in-process crash reporter for the grouping corpus (GroupingQualityTest): what
 * sentry-native's inproc backend does, in small. At start it prints every loaded module (load
 * address, size, GNU build-id, path) from dl_iterate_phdr; on SIGSEGV, SIGABRT, SIGFPE, SIGBUS or
 * SIGILL it prints the signal, the thread and the backtrace from the interrupted instruction
 * outwards (its own handler frames and the kernel's signal trampoline left out, as an SDK does),
 * then dies of the signal. Output lines:
 *   MODULE <start> <size> <build-id|-> <path>
 *   CRASH <signal> <tid> <thread name>
 *   FRAME <address>          (innermost first; the first is the interrupted instruction)
 *   END
 * All numbers hex. The handler only uses async-signal-safe calls (backtrace is warmed up first).
 */
#define _GNU_SOURCE
#include "crash_report.h"

#include <elf.h>
#include <execinfo.h>
#include <limits.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define MAX_FRAMES 128
#define ALT_STACK_SIZE (256 * 1024)

static const int SIGNALS[] = {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL};
static char alt_stack[ALT_STACK_SIZE];

static void put(const char *s) {
  size_t n = strlen(s);
  while (n > 0) {
    ssize_t w = write(STDOUT_FILENO, s, n);
    if (w <= 0) {
      return;
    }
    s += w;
    n -= (size_t) w;
  }
}

static void put_hex(unsigned long v) {
  char buf[2 + 16 + 1];
  int i = sizeof(buf) - 1;
  buf[i] = '\0';
  do {
    buf[--i] = "0123456789abcdef"[v & 0xf];
    v >>= 4;
  } while (v != 0);
  buf[--i] = 'x';
  buf[--i] = '0';
  put(buf + i);
}

static void on_crash(int sig, siginfo_t *info, void *context) {
  (void) info;
  void *frames[MAX_FRAMES + 8];
  int n = backtrace(frames, MAX_FRAMES + 8);
  ucontext_t *uc = (ucontext_t *) context;
  unsigned long pc = (unsigned long) uc->uc_mcontext.gregs[REG_RIP];
  char name[17] = {0};
  prctl(PR_GET_NAME, name, 0, 0, 0);
  put("CRASH ");
  put_hex((unsigned long) sig);
  put(" ");
  put_hex((unsigned long) syscall(SYS_gettid));
  put(" ");
  put(name);
  put("\n");
  /* Everything before the interrupted instruction is this handler and the signal trampoline. */
  int first = -1;
  for (int i = 0; i < n; i++) {
    if ((unsigned long) frames[i] == pc) {
      first = i;
      break;
    }
  }
  if (first < 0) {
    put("PC_NOT_IN_BACKTRACE ");
    put_hex(pc);
    put("\n");
  } else {
    for (int i = first; i < n && i - first < MAX_FRAMES; i++) {
      put("FRAME ");
      put_hex((unsigned long) frames[i]);
      put("\n");
    }
  }
  put("END\n");
  signal(sig, SIG_DFL);
  raise(sig);
}

static int print_module(struct dl_phdr_info *info, size_t size, void *data) {
  (void) size;
  (void) data;
  unsigned long lo = ULONG_MAX;
  unsigned long hi = 0;
  const unsigned char *build_id = NULL;
  unsigned build_id_size = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type == PT_LOAD) {
      lo = ph->p_vaddr < lo ? ph->p_vaddr : lo;
      hi = ph->p_vaddr + ph->p_memsz > hi ? ph->p_vaddr + ph->p_memsz : hi;
    } else if (ph->p_type == PT_NOTE && build_id == NULL) {
      const char *p = (const char *) (info->dlpi_addr + ph->p_vaddr);
      const char *end = p + ph->p_memsz;
      while (p + sizeof(ElfW(Nhdr)) <= end) {
        const ElfW(Nhdr) *note = (const ElfW(Nhdr) *) p;
        const char *name = p + sizeof(ElfW(Nhdr));
        const char *desc = name + ((note->n_namesz + 3) & ~3u);
        if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4
            && memcmp(name, "GNU", 4) == 0) {
          build_id = (const unsigned char *) desc;
          build_id_size = note->n_descsz;
          break;
        }
        p = desc + ((note->n_descsz + 3) & ~3u);
      }
    }
  }
  if (hi == 0) {
    return 0;
  }
  char path[PATH_MAX] = {0};
  const char *file = info->dlpi_name;
  if (file == NULL || file[0] == '\0') {
    ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 1);
    file = len > 0 ? path : "?";
  }
  printf("MODULE %lx %lx ", (unsigned long) info->dlpi_addr + lo, hi - lo);
  if (build_id == NULL) {
    printf("-");
  }
  for (unsigned i = 0; i < build_id_size; i++) {
    printf("%02x", build_id[i]);
  }
  printf(" %s\n", file);
  return 0;
}

void crash_report_install(void) {
  void *warm[2];
  backtrace(warm, 2); /* loads the unwinder now: dlopen is not async-signal-safe */
  dl_iterate_phdr(print_module, NULL);
  fflush(stdout);
  stack_t ss; /* the main thread's alternate stack, so a stack overflow can be reported */
  memset(&ss, 0, sizeof(ss));
  ss.ss_sp = alt_stack;
  ss.ss_size = ALT_STACK_SIZE;
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = on_crash;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof(SIGNALS) / sizeof(SIGNALS[0]); i++) {
    sigaction(SIGNALS[i], &sa, NULL);
  }
}
