// The C source of the compile sandbox (see compile-sandbox.ts): built with the machine's own cc
// into the programs folder before the first compile. Kept as text here so that every way the Lab
// is started (the built app, Node with tsx, vitest) carries it.

/** compile-sandbox.c, verbatim. */
export const COMPILE_SANDBOX_C = String.raw`
/* compile-sandbox: runs the C compiler where it can read only the system's folders (/usr and
 * the like, where the headers and the toolchain live) and the program's own folder, under
 * resource limits. ShmLab builds it with the machine's cc before the first compile.
 *
 *   compile-sandbox MODE FOLDER AS_BYTES CPU_SECONDS FSIZE_BYTES [ROOT...] -- CC ARG...
 *
 * MODE namespace: a new mount namespace (in a new user namespace unless we are root and that
 * fails) whose root is an empty tmpfs with only the system folders, FOLDER and /dev/null bound
 * in: nothing else exists for the compiler. MODE landlock: the kernel's Landlock LSM refuses to
 * open anything outside them (a path outside still resolves, so "exists" and "permission
 * denied" can be told apart, but no byte of it can be read). ROOTs are more folders the
 * toolchain needs (read-only), e.g. a compiler installed under /opt.
 *
 * Exit status 125 and a line on stderr starting "compile-sandbox:" when the sandbox could not
 * be made; otherwise the compiler's own status (exec replaces this process).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Landlock's ABI, declared here so that older kernel headers still build this file. */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH 1
#define LL_EXECUTE (1ULL << 0)
#define LL_WRITE_FILE (1ULL << 1)
#define LL_READ_FILE (1ULL << 2)
#define LL_READ_DIR (1ULL << 3)
#define LL_DIR_ONLY_FIRST (1ULL << 4) /* remove_dir up to make_sym: bits 4 to 12 */
#define LL_REFER (1ULL << 13)
#define LL_TRUNCATE (1ULL << 14)
#define LL_IOCTL_DEV (1ULL << 15)
struct ll_ruleset_attr {
  uint64_t handled_access_fs;
};
struct ll_path_beneath_attr {
  uint64_t allowed_access;
  int32_t parent_fd;
} __attribute__((packed));

/* Folders and files of the system the toolchain needs; those missing here are skipped. */
static const char *const SYSTEM_DIRS[] = {"/usr", "/bin", "/sbin", "/lib", "/lib32",
                                          "/lib64", "/libx32", "/etc/alternatives", NULL};
static const char *const SYSTEM_FILES[] = {"/etc/ld.so.cache", NULL};

static void die(const char *step, const char *what) {
  fprintf(stderr, "compile-sandbox: %s %s: %s\n", step, what, strerror(errno));
  exit(125);
}

static void usage(void) {
  fputs("usage: compile-sandbox namespace|landlock FOLDER AS_BYTES CPU_SECONDS FSIZE_BYTES "
        "[ROOT...] -- CC ARG...\n",
        stderr);
  exit(125);
}

/* mkdir -p, for the mount points under the new root. */
static void make_dirs(const char *path) {
  char copy[4096];
  if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy) die("path too long", path);
  for (char *slash = copy + 1; *slash != '\0'; slash++) {
    if (*slash != '/') continue;
    *slash = '\0';
    if (mkdir(copy, 0755) != 0 && errno != EEXIST) die("mkdir", copy);
    *slash = '/';
  }
  if (mkdir(copy, 0755) != 0 && errno != EEXIST) die("mkdir", copy);
}

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) die("open", path);
  ssize_t length = (ssize_t)strlen(text);
  if (write(fd, text, (size_t)length) != length) die("write", path);
  close(fd);
}

/* Makes the bind at TARGET read-only, keeping the flags a user namespace may not drop. */
static void make_read_only(const char *target) {
  struct statvfs fs;
  if (statvfs(target, &fs) != 0) die("statvfs", target);
  unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
  if (fs.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (fs.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (fs.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (fs.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (fs.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (fs.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  if (mount(NULL, target, NULL, flags, NULL) != 0) die("remount read-only", target);
}

/* Binds PATH (a folder or a file; a symbolic link is made again as one) under ROOT. */
static void bind_into(const char *root, const char *path, int read_only) {
  struct stat st;
  if (lstat(path, &st) != 0) return;
  char target[4096];
  if (snprintf(target, sizeof target, "%s%s", root, path) >= (int)sizeof target)
    die("path too long", path);
  if (S_ISLNK(st.st_mode)) {
    /* Merged /usr: /bin -> usr/bin. The link resolves inside the new root too. */
    char link[4096];
    ssize_t length = readlink(path, link, sizeof link - 1);
    if (length < 0) die("readlink", path);
    link[length] = '\0';
    char *slash = strrchr(target, '/');
    *slash = '\0';
    make_dirs(target);
    *slash = '/';
    if (symlink(link, target) != 0 && errno != EEXIST) die("symlink", target);
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    make_dirs(target);
  } else {
    char *slash = strrchr(target, '/');
    *slash = '\0';
    make_dirs(target);
    *slash = '/';
    int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) die("create", target);
    close(fd);
  }
  /* MS_REC: a user namespace refuses to bind a tree without the mounts beneath it. */
  if (mount(path, target, NULL, MS_BIND | MS_REC, NULL) != 0) die("bind", path);
  if (read_only) make_read_only(target);
}

static void enter_namespace(const char *folder, char *const *roots, int root_count) {
  uid_t uid = getuid();
  gid_t gid = getgid();
  /* The new root's mount point, made as ourselves before a user namespace changes who we are. */
  char root[4096];
  if (snprintf(root, sizeof root, "%s/.compile-root", folder) >= (int)sizeof root)
    die("path too long", folder);
  if (mkdir(root, 0700) != 0 && errno != EEXIST) die("mkdir", root);
  int user_ns = 1;
  if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
    /* Unprivileged user namespaces may be off; root can still make a mount namespace. */
    user_ns = 0;
    if (unshare(CLONE_NEWNS) != 0) die("unshare", "(user and mount namespaces)");
  }
  if (user_ns) {
    char map[64];
    write_file("/proc/self/setgroups", "deny");
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
    write_file("/proc/self/uid_map", map);
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
    write_file("/proc/self/gid_map", map);
  }
  /* Nothing mounted here may reach the Lab's own namespace. */
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) die("make private", "/");
  if (mount("shmlab-compile", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") != 0)
    die("mount tmpfs on", root);
  for (int i = 0; SYSTEM_DIRS[i] != NULL; i++) bind_into(root, SYSTEM_DIRS[i], 1);
  for (int i = 0; SYSTEM_FILES[i] != NULL; i++) bind_into(root, SYSTEM_FILES[i], 1);
  for (int i = 0; i < root_count; i++) bind_into(root, roots[i], 1);
  bind_into(root, "/dev/null", 0);
  /* The folder alone, not what is mounted below it (the new root itself). */
  char target[4096];
  snprintf(target, sizeof target, "%s%s", root, folder);
  make_dirs(target);
  if (mount(folder, target, NULL, MS_BIND, NULL) != 0) die("bind", folder);
  if (chdir(root) != 0) die("chdir", root);
  if (chroot(".") != 0) die("chroot", root);
  if (chdir(folder) != 0) die("chdir", folder);
}

static void allow(int ruleset, const char *path, uint64_t access, uint64_t handled) {
  int fd = open(path, O_PATH | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return;
    die("open", path);
  }
  struct stat st;
  if (fstat(fd, &st) != 0) die("stat", path);
  /* A file takes only the rights that apply to files. */
  if (!S_ISDIR(st.st_mode)) access &= LL_EXECUTE | LL_WRITE_FILE | LL_READ_FILE | LL_TRUNCATE |
                                     LL_IOCTL_DEV;
  struct ll_path_beneath_attr rule = {.allowed_access = access & handled, .parent_fd = fd};
  if (syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &rule, 0) != 0)
    die("landlock_add_rule", path);
  close(fd);
}

static void enter_landlock(const char *folder, char *const *roots, int root_count) {
  long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
  if (abi < 1) die("landlock", "(not available in this kernel)");
  uint64_t handled = (LL_DIR_ONLY_FIRST << 9) - 1; /* ABI 1: bits 0 to 12 */
  if (abi >= 2) handled |= LL_REFER;
  if (abi >= 3) handled |= LL_TRUNCATE;
  if (abi >= 5) handled |= LL_IOCTL_DEV;
  struct ll_ruleset_attr attr = {.handled_access_fs = handled};
  int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
  if (ruleset < 0) die("landlock_create_ruleset", "");
  const uint64_t read_only = LL_EXECUTE | LL_READ_FILE | LL_READ_DIR;
  for (int i = 0; SYSTEM_DIRS[i] != NULL; i++) allow(ruleset, SYSTEM_DIRS[i], read_only, handled);
  for (int i = 0; SYSTEM_FILES[i] != NULL; i++) allow(ruleset, SYSTEM_FILES[i], read_only, handled);
  for (int i = 0; i < root_count; i++) allow(ruleset, roots[i], read_only, handled);
  allow(ruleset, "/dev/null", LL_READ_FILE | LL_WRITE_FILE | LL_TRUNCATE, handled);
  allow(ruleset, folder, handled & ~LL_IOCTL_DEV, handled);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("prctl", "PR_SET_NO_NEW_PRIVS");
  if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) die("landlock_restrict_self", "");
  close(ruleset);
}

static void limit(int resource, const char *name, const char *text) {
  char *end;
  errno = 0;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0' || end == text) {
    errno = EINVAL;
    die("limit", name);
  }
  /* The hard CPU limit a second later: SIGXCPU first, SIGKILL if it is caught. */
  struct rlimit rl = {.rlim_cur = value, .rlim_max = resource == RLIMIT_CPU ? value + 1 : value};
  if (setrlimit(resource, &rl) != 0) die("setrlimit", name);
}

int main(int argc, char **argv) {
  if (argc < 8) usage();
  const char *mode = argv[1];
  const char *folder = argv[2];
  int separator = 6;
  while (separator < argc && strcmp(argv[separator], "--") != 0) separator++;
  if (separator >= argc - 1 || folder[0] != '/') usage();
  if (strcmp(mode, "namespace") == 0)
    enter_namespace(folder, argv + 6, separator - 6);
  else if (strcmp(mode, "landlock") == 0)
    enter_landlock(folder, argv + 6, separator - 6);
  else
    usage();
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("prctl", "PR_SET_NO_NEW_PRIVS");
  limit(RLIMIT_AS, "address space", argv[3]);
  limit(RLIMIT_CPU, "CPU time", argv[4]);
  limit(RLIMIT_FSIZE, "file size", argv[5]);
  limit(RLIMIT_CORE, "core size", "0");
  execvp(argv[separator + 1], argv + separator + 1);
  fprintf(stderr, "compile-sandbox: exec %s: %s\n", argv[separator + 1], strerror(errno));
  return errno == ENOENT ? 127 : 126;
}
`;
