// Preloaded with `node --import` during target (c): on exit, appends this node
// process's own peak RSS (VmHWM, kB; children excluded) to $GMH_HWM_FILE.
import { appendFileSync, readFileSync } from 'node:fs';

process.on('exit', () => {
  const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  if (kb && process.env.GMH_HWM_FILE) appendFileSync(process.env.GMH_HWM_FILE, `${kb}\n`);
});
