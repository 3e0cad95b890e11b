import { runMain } from './action/main.js';

await runMain();
// The step ends when its work ends: keep-alive sockets and a library's pending retries (the cache
// service's, say) must not hold node open afterwards. actions/cache exits the same way.
process.exit();
