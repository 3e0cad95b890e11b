import { isMainThread } from 'node:worker_threads';
import { runOnWorkThread } from './util/thread.js';

if (isMainThread) {
  // The step runs on a thread whose young generation is capped (see util/thread.ts); this thread
  // waits, then ends on its own once the thread's output is through.
  process.exitCode = await runOnWorkThread(new URL(import.meta.url));
} else {
  // One import, so that the bundle has one lazily loaded chunk for it, the go spawner included.
  const { runMain, closeDefaultSpawner } = await import('./action/main.js');
  await runMain();
  // The go helper's time and its go processes' are this step's: it is waited for, not left to init.
  await closeDefaultSpawner();
  // The step ends when its work ends: keep-alive sockets and a library's pending retries (the cache
  // service's, say) must not hold it open afterwards. On this thread, process.exit() ends the
  // thread and everything it started; actions/cache exits the same way.
  process.exit();
}
