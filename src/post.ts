import { runPost } from './action/post.js';

await runPost();
// As in main: nothing left behind keeps the step alive once the save is done.
process.exit();
