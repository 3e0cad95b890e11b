import { closeDefaultSpawner } from './go/spawner.js';
import { runPost } from './action/post.js';

await runPost();
// The go helper's time and its go processes' are this step's: it is waited for, not left to init.
await closeDefaultSpawner();
// As in main: nothing left behind keeps the step alive once the save is done.
process.exit();
