/* Recursion: direct (ackermann-ish) and mutual (is_even / is_odd). */
#include "mathx.h"

unsigned long fib_slow(unsigned n) {
  if (n < 2) {
    return n;
  }
  return fib_slow(n - 1) + fib_slow(n - 2);
}

int is_odd(unsigned n);

int is_even(unsigned n) {
  if (n == 0) {
    return 1;
  }
  return is_odd(n - 1);
}

int is_odd(unsigned n) {
  if (n == 0) {
    return 0;
  }
  return is_even(n - 1);
}

unsigned walk_tree(unsigned depth, unsigned salt) {
  if (depth == 0) {
    return mix3(salt, 11u);
  }
  return walk_tree(depth - 1, salt * 5u) + mix2(depth, salt);
}
