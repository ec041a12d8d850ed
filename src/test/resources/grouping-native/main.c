/*
 * A small native game for the grouping corpus (GroupingQualityTest). Each scenario crashes for
 * real through one code path; the argument only changes data (ids, sizes, recursion depth).
 * Usage: game <scenario> <arg> [thread name]; with a thread name the scenario runs on a new
 * thread of that name (entry thread_main) instead of the main thread.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crash_report.h"
#include "physics.h"

#define NOINLINE __attribute__((noinline))

struct node {
  int value;
  struct node *next;
};

static volatile int sink;
static volatile int rounds_played[4]; /* nobody has played yet */

/* SIGSEGV: the game loop steps a world whose body `missing` never loaded. */
NOINLINE static float game_tick(int missing) {
  struct world *w = world_new(missing + 2, missing);
  float e = world_step(w, 0.016f);
  sink = (int) e;
  return e * 2;
}

/* SIGSEGV: the same NULL body, reached from the level editor's preview. */
NOINLINE static float editor_preview(int missing) {
  struct world *w = world_new(missing + 3, missing);
  float e = world_step(w, 0.5f);
  sink = (int) e;
  return e + 1;
}

/* SIGABRT: a save slot whose checksum never matches fails an assert. */
NOINLINE static void checksum_verify(const unsigned char *data, size_t n, unsigned expected) {
  unsigned sum = 0;
  for (size_t i = 0; i < n; i++) {
    sum = sum * 31 + data[i];
  }
  assert(sum == expected && "save slot checksum");
  sink = (int) sum;
}

NOINLINE static int save_game(int slot) {
  unsigned char data[16];
  memset(data, slot, sizeof(data));
  checksum_verify(data, sizeof(data), 0xdeadbeefu);
  return slot;
}

/* SIGFPE: the average of a player with no rounds played divides by zero. */
NOINLINE static int score_average(int total, int rounds) {
  return total / rounds;
}

NOINLINE static int show_scores(int player) {
  int rounds = rounds_played[player & 3]; /* 0 for a new player: the bug */
  int avg = score_average(player * 100, rounds);
  sink = avg;
  return avg + 1;
}

/* SIGSEGV at the end of a recursion: the walk trusts the depth it was told, not the list. */
NOINLINE static int tree_sum(const struct node *n, int hops) {
  if (hops < 0) {
    return 0;
  }
  int rest = tree_sum(n->next, hops - 1);
  return rest > n->value ? rest - n->value : (n->value ^ rest);
}

NOINLINE static int walk_levels(int depth) {
  struct node *head = NULL;
  for (int i = 0; i < depth; i++) {
    struct node *n = malloc(sizeof(*n));
    n->value = i * 7;
    n->next = head;
    head = n;
  }
  return tree_sum(head, depth + 1);
}

/* Stack overflow: a route search over a map with a cycle never ends. */
NOINLINE static int route_find(const struct node *n, int steps) {
  volatile char scratch[64];
  scratch[steps & 63] = (char) n->value;
  int found = route_find(n->next, steps + 1);
  return found + scratch[(steps * 7) & 63];
}

NOINLINE static int plan_route(int size) {
  struct node *nodes = calloc((size_t) size, sizeof(*nodes));
  for (int i = 0; i < size; i++) {
    nodes[i].value = i;
    nodes[i].next = &nodes[(i + 1) % size];
  }
  return route_find(&nodes[0], 0);
}

struct job {
  const char *scenario;
  int arg;
  const char *thread_name;
};

NOINLINE static int run_scenario(const struct job *job) {
  const char *s = job->scenario;
  if (strcmp(s, "tick") == 0) {
    return (int) game_tick(job->arg);
  } else if (strcmp(s, "editor") == 0) {
    return (int) editor_preview(job->arg);
  } else if (strcmp(s, "save") == 0) {
    return save_game(job->arg);
  } else if (strcmp(s, "scores") == 0) {
    return show_scores(job->arg);
  } else if (strcmp(s, "levels") == 0) {
    return walk_levels(job->arg);
  } else if (strcmp(s, "route") == 0) {
    return plan_route(job->arg);
  }
  fprintf(stderr, "unknown scenario %s\n", s);
  exit(2);
}

static void *thread_main(void *arg) {
  const struct job *job = arg;
  pthread_setname_np(pthread_self(), job->thread_name);
  int r = run_scenario(job);
  sink = r;
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <scenario> <arg> [thread name]\n", argv[0]);
    return 2;
  }
  crash_report_install();
  struct job job = {argv[1], atoi(argv[2]), argc > 3 ? argv[3] : NULL};
  int r;
  if (argc > 3) {
    pthread_t t;
    pthread_create(&t, NULL, thread_main, &job);
    pthread_join(t, NULL);
    r = sink;
  } else {
    r = run_scenario(&job);
  }
  printf("no crash (%d)\n", r);
  return 3;
}
