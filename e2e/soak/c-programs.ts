// The C programs the soak's tabs compile and run, one per ProgramKind: one
// that sleeps until stopped, one that makes its own segment and set and
// forks, one that writes to the Lab's segment and exits, and one that does
// not compile.
import type { ProgramKind } from './world';

const SLEEPER = `// Sleeps in short naps until it is stopped; says so on its terminal.
#include <stdio.h>
#include <time.h>

int main(void) {
  struct timespec nap = {0, 50 * 1000 * 1000};
  printf("sleeper ready\\n");
  fflush(stdout);
  for (unsigned long n = 0;; n++) {
    nanosleep(&nap, NULL);
    if (n % 40 == 0) {
      printf("still asleep %lu\\n", n);
      fflush(stdout);
    }
  }
}
`;

/*
 * argv[1] "stubborn": the forked child ignores SIGINT and SIGHUP, so stopping the run needs the
 * Lab's SIGKILL after its grace and the child outlives the program's own exit.
 */
const FORKER = `// Makes a segment and a semaphore set of its own, prints their ids, forks;
// the child attaches SHMLAB_SHMID (when given) and its own segment. Both sleep.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int stubborn = argc > 1 && strcmp(argv[1], "stubborn") == 0;
  int shmid = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
  int semid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
  if (shmid < 0 || semid < 0) {
    perror("get");
    return 1;
  }
  printf("shmid=%d semid=%d\\n", shmid, semid);
  fflush(stdout);
  struct sembuf up = {0, 1, 0};
  semop(semid, &up, 1);
  pid_t child = fork();
  if (child == 0) {
    if (stubborn) {
      signal(SIGINT, SIG_IGN);
      signal(SIGHUP, SIG_IGN);
    }
    const char *lab = getenv("SHMLAB_SHMID");
    if (lab != NULL) shmat(atoi(lab), NULL, SHM_RDONLY);
    char *own = shmat(shmid, NULL, 0);
    if (own != (void *)-1) own[0] = 'c';
    for (;;) sleep(1);
  }
  for (;;) sleep(1);
}
`;

const QUICK = `// Writes its pid into the Lab's segment (SHMLAB_SHMID) and exits.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void) {
  const char *lab = getenv("SHMLAB_SHMID");
  if (lab == NULL) {
    printf("no segment given\\n");
    return 0;
  }
  char *base = shmat(atoi(lab), NULL, 0);
  if (base == (void *)-1) {
    perror("shmat");
    return 1;
  }
  snprintf(base, 16, "pid %d", (int)getpid());
  shmdt(base);
  return 0;
}
`;

const BROKEN = `// Does not compile: the learner's typo.
int main(void) {
  return undeclared_name + ;
}
`;

/** The source of each kind of program. */
export const PROGRAM_SOURCES: Readonly<Record<ProgramKind, string>> = {
  sleeper: SLEEPER,
  forker: FORKER,
  quick: QUICK,
  broken: BROKEN,
};
