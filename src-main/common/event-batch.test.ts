import { describe, expect, it } from 'vitest';
import { createEventBatcher } from './event-batch';

describe('createEventBatcher', () => {
  it('delivers the events of one turn together, in order, and schedules once per turn', async () => {
    const deliveries: unknown[][] = [];
    let scheduled = 0;
    const add = createEventBatcher<'a' | 'b'>(
      (events) => deliveries.push(events),
      (flush) => {
        scheduled += 1;
        setImmediate(flush);
      },
    );
    add('a', 1);
    add('b', 2);
    add('a', 3);
    await new Promise((resolve) => setImmediate(resolve));
    add('b', 4);
    await new Promise((resolve) => setImmediate(resolve));
    expect(deliveries).toEqual([
      [
        { event: 'a', payload: 1 },
        { event: 'b', payload: 2 },
        { event: 'a', payload: 3 },
      ],
      [{ event: 'b', payload: 4 }],
    ]);
    expect(scheduled).toBe(2);
  });

  it('flush delivers at once; the scheduled run then delivers nothing, and the next turn batches again', async () => {
    const deliveries: unknown[][] = [];
    let scheduled = 0;
    const add = createEventBatcher<'a'>(
      (events) => deliveries.push(events),
      (flush) => {
        scheduled += 1;
        setImmediate(flush);
      },
    );
    add('a', 1);
    add.flush();
    expect(deliveries).toEqual([[{ event: 'a', payload: 1 }]]);
    add('a', 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(deliveries).toEqual([[{ event: 'a', payload: 1 }], [{ event: 'a', payload: 2 }]]);
    add.flush();
    expect(deliveries).toHaveLength(2);
    expect(scheduled).toBe(1);
  });
});
