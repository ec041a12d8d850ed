/* Main program: calls into chain.c, recurse.c and libgame.so. */
#include <stdio.h>
#include <stdlib.h>
#include "game.h"

unsigned chain_entry(unsigned seed, unsigned salt);
unsigned chain_scaled(unsigned v);
unsigned chain_rot(unsigned v);
unsigned long fib_slow(unsigned n);
int is_even(unsigned n);
unsigned walk_tree(unsigned depth, unsigned salt);

static int parse_or(const char *text, int fallback) {
  return text != NULL ? atoi(text) : fallback;
}

int main(int argc, char **argv) {
  int n = parse_or(argc > 1 ? argv[1] : NULL, 12);
  int scores[4] = {n, n * 2, n - 3, 7};
  unsigned c = chain_entry((unsigned) n, 0xabcdu) + chain_scaled((unsigned) n)
      + chain_rot((unsigned) n);
  unsigned long f = fib_slow((unsigned) n % 20u);
  int e = is_even((unsigned) n);
  unsigned w = walk_tree((unsigned) n % 6u, 3u);
  int g = game_tick(n, 3) + game_score(scores, 4) + game_bonus(n);
  printf("%u %lu %d %u %d\n", c, f, e, w, g);
  return 0;
}
