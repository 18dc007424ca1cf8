import { describe, expect, it } from 'vitest';
import { ProcFileError, ProcFormatError, readProcText } from './proc-error';
import { parseSmaps, readSmaps, readSmapsRegion, smapsBlock } from './smaps';

const SYSV_ENTRY = `7f5ea9df5000-7f5ea9df8000 rw-s 00000000 00:01 2                          /SYSV00000000 (deleted)
Size:                 12 kB
KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                   8 kB
Pss:                   6 kB
Pss_Dirty:             6 kB
Shared_Clean:          0 kB
Shared_Dirty:          4 kB
Private_Clean:         0 kB
Private_Dirty:         4 kB
Referenced:            8 kB
Anonymous:             0 kB
KSM:                   0 kB
LazyFree:              0 kB
AnonHugePages:         0 kB
ShmemPmdMapped:        0 kB
FilePmdMapped:         0 kB
Shared_Hugetlb:        0 kB
Private_Hugetlb:       0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
THPeligible:           0
VmFlags: rd wr sh mr mw me ms 
`;

const FILE_ENTRY = `7f5eaa100000-7f5eaa200000 r--p 00000000 08:01 1234                       /tmp/my data (copy).bin
Size:               1024 kB
Rss:                 100 kB
Pss:                  50 kB
Shared_Clean:        100 kB
Shared_Dirty:          0 kB
Private_Clean:         0 kB
Private_Dirty:         0 kB
Swap:                  0 kB
ProtectionKey:         0
VmFlags: rd mr mw me
`;

describe('parseSmaps', () => {
  it('turns every entry into its maps region and figures in bytes', () => {
    const [sysv, file] = parseSmaps(`${SYSV_ENTRY}\n${FILE_ENTRY}\n\n`);
    expect(sysv?.region).toMatchObject({ start: 0x7f5ea9df5000n, inode: 2, deleted: true });
    expect(sysv?.figures).toEqual({
      Size: 12 * 1024,
      Rss: 8 * 1024,
      Pss: 6 * 1024,
      Shared_Clean: 0,
      Shared_Dirty: 4 * 1024,
      Private_Clean: 0,
      Private_Dirty: 4 * 1024,
      Swap: 0,
    });
    expect(sysv?.sizes).toMatchObject({ Referenced: 8192, Pss_Dirty: 6144, KernelPageSize: 4096 });
    expect(Object.keys(sysv?.sizes ?? {})).toHaveLength(22);
    expect(sysv?.values).toEqual({ THPeligible: '0' });
    expect(sysv?.vmFlags).toEqual(['rd', 'wr', 'sh', 'mr', 'mw', 'me', 'ms']);

    expect(file?.region.path).toBe('/tmp/my data (copy).bin');
    expect(file?.figures).toMatchObject({ Size: 1024 * 1024, Pss: 50 * 1024 });
    expect(file?.values).toEqual({ ProtectionKey: '0' });
  });

  it('returns nothing for empty text', () => {
    expect(parseSmaps('\n')).toEqual([]);
  });

  it('names the line and the problem of malformed text', () => {
    const parse = (text: string) => () => parseSmaps(text, '/proc/9/smaps');
    expect(parse(SYSV_ENTRY.replace('Rss:                   8 kB\n', ''))).toThrow(
      /\/proc\/9\/smaps line 1: entry has no "Rss" line/,
    );
    expect(parse(SYSV_ENTRY.replace('Pss:                   6 kB', 'Pss: 6 MB kB'))).toThrow(
      /line 6: "Pss" is not a size in kB/,
    );
    expect(parse(`Size: 4 kB\n${SYSV_ENTRY}`)).toThrow(ProcFormatError);
    expect(parse(`${SYSV_ENTRY}this is not a field\n`)).toThrow(/line 26: expected a region/);
  });
});

describe('readSmaps (this process)', () => {
  it('gives each region a Size equal to its extent and Rss within it', async () => {
    const entries = await readSmaps(process.pid);
    expect(entries.length).toBeGreaterThan(10);
    for (const { region, figures } of entries) {
      expect(BigInt(figures.Size)).toBe(region.end - region.start);
      expect(figures.Rss).toBeLessThanOrEqual(figures.Size);
      expect(figures.Pss).toBeLessThanOrEqual(figures.Rss);
    }
    const stack = entries.find((entry) => entry.region.path === '[stack]');
    expect(stack && (await readSmapsRegion(process.pid, stack.region.start))?.Rss).toBeGreaterThan(
      0,
    );
  });

  it('returns null for a start address with no region, ENOENT for a missing process', async () => {
    expect(await readSmapsRegion(process.pid, 0n)).toBeNull();
    const gone = readSmapsRegion(2147483647, 0n);
    await expect(gone).rejects.toBeInstanceOf(ProcFileError);
    await expect(gone).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('smapsBlock', () => {
  it('is the one block of the region asked for, first, middle or last, as parseSmaps reads it', async () => {
    const text = await readProcText(`/proc/${process.pid}/smaps`);
    const whole = parseSmaps(text);
    const picks = [whole[0]!, whole[Math.floor(whole.length / 2)]!, whole.at(-1)!];
    for (const picked of picks) {
      const block = smapsBlock(text, picked.region.start);
      expect(block).not.toBeNull();
      const [only, ...rest] = parseSmaps(block!);
      expect(rest).toEqual([]);
      expect(only!.region.start).toBe(picked.region.start);
      expect(only!.figures).toEqual(picked.figures);
    }
  });

  it('is null where no region starts, even where a region ends or a longer address begins', () => {
    const text = [
      '00010000-00011000 rw-p 00000000 00:00 0',
      'Size:                  4 kB',
      '00110000-00111000 rw-p 00000000 00:00 0',
      'Size:                  4 kB',
      '',
    ].join('\n');
    expect(smapsBlock(text, 0x11000n)).toBeNull();
    expect(smapsBlock(text, 0x1000n)).toBeNull();
    expect(smapsBlock(text, 0x110000n)).toBe(
      '00110000-00111000 rw-p 00000000 00:00 0\nSize:                  4 kB\n',
    );
  });
});
