/*
 * Reader: attaches the segment the Lab's processes A and B use (its id arrives in the
 * environment variable SHMLAB_SHMID) read-only, then prints what it finds at OFFSET once a
 * second. Write a value in A's pane and watch this program see it in its own mapping.
 *
 * Type Enter in the terminal to read at once; type q then Enter to stop (or press Stop, or ^C).
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

/* Where to look in the segment, in bytes from its start. */
#define OFFSET 16

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
  if (OFFSET + sizeof(uint32_t) > info.shm_segsz) {
    fprintf(stderr, "OFFSET %d is past the segment's %zu bytes\n", OFFSET, info.shm_segsz);
    return 1;
  }

  /* SHM_RDONLY: this process only looks; a store through the pointer would be a SIGSEGV. */
  const unsigned char *base = shmat(shmid, NULL, SHM_RDONLY);
  if (base == (void *)-1) {
    perror("shmat");
    return 1;
  }
  printf("pid %d attached shmid %d read-only at %p (%zu bytes)\n", (int)getpid(), shmid,
         (const void *)base, info.shm_segsz);
  printf("Enter: read now, q then Enter: stop\n");

  for (;;) {
    uint32_t value;
    /* memcpy, not a cast: OFFSET may not be aligned for a uint32_t. */
    memcpy(&value, base + OFFSET, sizeof value);
    printf("offset %d: u32 %" PRIu32 " (0x%08" PRIx32 ")\n", OFFSET, value, value);
    fflush(stdout);

    /* Wait up to a second for a line from the terminal. */
    struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
    int ready = poll(&in, 1, 1000);
    if (ready == -1 && errno != EINTR) {
      perror("poll");
      break;
    }
    if (ready == 1) {
      char line[64];
      if (fgets(line, sizeof line, stdin) == NULL || line[0] == 'q') break;
    }
  }

  if (shmdt(base) == -1) perror("shmdt");
  printf("detached, bye\n");
  return 0;
}
