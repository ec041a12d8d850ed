#ifndef CRASHFLOW_GAME_H
#define CRASHFLOW_GAME_H

int game_tick(int frame, int players);
int game_bonus(int frame);
int game_score(const int *values, int n);

#endif
