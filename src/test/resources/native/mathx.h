/* Inline helpers in a header, so inlined code carries this file's FILE record. */
#ifndef CRASHFLOW_MATHX_H
#define CRASHFLOW_MATHX_H

static inline __attribute__((always_inline)) unsigned mix3(unsigned v, unsigned salt) {
  v ^= salt;
  v *= 0x9e3779b1u;
  return v ^ (v >> 15);
}

static inline __attribute__((always_inline)) unsigned mix2(unsigned v, unsigned salt) {
  unsigned a = mix3(v, salt);
  unsigned b = mix3(v + 7u, salt ^ a);
  return a + b;
}

static inline __attribute__((always_inline)) unsigned mix1(unsigned v, unsigned salt) {
  unsigned r = 0;
  for (unsigned i = 0; i < (v & 3u) + 1u; i++) {
    r += mix2(v + i, salt);
  }
  return r;
}

/* Plain static inline: gcc decides at -O2, never inlines at -O0. */
static inline int clamp_int(int v, int lo, int hi) {
  if (v < lo) {
    return lo;
  }
  return v > hi ? hi : v;
}

#endif
