/*
 * ftok: two programs that share no id can still meet at one segment if they agree on a file and
 * a small number. ftok(path, id) builds a key from the file's inode and device and the low 8
 * bits of id; shmget(key, ...) then finds (or makes) the segment with that key.
 *
 * Arguments (optional): a path (default /tmp) and a project id from 1 to 255 (default 83, 'S').
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/tmp";
  int project_id = argc > 2 ? atoi(argv[2]) : 'S';

  struct stat file;
  if (stat(path, &file) == -1) {
    perror(path);
    return 1;
  }
  key_t key = ftok(path, project_id);
  if (key == (key_t)-1) {
    perror("ftok");
    return 1;
  }
  printf("ftok(\"%s\", %d) = 0x%08x\n", path, project_id, (unsigned)key);
  /* glibc builds it as (id & 0xff) << 24 | (minor(dev) & 0xff) << 16 | (inode & 0xffff). */
  printf("  from id 0x%02x, device %u:%u (minor & 0xff = 0x%02x), inode %ju (& 0xffff = 0x%04jx)\n",
         (unsigned)project_id & 0xffu, major(file.st_dev), minor(file.st_dev),
         minor(file.st_dev) & 0xffu, (uintmax_t)file.st_ino, (uintmax_t)file.st_ino & 0xffffu);

  /* Look for a segment with this key first; make one only if there is none. */
  int created = 0;
  int shmid = shmget(key, 0, 0);
  if (shmid == -1 && errno == ENOENT) {
    long page_size = sysconf(_SC_PAGESIZE);
    shmid = shmget(key, (size_t)page_size, IPC_CREAT | IPC_EXCL | 0600);
    created = shmid != -1;
  }
  if (shmid == -1) {
    perror("shmget");
    return 1;
  }
  printf("shmget(0x%08x, ...) = %d (%s)\n", (unsigned)key, shmid,
         created ? "created it" : "found an existing segment");

  /* Asking again with the same key gives the same id. */
  int again = shmget(key, 0, 0);
  printf("shmget(0x%08x, 0, 0) again = %d\n", (unsigned)key, again);

  if (created) {
    printf("Press Enter to remove segment %d\n", shmid);
    fflush(stdout);
    char line[64];
    if (fgets(line, sizeof line, stdin) == NULL) printf("(end of input)\n");
    if (shmctl(shmid, IPC_RMID, NULL) == -1) {
      perror("shmctl(IPC_RMID)");
      return 1;
    }
    printf("segment %d removed\n", shmid);
  }
  return 0;
}
