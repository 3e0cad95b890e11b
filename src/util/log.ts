import type { ProgressState } from './progress.js';

/** Where progress goes: the Actions log, the CLI's stderr, or a test's array. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  /** A folded group of lines under a title. */
  group(title: string, lines: string[]): void;
  /** Hides a secret from everything logged after (the Actions log masks it); absent where nothing needs it. */
  mask?(secret: string): void;
  /** Which modules are running, each time one starts or finishes (see util/progress.ts); absent where nothing shows it. */
  progress?(state: ProgressState): void;
}

