// `npx tsx e2e/program-timings.ts [runs]`: how long the starting programs take to compile, and to
// compile and run until their first output reaches a client, through the web host's public API
// (what the program view's Run button waits for). Measures; asserts nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectApi } from './bench/api-client';
import { projectRoot, startWebHost } from './web-host';

const RUNS = Number(process.argv[2] ?? 5);
const STARTERS = ['writer', 'reader', 'creator', 'forker', 'ftok'] as const;
const folder = join(projectRoot, 'src-renderer', 'components', 'program', 'starters');

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const figures = (values: number[]): string =>
  `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;

const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-timings-'));
const host = await startWebHost({ ...process.env, SHMLAB_STATE_DIR: stateDir });
const api = await connectApi(host.url);
try {
  const { system } = await api.request('getState');
  const segment = await api.request('createSegment', {
    key: 0,
    size: system.pageSize,
    create: true,
    exclusive: false,
    mode: 0o600,
  });
  await api.request('attach', { process: 'A', shmid: segment.shmid });
  const compiler = await api.request('compilerInfo');
  process.stdout.write(`compiler: ${compiler.path} (${compiler.version}); ${RUNS} runs each\n`);
  for (const name of STARTERS) {
    const source = readFileSync(join(folder, `${name}.c`), 'utf8');
    const compileWall: number[] = [];
    const compileCc: number[] = [];
    const firstOutput: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      const compiled = await api.request('compileProgram', { source });
      const compiledAt = performance.now();
      if (!compiled.ok || compiled.programId === null) throw new Error(`${name} did not compile`);
      compileWall.push(compiledAt - started);
      compileCc.push(compiled.durationMs);
      // The first output event of this run: listen before asking, match its runId once known.
      let runId: number | null = null;
      const early: { runId: number; at: number }[] = [];
      let resolveFirst: (at: number) => void = () => {};
      const first = new Promise<number>((resolve) => (resolveFirst = resolve));
      const stopListening = api.on('programOutput', (event) => {
        const at = performance.now();
        if (runId === null) early.push({ runId: event.runId, at });
        else if (event.runId === runId) resolveFirst(at);
      });
      const runStarted = performance.now();
      const run = await api.request('runProgram', {
        programId: compiled.programId,
        shmid: segment.shmid,
        args: [],
      });
      runId = run.runId;
      const seen = early.find((e) => e.runId === run.runId);
      if (seen !== undefined) resolveFirst(seen.at);
      const at = await first;
      stopListening();
      firstOutput.push(at - runStarted);
      total.push(at - started);
      await api.request('stopProgram', { runId: run.runId });
    }
    process.stdout.write(
      `${name.padEnd(8)} compile ${figures(compileWall)} [cc itself ${figures(compileCc)}]; ` +
        `run to first output ${figures(firstOutput)}; compile + run to first output ${figures(total)}\n`,
    );
  }
} finally {
  api.close();
  await host.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
