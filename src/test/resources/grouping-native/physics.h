/* libphysics.so: bodies of a world, stepped by the game and by the level editor. */
#ifndef PHYSICS_H
#define PHYSICS_H

struct body {
  float x;
  float v;
};

struct world {
  int count;
  struct body **bodies;
};

struct world *world_new(int count, int missing);
float world_step(struct world *w, float dt);
void body_integrate(struct body *b, float dt);

#endif
