/**
 * Jest's order of test files, longest first, on a fresh clone too.
 *
 * Jest runs the files it has timings for longest first, but a fresh clone has none: jest then
 * orders by file size. That put e2e-badinput, which waits ~10 s on GitHub retries, last, and one
 * worker ran on alone for 5 s at the end. A file with no timing of its own here takes its
 * seconds from the table below (measured with `npm test`, 2 workers, on the 2-CPU machine).
 * Files missing from the table count as 1 s.
 */
import { basename } from 'node:path';
import Sequencer from '@jest/test-sequencer';

/** Seconds per test file, by name. */
export const SECONDS = {
  'cache-phases.int.test.ts': 31,
  'hygiene.int.test.ts': 29,
  'e2e-badinput.int.test.ts': 21,
  'e2e.int.test.ts': 21,
  'private.int.test.ts': 18,
  'badinput.int.test.ts': 17,
  'engine.int.test.ts': 17,
  'e2e-cache.int.test.ts': 17,
  'cache-growth.int.test.ts': 14,
  'e2e-shard.int.test.ts': 13,
  'verify.int.test.ts': 11,
  'hashpool.unit.test.ts': 11,
  'spawner.int.test.ts': 10,
  'cache-service-fake.int.test.ts': 7,
  'cli.int.test.ts': 6,
  'github.int.test.ts': 6,
  'hostile-repo.int.test.ts': 6,
  'proxy-auth.int.test.ts': 5,
  'self-test.int.test.ts': 5,
  'example.int.test.ts': 4,
  'credentials.int.test.ts': 4,
  'symlink.int.test.ts': 4,
  'publish.int.test.ts': 4,
  'shard.int.test.ts': 4,
  'dirhash.unit.test.ts': 3,
  'work-thread.int.test.ts': 3
};

export default class LongestFirst extends Sequencer {
  /** Jest's own timing when it has one, else the table's. */
  time(test) {
    return super.time(test) ?? (SECONDS[basename(test.path)] ?? 1) * 1000;
  }
}
