/* An always_inline chain four deep (chain_entry -> mix1 -> mix2 -> mix3) plus a plain inline. */
#include "mathx.h"

unsigned chain_entry(unsigned seed, unsigned salt) {
  unsigned total = mix1(seed, salt);
  total += (unsigned) clamp_int((int) (seed % 1000u) - 500, -100, 100);
  return total;
}

static inline unsigned scale(unsigned v) {
  return v * 3u + 1u;
}

static inline unsigned scale_twice(unsigned v) {
  return scale(scale(v)) ^ 0x55u;
}

unsigned chain_scaled(unsigned v) {
  return scale_twice(v) + scale(v >> 1);
}

/* An always_inline chain without locals or loops, so no lexical blocks wrap the inlined calls. */
static inline __attribute__((always_inline)) unsigned rot3(unsigned v) {
  return (v << 5) | (v >> 27);
}

static inline __attribute__((always_inline)) unsigned rot2(unsigned v) {
  return rot3(v ^ 0x5bd1e995u) * 0x27d4eb2du;
}

static inline __attribute__((always_inline)) unsigned rot1(unsigned v) {
  return rot2(v + 0x165667b1u) ^ (v >> 3);
}

unsigned chain_rot(unsigned v) {
  return rot1(v) + rot1(v * 7u);
}
