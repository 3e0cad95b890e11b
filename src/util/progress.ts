/**
 * What is running while modules are checked, between the lines printed as each one finishes: on a
 * terminal a status line redrawn in place, in a CI log a plain line now and then for a module that
 * runs long. Pure but for `out` and the clock, so tests drive it with a fake clock.
 */
import type { Clock } from './retry.js';
import { sanitize } from '../report/escape.js';

/** What the engine is doing: modules finished of all, and those running now, in the order they started. */
export interface ProgressState {
  total: number;
  done: number;
  running: string[];
}

export interface Progress {
  /** The engine's state, each time a module starts or finishes. */
  update(state: ProgressState): void;
  /** Once a second: the terminal's status line is redrawn; the log says which modules run long. */
  tick(): void;
  /** Everything else written to the same stream goes through here, so the status line is cleared first. */
  write(s: string): void;
  /** Clears the status line for good. */
  stop(): void;
}

/** `terminal`: a status line redrawn with `\r` (stderr is a TTY). `log`: `still checking dir (60 s)` each minute a module runs. */
export type ProgressMode = 'terminal' | 'log';

/** In a log, a module is said to be still running each time it passes another multiple of this. */
export const LOG_EVERY_MS = 60_000;

/** Erases the line the cursor is on and goes back to its start. */
const CLEAR = '\r\x1b[K';

/** A name on one line, with nothing that moves the cursor or hides text. */
const oneLine = (s: string): string => sanitize(s).replace(/[\t\n]/g, ' ');

/** `out` takes the status line or the log's lines; `raw` everything else written to the same stream (default `out`). */
export function createProgress(mode: ProgressMode, out: (s: string) => void, clock: Clock, columns = 80, raw: (s: string) => void = out): Progress {
  let state: ProgressState = { total: 0, done: 0, running: [] };
  const since = new Map<string, number>();
  const said = new Map<string, number>();
  let drawn = false;
  let stopped = false;
  const clear = (): void => {
    if (drawn) out(CLEAR);
    drawn = false;
  };
  const status = (): string => {
    const now = clock.now();
    const oldest = Math.min(...state.running.map((n) => since.get(n) ?? now));
    const head = `… ${state.done}/${state.total} done, checking: `;
    const tail = ` (${Math.floor((now - oldest) / 1000)} s)`;
    // One character short of the width: a line that wraps cannot be redrawn in place.
    const room = Math.max(1, columns - 1 - head.length - tail.length);
    let names = state.running.map(oneLine).join(', ');
    if ([...names].length > room) names = `${[...names].slice(0, Math.max(0, room - 1)).join('')}…`;
    return `${head}${names}${tail}`;
  };
  return {
    update(next) {
      const now = clock.now();
      for (const n of next.running) if (!since.has(n)) since.set(n, now);
      for (const n of [...since.keys()]) {
        if (!next.running.includes(n)) {
          since.delete(n);
          said.delete(n);
        }
      }
      state = { total: next.total, done: next.done, running: [...next.running] };
    },
    tick() {
      if (stopped || state.running.length === 0) return;
      if (mode === 'terminal') {
        out(`${drawn ? CLEAR : ''}${status()}`);
        drawn = true;
        return;
      }
      const now = clock.now();
      for (const n of state.running) {
        const minutes = Math.floor((now - (since.get(n) ?? now)) / LOG_EVERY_MS);
        if (minutes >= 1 && minutes > (said.get(n) ?? 0)) {
          said.set(n, minutes);
          out(`still checking ${oneLine(n)} (${(minutes * LOG_EVERY_MS) / 1000} s)\n`);
        }
      }
    },
    write(s) {
      clear();
      raw(s);
    },
    stop() {
      clear();
      stopped = true;
    }
  };
}

/** Calls `progress.tick()` every second on `clock` until the returned function is called. */
export function tickEverySecond(progress: Progress, clock: Clock): () => void {
  let stopped = false;
  void (async () => {
    while (!stopped) {
      await clock.sleep(1000);
      if (!stopped) progress.tick();
    }
  })();
  return () => {
    stopped = true;
    progress.stop();
  };
}
