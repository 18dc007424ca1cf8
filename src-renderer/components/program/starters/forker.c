/*
 * Forker: attaches the segment A and B use (SHMLAB_SHMID), then forks. The child inherits the
 * attachment: same virtual address, same page frames. Both print their pid and the address;
 * the child writes its pid at OFFSET, stays a few seconds and exits; the parent waits for it and
 * reads what the child wrote through its own pointer.
 */
#define _XOPEN_SOURCE 700

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define OFFSET 16
#define CHILD_STAYS_SECONDS 3

int main(void) {
  const char *id_text = getenv("SHMLAB_SHMID");
  if (id_text == NULL) {
    fprintf(stderr, "SHMLAB_SHMID is not set: create a segment in the tutorial first, then run.\n");
    return 2;
  }
  int shmid = atoi(id_text);

  unsigned char *base = shmat(shmid, NULL, 0);
  if (base == (void *)-1) {
    perror("shmat");
    return 1;
  }
  printf("parent pid %d: segment %d at %p\n", (int)getpid(), shmid, (void *)base);
  fflush(stdout); /* or the child would inherit the unwritten line and print it again */

  pid_t child = fork();
  if (child == -1) {
    perror("fork");
    return 1;
  }
  if (child == 0) {
    uint32_t mine = (uint32_t)getpid();
    printf("child  pid %d: segment %d at %p\n", (int)getpid(), shmid, (void *)base);
    memcpy(base + OFFSET, &mine, sizeof mine);
    printf("child  pid %d: wrote %" PRIu32 " at offset %d\n", (int)getpid(), mine, OFFSET);
    fflush(stdout);
    sleep(CHILD_STAYS_SECONDS);
    /* _exit: the parent's stdio buffers are not the child's to flush. */
    _exit(0);
  }

  int status;
  if (waitpid(child, &status, 0) == -1) {
    perror("waitpid");
    return 1;
  }
  uint32_t seen;
  memcpy(&seen, base + OFFSET, sizeof seen);
  printf("parent pid %d: child %d ended with status %d; offset %d holds %" PRIu32 "\n",
         (int)getpid(), (int)child, WIFEXITED(status) ? WEXITSTATUS(status) : -1, OFFSET, seen);
  return 0;
}
