/** What the sequencer reads of a test file (jest's `Test`). */
export interface SequencedTest {
  path: string;
  context: unknown;
  duration?: number;
}

/** Seconds per test file, by name (the order on a fresh clone). */
export const SECONDS: Record<string, number>;

/** Jest's order of test files, longest first, on a fresh clone too (see sequencer.mjs). */
export default class LongestFirst {
  constructor(options: { contexts: unknown[]; globalConfig: unknown });
  sort<T extends SequencedTest>(tests: T[]): T[];
  time(test: SequencedTest): number | undefined;
}
