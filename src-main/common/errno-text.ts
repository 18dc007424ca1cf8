// Plain words for the errors a learner meets, by syscall where the meaning
// depends on it. The UI shows these under the raw code.

type Explainer = Partial<Record<string, string>>;

const BY_SYSCALL: Record<string, Explainer> = {
  shmget: {
    EEXIST:
      'A segment with this key already exists, and IPC_CREAT | IPC_EXCL asks for a new one or nothing. Drop IPC_EXCL to open the existing segment, or pick another key.',
    ENOENT: 'No segment has this key, and without IPC_CREAT shmget only opens existing segments.',
    EINVAL:
      'The size is outside the kernel limits (SHMMIN to SHMMAX), or a segment with this key exists but is smaller than the size asked for.',
    EACCES: 'A segment with this key exists, but its permission bits do not let you open it.',
    ENOSPC: 'The system has reached its limit of segments (SHMMNI) or of shared memory (SHMALL).',
    ENOMEM: 'The kernel could not allocate memory for the segment’s bookkeeping.',
  },
  shmat: {
    EINVAL:
      'Either the id does not name a segment, or the address is not a multiple of SHMLBA (pass SHM_RND to round it down), or it overlaps something already mapped.',
    EACCES:
      'The segment’s permission bits do not allow this process to attach it in the requested mode (read-write needs both r and w).',
    EIDRM: 'The segment was removed.',
    ENOMEM: 'There is no room in this process’s address space for the segment.',
  },
  shmdt: {
    EINVAL: 'No segment is attached at this address.',
  },
  shmctl: {
    EINVAL:
      'The id does not name a segment: it never existed, or it was removed after its last detach.',
    EIDRM: 'The segment was removed.',
    EPERM: 'Only the segment’s owner, its creator or a privileged process may change or remove it.',
    EACCES: 'IPC_STAT needs read permission on the segment.',
  },
};

const GENERAL: Explainer = {
  E_BAD_INPUT: 'The input was refused before any syscall ran; the message says what is allowed.',
  E_NOT_ATTACHED: 'This process has no segment attached yet: run shmat in it first.',
  E_ALREADY_ATTACHED: 'This pane keeps one attachment per process; detach (shmdt) first.',
  E_READ_ONLY:
    'The segment was attached with SHM_RDONLY: the kernel maps it without write permission, so a store would fault (SIGSEGV).',
  E_DETACHED: 'The attachment was detached; its addresses no longer map anything in this process.',
  E_CHILD_EXITED: 'The process ended before it could answer. Respawn it to carry on.',
  E_CHILD_NOT_RUNNING: 'The process is not running. Respawn it to carry on.',
  E_TIMEOUT: 'The process did not answer in time.',
  E_BUSY:
    'The process already has as much work as one process may hold: requests it has not answered yet, or bytes of reads and views still on their way. This one was not done (the message names the limit). Wait for its answers and try again.',
  E_FOREIGN:
    'This segment was not created by this Lab: it belongs to another program or user. ShmLab opens such segments read-only; writing, changing its mode or removing it needs your explicit confirmation.',
  E_NO_SUCH_SEGMENT:
    'No segment has this id now: it never existed, or it was removed (IPC_RMID) and its last attachment is gone. The kernel reports this as EINVAL.',
  E_DISCONNECTED: 'The connection to the ShmLab host was lost. Restart it and reload the page.',
  E_FORBIDDEN: 'The request did not come from the ShmLab window and was refused.',
  EACCES: 'Permission denied by the segment’s mode bits.',
  EINVAL: 'The kernel rejected an argument as invalid.',
  EPERM: 'The operation needs the owner, the creator, or privilege.',
};

/** One or two sentences explaining an error code, or null when we have none. */
export function explainError(code: string, syscall?: string): string | null {
  return (syscall === undefined ? undefined : BY_SYSCALL[syscall]?.[code]) ?? GENERAL[code] ?? null;
}
