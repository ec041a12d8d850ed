/* libgame.so: an exported API with an inline chain inside, called from the main program. */
#include "game.h"
#include "mathx.h"

static inline __attribute__((always_inline)) int physics_step(int frame, int p) {
  return (int) mix2((unsigned) (frame * 31 + p), 0x1234u) & 0xff;
}

static inline __attribute__((always_inline)) int update_player(int frame, int p) {
  int s = physics_step(frame, p);
  return clamp_int(s - 128, -64, 64);
}

/* No loop and no locals: the chain game_bonus -> update_player -> physics_step -> mix2 -> mix3. */
int game_bonus(int frame) {
  return update_player(frame, frame & 3) * 2;
}

int game_tick(int frame, int players) {
  int sum = 0;
  for (int p = 0; p < players; p++) {
    sum += update_player(frame, p);
  }
  return sum;
}

int game_score(const int *values, int n) {
  int best = 0;
  for (int i = 0; i < n; i++) {
    if (values[i] > best) {
      best = values[i];
    }
  }
  return best + game_tick(n, 2);
}
