/*
 * Writer: attaches the segment A and B use (SHMLAB_SHMID), stores VALUE as a 32-bit unsigned
 * integer at OFFSET and TEXT just after it, stays attached a few seconds so the diagram can
 * draw it, then exits. A's and B's hex views show the bytes at once: same segment, same frames.
 *
 * It does not call shmdt: exit detaches every attachment implicitly, and the segment's nattch
 * drops when it ends. Set DETACH_BEFORE_EXIT to 1 to detach by hand instead.
 */
#define _XOPEN_SOURCE 700

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#define OFFSET 16
#define VALUE 2026u
#define TEXT "hello from C"
#define STAY_SECONDS 3
#define DETACH_BEFORE_EXIT 0

int main(void) {
  const char *id_text = getenv("SHMLAB_SHMID");
  if (id_text == NULL) {
    fprintf(stderr, "SHMLAB_SHMID is not set: create a segment in the tutorial first, then run.\n");
    return 2;
  }
  int shmid = atoi(id_text);

  struct shmid_ds info;
  if (shmctl(shmid, IPC_STAT, &info) == -1) {
    perror("shmctl(IPC_STAT)");
    return 1;
  }
  if (OFFSET + sizeof(uint32_t) + sizeof TEXT > info.shm_segsz) {
    fprintf(stderr, "the value and text do not fit in %zu bytes\n", info.shm_segsz);
    return 1;
  }

  unsigned char *base = shmat(shmid, NULL, 0);
  if (base == (void *)-1) {
    perror("shmat");
    return 1;
  }
  printf("pid %d attached shmid %d at %p\n", (int)getpid(), shmid, (void *)base);

  uint32_t value = VALUE;
  memcpy(base + OFFSET, &value, sizeof value);
  memcpy(base + OFFSET + sizeof value, TEXT, sizeof TEXT);
  printf("wrote u32 %" PRIu32 " at offset %d and \"%s\" at offset %zu\n", value, OFFSET, TEXT,
         OFFSET + sizeof value);
  fflush(stdout);

  sleep(STAY_SECONDS);

#if DETACH_BEFORE_EXIT
  if (shmdt(base) == -1) perror("shmdt");
  printf("detached with shmdt\n");
#else
  printf("exiting without shmdt: exit detaches\n");
#endif
  return 0;
}
