/** What runs while modules are checked: the terminal's status line and the CI log's "still checking" lines, on a clock the test moves. */
import { describe, expect, test } from '@jest/globals';
import { createProgress, tickEverySecond } from '../src/util/progress.js';
import { manualClock } from './helpers/fixtures.js';

const CLEAR = '\r\x1b[K';

describe('on a terminal', () => {
  test('a status line redrawn in place on each tick, cleared before each finished module, gone at the end', () => {
    const clock = manualClock();
    let out = '';
    const p = createProgress('terminal', (s) => (out += s), clock, 80);
    p.update({ total: 3, done: 0, running: ['app'] });
    clock.set(500);
    p.update({ total: 3, done: 0, running: ['app', 'tools'] });
    clock.set(1000);
    p.tick();
    clock.set(2000);
    p.tick();
    clock.set(2500);
    p.write('✓ module 1/3: app\n');
    p.update({ total: 3, done: 1, running: ['tools'] });
    clock.set(3000);
    p.tick();
    p.write('✗ module 2/3: tools — untidy\n');
    p.update({ total: 3, done: 2, running: [] });
    clock.set(4000);
    p.tick();
    p.stop();
    expect(out).toBe(
      '… 0/3 done, checking: app, tools (1 s)' +
        `${CLEAR}… 0/3 done, checking: app, tools (2 s)` +
        `${CLEAR}✓ module 1/3: app\n` +
        '… 1/3 done, checking: tools (2 s)' +
        `${CLEAR}✗ module 2/3: tools — untidy\n`
    );
  });

  test('a run shorter than a second draws nothing; names are cut to the width and cannot move the cursor', () => {
    const clock = manualClock();
    let out = '';
    const quick = createProgress('terminal', (s) => (out += s), clock, 40);
    quick.update({ total: 1, done: 0, running: ['.'] });
    quick.write('✓ module 1/1: .\n');
    quick.stop();
    expect(out).toBe('✓ module 1/1: .\n');

    out = '';
    const p = createProgress('terminal', (s) => (out += s), clock, 40);
    p.update({ total: 28, done: 3, running: ['services/payments-gateway', 'x\x1b[2Jy\nz'] });
    clock.set(12_000);
    p.tick();
    p.stop();
    // 39 characters: one short of the width, so the line never wraps.
    expect(out).toBe(`… 3/28 done, checking: services… (12 s)${CLEAR}`);
    out = '';
    const q = createProgress('terminal', (s) => (out += s), clock, 80);
    q.update({ total: 2, done: 0, running: ['x\x1b[2Jy\nz'] });
    clock.set(13_000);
    q.tick();
    expect(out).toBe('… 0/2 done, checking: x\uFFFD[2Jy z (1 s)');
  });
});

describe('in a CI log', () => {
  test('no status line: a module running long is named once a minute, with how long', () => {
    const clock = manualClock();
    let out = '';
    let raw = '';
    const p = createProgress('log', (s) => (out += s), clock, 80, (s) => (raw += s));
    p.update({ total: 2, done: 0, running: ['a'] });
    clock.set(30_000);
    p.update({ total: 2, done: 0, running: ['a', 'b'] });
    for (let t = 31_000; t <= 125_000; t += 1000) {
      clock.set(t);
      p.tick();
    }
    p.write('module 1/2: a\n');
    p.update({ total: 2, done: 1, running: ['b'] });
    for (let t = 126_000; t <= 200_000; t += 1000) {
      clock.set(t);
      p.tick();
    }
    p.stop();
    expect(out).toBe(['still checking a (60 s)', 'still checking b (60 s)', 'still checking a (120 s)', 'still checking b (120 s)', ''].join('\n'));
    expect(raw).toBe('module 1/2: a\n');
  });
});

test('ticks once a second on the clock it is given, until stopped', async () => {
  const clock = manualClock();
  const ticks: number[] = [];
  let stopped = 0;
  const stop = tickEverySecond({ update() {}, write() {}, tick: () => void ticks.push(clock.now()), stop: () => void stopped++ }, clock);
  await clock.advance(3000);
  expect(ticks).toEqual([1000, 2000, 3000]);
  stop();
  await clock.advance(3000);
  expect(ticks).toEqual([1000, 2000, 3000]);
  expect(stopped).toBe(1);
});
