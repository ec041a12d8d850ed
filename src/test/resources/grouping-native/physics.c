/* libphysics.so. The bug: a world built with a missing body has a NULL slot, and nothing checks. */
#include <stdlib.h>

#include "physics.h"

struct world *world_new(int count, int missing) {
  struct world *w = malloc(sizeof(*w));
  w->count = count;
  w->bodies = calloc((size_t) count, sizeof(*w->bodies));
  for (int i = 0; i < count; i++) {
    if (i != missing) {
      w->bodies[i] = malloc(sizeof(struct body));
      w->bodies[i]->x = (float) i;
      w->bodies[i]->v = 1.5f;
    }
  }
  return w;
}

void body_integrate(struct body *b, float dt) {
  b->x += b->v * dt;
}

float world_step(struct world *w, float dt) {
  float energy = 0;
  for (int i = 0; i < w->count; i++) {
    body_integrate(w->bodies[i], dt);
    energy += w->bodies[i]->v * w->bodies[i]->v;
  }
  return energy;
}
