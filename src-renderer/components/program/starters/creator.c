/*
 * Creator: makes a new segment of its own with shmget(IPC_PRIVATE, ...), attaches it, writes a
 * greeting in it and prints its id: look it up in the "This machine" view or with `ipcs -m`.
 * Press Enter in the terminal to detach and remove it (shmctl IPC_RMID).
 *
 * It needs no SHMLAB_SHMID: IPC_PRIVATE always makes a new segment.
 */
#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void) {
  /* One page, asked of the kernel rather than assumed. */
  long page_size = sysconf(_SC_PAGESIZE);
  if (page_size == -1) {
    perror("sysconf(_SC_PAGESIZE)");
    return 1;
  }

  int shmid = shmget(IPC_PRIVATE, (size_t)page_size, IPC_CREAT | 0600);
  if (shmid == -1) {
    perror("shmget");
    return 1;
  }
  printf("shmget(IPC_PRIVATE, %ld, IPC_CREAT | 0600) = %d\n", page_size, shmid);

  char *base = shmat(shmid, NULL, 0);
  if (base == (void *)-1) {
    perror("shmat");
    shmctl(shmid, IPC_RMID, NULL);
    return 1;
  }
  snprintf(base, (size_t)page_size, "made by pid %d", (int)getpid());
  printf("attached at %p and wrote \"%s\"\n", (void *)base, base);
  printf("Press Enter to detach and remove segment %d\n", shmid);
  fflush(stdout);

  char line[64];
  if (fgets(line, sizeof line, stdin) == NULL) printf("(end of input)\n");

  int status = 0;
  if (shmdt(base) == -1) {
    perror("shmdt");
    status = 1;
  }
  if (shmctl(shmid, IPC_RMID, NULL) == -1) {
    perror("shmctl(IPC_RMID)");
    status = 1;
  } else {
    printf("segment %d removed\n", shmid);
  }
  return status;
}
