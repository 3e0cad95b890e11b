/** The post step. The module cache is saved here (see the cache issue); nothing to do yet. */
export async function runPost(): Promise<void> {
  await Promise.resolve();
}
