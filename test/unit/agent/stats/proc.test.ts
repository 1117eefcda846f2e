// The node's own counters from procfs text as Linux writes it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMeminfo, parseProcStat, readHostCounters } from '../../../../agent/stats/proc.js';
import { tempDir } from '../../../helpers/tmp.js';

const STAT = `cpu  545526 74 89613 795012 8030 0 3290 811 0 0
cpu0 268761 28 43707 405939 1417 0 879 389 0 0
cpu1 276765 46 45906 389073 6613 0 2411 422 0 0
intr 11972299 0 0 0
ctxt 23881122
btime 1763770000
`;

const MEMINFO = `MemTotal:       24731272 kB
MemFree:        20123456 kB
MemAvailable:   23891180 kB
Buffers:          123456 kB
`;

describe('procfs counters', () => {
  test('busy CPU time is user + nice + system + irq + softirq ticks (not idle, iowait or steal), in nanoseconds', () => {
    assert.equal(parseProcStat(STAT), (545526 + 74 + 89613 + 0 + 3290) * 10_000_000);
  });

  test('memory working set is MemTotal − MemAvailable', () => {
    assert.equal(parseMeminfo(MEMINFO), (24731272 - 23891180) * 1024);
  });

  test('reads a proc directory; a missing or unreadable one gives no counters', async () => {
    const dir = tempDir('skiff-proc-');
    try {
      mkdirSync(join(dir.path, 'p'));
      writeFileSync(join(dir.path, 'p', 'stat'), STAT);
      writeFileSync(join(dir.path, 'p', 'meminfo'), MEMINFO);
      assert.deepEqual(await readHostCounters(join(dir.path, 'p')), { cpuUsageNanos: parseProcStat(STAT), memoryWorkingSetBytes: parseMeminfo(MEMINFO) });
      assert.equal(await readHostCounters(join(dir.path, 'missing')), undefined);
      writeFileSync(join(dir.path, 'p', 'meminfo'), 'MemTotal: 1 kB\n');
      assert.equal(await readHostCounters(join(dir.path, 'p')), undefined);
    } finally {
      dir.remove();
    }
  });
});
