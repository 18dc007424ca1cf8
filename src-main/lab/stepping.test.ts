// "You are the scheduler": each step is a real load or store by a child on its own mapping, so
// the learner's interleaving decides the outcome, deterministically.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from './dispatch';
import type { TestLab } from './test-helpers';
import { attachBoth, startTestLab } from './test-helpers';

const OFFSET = 64;

describe('stepping counter = counter + 1 in two real processes', () => {
  let t: TestLab;

  beforeAll(async () => {
    t = await startTestLab();
    await attachBoth(t.lab);
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    await t.lab.write({ process: 'A', offset: OFFSET, type: 'u32', value: '41', endian: 'le' });
    for (const process of ['A', 'B'] as const) {
      await t.lab.resetSteps({ process, offset: OFFSET });
    }
  });

  const step = (process: 'A' | 'B', instruction: 'load' | 'add' | 'store') =>
    t.lab.step({ process, instruction, offset: OFFSET });

  it('load A, load B, add, add, store A, store B: one update is lost', async () => {
    expect(await step('A', 'load')).toMatchObject({ register: 41, counter: 41 });
    expect(await step('B', 'load')).toMatchObject({ register: 41, counter: 41 });
    expect(await step('A', 'add')).toMatchObject({ register: 42, counter: 41 });
    expect(await step('B', 'add')).toMatchObject({ register: 42, counter: 41 });
    expect(await step('A', 'store')).toMatchObject({ register: 42, counter: 42 });
    // B reads A's store from its own mapping before it overwrites it with the same value.
    expect(
      (await t.lab.read({ process: 'B', offset: OFFSET, length: 4, peek: false })).bytes,
    ).toEqual([42, 0, 0, 0]);
    const last = await step('B', 'store');
    expect(last).toMatchObject({ process: 'B', instruction: 'store', register: 42, counter: 42 });
    // Two increments ran, the counter grew by one.
  });

  it('one after the other nothing is lost: 41 + 2 = 43', async () => {
    for (const process of ['A', 'B'] as const) {
      await step(process, 'load');
      await step(process, 'add');
      await step(process, 'store');
    }
    const a = await t.lab.read({ process: 'A', offset: OFFSET, length: 4, peek: false });
    expect(a.bytes).toEqual([43, 0, 0, 0]);
  });

  it('answers with the address of the counter in that process', async () => {
    const { processes } = await t.lab.getState();
    for (const process of ['A', 'B'] as const) {
      const result = await step(process, 'load');
      const base = BigInt(processes[process].attachment!.address);
      expect(result.address).toBe(`0x${(base + BigInt(OFFSET)).toString(16)}`);
    }
  });

  it('add or store with an empty register is refused, naming the load it needs', async () => {
    await expect(step('A', 'add')).rejects.toMatchObject({
      code: 'E_BAD_INPUT',
      message: expect.stringContaining('load the counter'),
    });
    await expect(step('B', 'store')).rejects.toMatchObject({ code: 'E_BAD_INPUT' });
    const reset = await t.lab.resetSteps({ process: 'A', offset: OFFSET });
    expect(reset).toMatchObject({ register: null, counter: 41 });
  });

  it('bad input: an unaligned counter, an unknown instruction, a counter past the end', async () => {
    const unaligned = await dispatch(t.lab, 'step', {
      process: 'A',
      instruction: 'load',
      offset: 2,
    });
    expect(unaligned).toMatchObject({
      ok: false,
      error: { code: 'E_BAD_INPUT', message: expect.stringContaining('multiple of 4') },
    });
    const unknown = await dispatch(t.lab, 'step', { process: 'A', instruction: 'jump', offset: 0 });
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'E_BAD_INPUT', message: expect.stringContaining('"load", "add" or "store"') },
    });
    await expect(
      t.lab.step({ process: 'A', instruction: 'load', offset: 1 << 20 }),
    ).rejects.toMatchObject({ code: 'E_BAD_INPUT' });
  });
});
