// The run record's program processes: each is a pid and a start time, so a pid used again is a
// second process beside the first, and an ended one leaves the record without taking the other.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SegmentRegistry, runRecordSchema } from './registry';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openRegistry(): { registry: SegmentRegistry; programs: () => unknown[] } {
  const dir = mkdtempSync(join(tmpdir(), 'shmlab-registry-'));
  dirs.push(dir);
  const registry = new SegmentRegistry(dir);
  const file = join(dir, `run-${process.pid}.json`);
  const programs = () => runRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).programs;
  return { registry, programs };
}

describe('program processes in the run record', () => {
  it('keeps each pid and start time once; a reused pid is another process', () => {
    const { registry, programs } = openRegistry();
    const first = { pid: 4242, startTime: '100', pgid: 4000 };
    const second = { pid: 4242, startTime: '250', pgid: 4000 };
    registry.updateProgramProcesses([first], []);
    registry.updateProgramProcesses([first], []);
    expect(programs()).toEqual([first]);
    registry.updateProgramProcesses([second], []);
    expect(programs()).toEqual([first, second]);
    registry.updateProgramProcesses([], [{ pid: 4242, startTime: '100' }]);
    expect(programs()).toEqual([second]);
    registry.close();
  });

  it('one seen and ended in the same update is never written', () => {
    const { registry, programs } = openRegistry();
    const leader = { pid: 4000, startTime: '90', pgid: 4000 };
    const brief = { pid: 4300, startTime: '300', pgid: 4000 };
    registry.updateProgramProcesses([leader, brief], [{ pid: 4300, startTime: '300' }]);
    expect(programs()).toEqual([leader]);
    registry.close();
  });
});
