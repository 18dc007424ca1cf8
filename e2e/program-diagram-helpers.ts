// What the diagram specs and the screenshots share: a C program that forks and waits, so its
// child's column can be seen beside its own, and a reader of /proc/<pid>/maps.
import { readFileSync } from 'node:fs';

/**
 * Touches page 0 of the segment, forks; the child writes in page 0 two seconds later and stays
 * four more; the parent reaps it and stays three more seconds, then exits without shmdt.
 */
export const FORK_AND_WAIT = `#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  const char *id = getenv("SHMLAB_SHMID");
  if (id == NULL) {
    fprintf(stderr, "SHMLAB_SHMID is not set\\n");
    return 2;
  }
  volatile unsigned char *base = shmat(atoi(id), NULL, 0);
  if (base == (void *)-1) {
    perror("shmat");
    return 1;
  }
  unsigned seen = base[16];
  printf("parent %d at %p saw %u\\n", (int)getpid(), (void *)base, seen);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    sleep(2);
    base[17] = 7;
    printf("child %d at %p wrote\\n", (int)getpid(), (void *)base);
    fflush(stdout);
    sleep(4);
    _exit(0);
  }
  waitpid(child, NULL, 0);
  printf("child gone\\n");
  fflush(stdout);
  sleep(3);
  return 0;
}
`;

/** The SYSV line of `shmid` in /proc/<pid>/maps: where that process has it attached. */
export function attachedAt(pid: number, shmid: number): bigint | null {
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  for (const line of maps.split('\n')) {
    const fields = line.split(/\s+/);
    if (fields[4] === String(shmid) && (fields[5] ?? '').startsWith('/SYSV'))
      return BigInt(`0x${fields[0]!.split('-')[0]}`);
  }
  return null;
}

/**
 * Like FORK_AND_WAIT, but both stay until stopped: for pictures and audits of the diagram with
 * the program's and its child's columns.
 */
export const FORK_AND_STAY = FORK_AND_WAIT.replace('sleep(4);', 'sleep(600);').replace(
  'sleep(3);',
  'sleep(600);',
);
