// The child protocol is checked at the boundary in both directions: a
// malformed message is refused with a clear error and crashes neither side.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChildHandle } from './child-host';
import { resolveChildEntry } from './child-host';
import { MAX_VIEW_WINDOW } from '../common/schemas';
import {
  childMessage,
  childReplySchemas,
  parseChildRequest,
  parseLabMessage,
} from './child-protocol';
import { encodeMemoryBytes } from './memory-bytes';
import { NodeChildHost } from './node-child-host';
import { ProcessSlot } from './process-slot';

function nextMessage(child: ChildHandle, match: (message: Record<string, unknown>) => boolean) {
  return new Promise<Record<string, unknown>>((resolve, reject) =>
    child.onMessage(
      (raw) => {
        const message = raw as Record<string, unknown>;
        if (match(message)) resolve(message);
      },
      (problem) => reject(new Error(`the child sent ${problem}`)),
    ),
  );
}

function exited(child: ChildHandle): Promise<void> {
  return new Promise((resolve) => child.onExit(() => resolve()));
}

describe('parsing', () => {
  it('names the field that is wrong, and keeps the id to answer to', () => {
    expect(parseChildRequest({ id: 4, op: 'attach', shmid: -1, address: null })).toEqual({
      ok: false,
      id: 4,
      problem: expect.stringMatching(/shmid: shmid must be 0 or more.*readOnly/),
    });
    expect(parseChildRequest({ op: 'detach' })).toMatchObject({ ok: false, id: null });
    expect(parseChildRequest({ id: 1, op: 'detach', extra: true })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('extra'),
    });
    expect(parseChildRequest({ id: 2, op: 'write', offset: 0, bytes: [1, 256] })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('bytes.1'),
    });
    expect(parseChildRequest({ id: 3, op: 'status' })).toEqual({
      ok: true,
      request: { id: 3, op: 'status' },
    });
    expect(
      childMessage.safeParse({ type: 'changed', shmid: 1, changes: [{ offset: -1 }] }).success,
    ).toBe(false);
  });

  it('takes a view up to MAX_VIEW_WINDOW, pages with every report, and a poke without an id', () => {
    expect(parseChildRequest({ id: 5, op: 'view', offset: 4096, length: 65_536 })).toEqual({
      ok: true,
      request: { id: 5, op: 'view', offset: 4096, length: 65_536 },
    });
    expect(parseChildRequest({ id: 6, op: 'view', offset: 0, length: 65_537 })).toMatchObject({
      ok: false,
      id: 6,
      problem: expect.stringContaining('length must be at most 65536'),
    });
    expect(parseLabMessage({ op: 'poke', offset: 8, length: 4, seq: 3 })).toEqual({
      ok: true,
      notice: { op: 'poke', offset: 8, length: 4, seq: 3 },
    });
    // The seq is what the child's 'looked' answers to: a poke without one is refused.
    expect(parseLabMessage({ op: 'poke', offset: 8, length: 4 })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('seq'),
    });
    expect(childMessage.safeParse({ type: 'looked', seq: 3 }).success).toBe(true);
    expect(parseLabMessage({ op: 'expect', withinUs: 5000 })).toEqual({
      ok: true,
      notice: { op: 'expect', withinUs: 5000 },
    });
    expect(parseLabMessage({ op: 'expect', withinUs: 20_001 })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('withinUs'),
    });
    expect(childMessage.safeParse({ type: 'looked', seq: -1 }).success).toBe(false);
    expect(parseLabMessage({ op: 'poke', offset: -8, length: 4, seq: 1 })).toMatchObject({
      ok: false,
      id: null,
      problem: expect.stringContaining('offset'),
    });
    // With an id it is a request, and poke is no request.
    expect(parseLabMessage({ id: 7, op: 'poke', offset: 8, length: 4, seq: 1 })).toMatchObject({
      ok: false,
      id: 7,
      problem: expect.stringContaining('op must be one of'),
    });
    const changed = { type: 'changed', shmid: 1, changes: [{ offset: 0, bytes: [1] }] };
    expect(childMessage.safeParse(changed).success).toBe(false);
    expect(childMessage.safeParse({ ...changed, pages: [3, 9] }).success).toBe(true);
    expect(childMessage.safeParse({ ...changed, pages: [-1] }).success).toBe(false);
  });
});

