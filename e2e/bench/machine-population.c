/*
 * A machine full of IPC for the `machine` bench: many one-page System V segments and many
 * processes, some of them holding a segment, as real as the ones a desktop runs.
 *
 *   machine-population <segments> <processes> <attachers>
 *
 * 1. Forks <processes> children first (so they inherit no attachment), each waiting on a pipe.
 * 2. Makes every segment: shmget(IPC_PRIVATE, one page, 0600), shmat, then IPC_RMID at once.
 *    A removed segment lives on (SHM_DEST, still listed in /proc/sysvipc/shm) until its last
 *    holder detaches, so the kernel frees all of them however this program ends, even killed.
 * 3. Lets the children go: child i < <attachers> attaches segment i by id; every child then
 *    reports on a pipe and sleeps. The leader then detaches the segments a child holds.
 * 4. Prints "ready <segments> <processes>" and waits for EOF (or a line) on stdin; then kills and
 *    reaps every child and exits. Children die with the leader too (PR_SET_PDEATHSIG).
 */
#define _GNU_SOURCE

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void child(int index, int attachers, const int *ids, int go, int ready, pid_t leader) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != leader) _exit(1);
  close(STDIN_FILENO); /* only the leader waits for the bench */
  close(STDOUT_FILENO);
  char byte;
  while (read(go, &byte, 1) > 0) {
  } /* EOF: the leader made every segment */
  char report = 'o';
  if (index < attachers && shmat(ids[index], NULL, 0) == (void *)-1) report = 'x';
  if (write(ready, &report, 1) != 1) _exit(1);
  for (;;) pause();
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: machine-population <segments> <processes> <attachers>\n");
    return 2;
  }
  int segments = atoi(argv[1]), processes = atoi(argv[2]), attachers = atoi(argv[3]);
  if (segments < 1 || processes < 0 || attachers > processes || attachers > segments) {
    fprintf(stderr, "need segments >= 1, 0 <= attachers <= min(processes, segments)\n");
    return 2;
  }
  long page = sysconf(_SC_PAGESIZE);
  int *ids = mmap(NULL, sizeof(int) * (size_t)segments, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  void **bases = calloc((size_t)segments, sizeof *bases);
  pid_t *children = calloc((size_t)processes + 1, sizeof *children);
  int go[2], ready[2];
  if (ids == MAP_FAILED || bases == NULL || children == NULL || pipe(go) || pipe(ready)) {
    perror("setup");
    return 1;
  }
  pid_t leader = getpid();
  int status = 0, forked = 0;
  for (; forked < processes; forked++) {
    pid_t pid = fork();
    if (pid == -1) {
      perror("fork");
      status = 1;
      break;
    }
    if (pid == 0) {
      close(go[1]);
      close(ready[0]);
      child(forked, attachers, ids, go[0], ready[1], leader);
    }
    children[forked] = pid;
  }
  close(go[0]);
  close(ready[1]);

  int made = 0;
  for (; status == 0 && made < segments; made++) {
    int id = shmget(IPC_PRIVATE, (size_t)page, IPC_CREAT | 0600);
    void *base = id == -1 ? (void *)-1 : shmat(id, NULL, 0);
    if (id != -1 && shmctl(id, IPC_RMID, NULL) == -1) perror("shmctl(IPC_RMID)");
    if (base == (void *)-1) {
      perror(id == -1 ? "shmget" : "shmat");
      status = 1;
      break;
    }
    ids[made] = id;
    bases[made] = base;
  }
  close(go[1]); /* the children go */
  int reported = 0;
  for (char byte; reported < forked && read(ready[0], &byte, 1) == 1; reported++) {
    if (byte != 'o') status = 1;
  }
  for (int i = 0; i < attachers && i < made; i++) shmdt(bases[i]);

  if (status == 0) {
    printf("ready %d %d\n", made, forked);
    fflush(stdout);
    char line[16];
    if (fgets(line, sizeof line, stdin) == NULL && ferror(stdin)) perror("fgets");
  }
  for (int i = 0; i < forked; i++) kill(children[i], SIGKILL);
  for (int i = 0; i < forked; i++) waitpid(children[i], NULL, 0);
  return status;
}
