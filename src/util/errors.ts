/** Normalises anything thrown into an Error, so a thrown string cannot leave the step green. */
export function wrapError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new Error(typeof e === 'string' ? e : JSON.stringify(e));
}