describe('memory bytes in replies', () => {
  it('come as base64, are checked, and are decoded into the numbers the API carries', () => {
    const bytes = Uint8Array.from([0, 1, 127, 128, 254, 255, 10]);
    expect(childReplySchemas.read.parse({ bytes: encodeMemoryBytes(bytes) })).toEqual({
      bytes: [0, 1, 127, 128, 254, 255, 10],
    });
    expect(childReplySchemas.view.parse({ bytes: '' })).toEqual({ bytes: [] });
    for (const text of ['AAE', 'AA!=', 'AAE=A===', '////\n']) {
      expect(childReplySchemas.read.safeParse({ bytes: text }).error?.issues[0]?.message).toBe(
        'bytes must be base64 (A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4)',
      );
    }
    expect(childReplySchemas.read.safeParse({ bytes: [1, 2] }).error?.issues[0]?.message).toBe(
      'bytes must be a base64 string',
    );
    const tooLong = encodeMemoryBytes(new Uint8Array(MAX_VIEW_WINDOW + 1));
    expect(childReplySchemas.view.safeParse({ bytes: tooLong }).error?.issues[0]?.message).toBe(
      `bytes must be the base64 of at most ${MAX_VIEW_WINDOW} bytes`,
    );
  });
});

describe('the real child refuses malformed requests and carries on', () => {
  it('answers a bad request with E_BAD_INPUT, one without an id with refused, then still works', async () => {
    const child = new NodeChildHost().spawn('A');
    try {
      await nextMessage(child, (m) => m.type === 'ready');
      const badAttach = nextMessage(child, (m) => m.type === 'reply' && m.id === 1);
      child.send({ id: 1, op: 'attach', shmid: 'x' } as never, () => undefined);
      expect(await badAttach).toMatchObject({
        result: {
          ok: false,
          error: { code: 'E_BAD_INPUT', message: expect.stringContaining('shmid') },
        },
      });
      const unknownOp = nextMessage(child, (m) => m.type === 'reply' && m.id === 2);
      child.send({ id: 2, op: 'explode' } as never, () => undefined);
      expect(await unknownOp).toMatchObject({
        result: {
          ok: false,
          error: { code: 'E_BAD_INPUT', message: expect.stringContaining('op must be one of') },
        },
      });
      const refused = nextMessage(child, (m) => m.type === 'refused');
      child.send({ op: 'detach' } as never, () => undefined);
      expect(await refused).toMatchObject({
        error: { code: 'E_BAD_INPUT', message: expect.stringContaining('id') },
      });
      const status = nextMessage(child, (m) => m.type === 'reply' && m.id === 3);
      child.send({ id: 3, op: 'status' }, () => undefined);
      expect(await status).toEqual({
        type: 'reply',
        id: 3,
        result: { ok: true, value: { attachment: null, mapped: false } },
      });
    } finally {
      const gone = exited(child);
      child.kill('SIGKILL');
      await gone;
    }
  });
});

describe('the Lab refuses malformed messages from a child and carries on', () => {
  it('reports each bad message, rejects a malformed reply, and keeps the child running', async () => {
    const entry = resolveChildEntry();
    const rogue = join(import.meta.dirname, 'fixtures', 'rogue-child.ts');
    const malformed: string[] = [];
    const slot = new ProcessSlot('A', new NodeChildHost({ ...entry, modulePath: rogue }), {
      onStatus: () => undefined,
      onChanged: () => undefined,
      onMalformed: (text) => malformed.push(text),
      onSync: () => undefined,
    });
    const state = await slot.spawn();
    try {
      expect(state.status).toBe('running');
      expect(malformed).toEqual([
        expect.stringMatching(
          /^process A sent a malformed message \(ignored\): .*type must be one of/,
        ),
        expect.stringMatching(/^process A sent a malformed message \(ignored\): id: /),
        expect.stringMatching(/^process A sent a malformed message \(ignored\): /),
        'process A sent a line of 16 bytes that is not JSON (ignored)',
        'process A sent a line of 2 bytes that is not UTF-8 (ignored)',
      ]);
      await expect(
        slot.request({ op: 'read', offset: 0, length: 1, peek: false }),
      ).rejects.toMatchObject({
        code: 'E_INTERNAL',
        message: expect.stringMatching(/^process A answered read with a malformed reply: bytes: /),
      });
      expect(slot.running).toBe(true);
    } finally {
      const gone = slot.whenExited();
      slot.kill('SIGKILL');
      await gone;
    }
  });
});

describe('a child whose Lab is gone', () => {
  it('exits once the Lab closes its end of the standard output, with the IPC channel still open', async () => {
    const entry = resolveChildEntry();
    const child = fork(entry.modulePath, [], {
      execArgv: entry.execArgv,
      env: { ...process.env, SHMLAB_CHILD: 'A' },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    try {
      const stdout = child.stdout!;
      let text = '';
      stdout.setEncoding('utf8');
      await new Promise<void>((resolve) =>
        stdout.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes('"type":"ready"')) resolve();
        }),
      );
      const exited = once(child, 'exit');
      stdout.destroy();
      const [code, signal] = (await exited) as [number | null, string | null];
      expect({ code, signal }).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
