import { closeDefaultSpawner } from './go/spawner.js';
import { runMain } from './action/main.js';

await runMain();
// The go helper's time and its go processes' are this step's: it is waited for, not left to init.
await closeDefaultSpawner();
// The step ends when its work ends: keep-alive sockets and a library's pending retries (the cache
// service's, say) must not hold node open afterwards. actions/cache exits the same way.
process.exit();
