/*
 * Release 2's only change: start-up telemetry, linked first into the game and into libphysics.so.
 * It touches no crashing code path, but it moves every function after it to other addresses.
 */
#include <stdio.h>
#include <time.h>

static unsigned long long checksum(const char *text) {
  unsigned long long h = 1469598103934665603ull;
  for (const char *p = text; *p != '\0'; p++) {
    h = (h ^ (unsigned char) *p) * 1099511628211ull;
  }
  return h;
}

static unsigned long long session_key;

__attribute__((constructor)) static void telemetry_start(void) {
  char text[64];
  snprintf(text, sizeof(text), "session %ld", (long) time(NULL));
  session_key = checksum(text) ^ checksum(__FILE__) ^ checksum(__DATE__);
}
