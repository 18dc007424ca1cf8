// The C the synchronisation panes show. Each sample is a whole translation unit that compiles
// as it is shown (c-samples.test.ts runs `cc -fsyntax-only` on every one), and does what the
// pane's buttons make the children do.

/** Pane 10: the three instructions of `counter = counter + 1`, one function each. */
export const STEP_SAMPLE: readonly string[] = [
  '#include <stdint.h>',
  '',
  '/* Each process has its own register: a variable in its own memory. */',
  'static uint32_t reg;',
  '',
  '/* counter points into the segment, at base + 0 in this process. */',
  'void load(volatile uint32_t *counter)  { reg = *counter; }',
  'void add(void)                         { reg = reg + 1; }',
  'void store(volatile uint32_t *counter) { *counter = reg; }',
];

/** Pane 11: the loop each variant runs N times in each process. */
export const FREE_RUN_SAMPLE: readonly string[] = [
  '#include <stdint.h>',
  '#include <sys/sem.h>',
  '',
  'void no_lock(volatile uint32_t *counter, long n)',
  '{',
  '    for (long i = 0; i < n; i++)',
  '        *counter = *counter + 1;      /* load, add, store */',
  '}',
  '',
  'void with_semaphore(volatile uint32_t *counter, long n, int semid)',
  '{',
  '    struct sembuf take = { 0, -1, SEM_UNDO }, give = { 0, +1, SEM_UNDO };',
  '    for (long i = 0; i < n; i++) {',
  '        semop(semid, &take, 1);       /* a system call */',
  '        *counter = *counter + 1;',
  '        semop(semid, &give, 1);       /* and another */',
  '    }',
  '}',
  '',
  'void atomic_add(uint32_t *counter, long n)',
  '{',
  '    for (long i = 0; i < n; i++)',
  '        __atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST);  /* one locked instruction */',
  '}',
];

/** The semget call as C: IPC_PRIVATE or the key in hex, and the mode in octal. */
function keyText(key: number): string {
  return key === 0 ? 'IPC_PRIVATE' : `0x${(key >>> 0).toString(16)}`;
}

/** What the semget form asks for, as the sample shows it. */
export interface SemgetCall {
  key: number;
  nsems: number;
  exclusive: boolean;
  mode: number;
  initial: number;
}

/** Pane 12: semget, then SETVAL of every semaphore (what createSemaphore runs in the host). */
export function semgetSample(call: SemgetCall): string[] {
  const flags = ['IPC_CREAT', ...(call.exclusive ? ['IPC_EXCL'] : []), `0${call.mode.toString(8)}`];
  return [
    '#include <sys/ipc.h>',
    '#include <sys/sem.h>',
    '',
    '/* semctl takes this union as its 4th argument; the caller declares it. */',
    'union semun { int val; struct semid_ds *buf; unsigned short *array; };',
    '',
    'int make_set(void)',
    '{',
    `    int semid = semget(${keyText(call.key)}, ${call.nsems}, ${flags.join(' | ')});`,
    '    if (semid == -1)',
    '        return -1;',
    `    union semun arg = { .val = ${call.initial} };`,
    `    for (int num = 0; num < ${call.nsems}; num++)`,
    '        if (semctl(semid, num, SETVAL, arg) == -1)',
    '            return -1;',
    '    return semid;',
    '}',
  ];
}

/** Panes 13 and 14: P() and V() on semaphore 0, with or without SEM_UNDO. */
export function pvSample(undo: boolean): string[] {
  const flags = undo ? 'SEM_UNDO' : '0';
  return [
    '#include <sys/sem.h>',
    '',
    '/* P: take 1; if the value is 0, the kernel puts the caller to sleep until it is not. */',
    'int P(int semid)',
    '{',
    `    struct sembuf op = { .sem_num = 0, .sem_op = -1, .sem_flg = ${flags} };`,
    '    return semop(semid, &op, 1);',
    '}',
    '',
    '/* V: give 1 back; the kernel wakes a process sleeping in P. */',
    'int V(int semid)',
    '{',
    `    struct sembuf op = { .sem_num = 0, .sem_op = +1, .sem_flg = ${flags} };`,
    '    return semop(semid, &op, 1);',
    '}',
  ];
}

/** Pane 15: a pointer stored in the segment, and the offset that works in every process. */
export function pointerSample(pointerOffset: number, targetOffset: number): string[] {
  return [
    '#include <stdint.h>',
    '',
    "/* In A: store A's own address of the target byte, in the segment. */",
    'void publish(unsigned char *base_a)',
    '{',
    `    unsigned char *target = base_a + ${targetOffset};`,
    `    *(uint64_t *)(base_a + ${pointerOffset}) = (uint64_t)(uintptr_t)target;`,
    '}',
    '',
    '/* In B: the number is an address in A. B may print it, never follow it. */',
    'uint64_t foreign_address(unsigned char *base_b)',
    '{',
    `    return *(uint64_t *)(base_b + ${pointerOffset});`,
    '}',
    '',
    '/* What works in every process: the same offset from its own base. */',
    'unsigned char target_byte(unsigned char *base_b)',
    '{',
    `    return base_b[${targetOffset}];`,
    '}',
  ];
}
