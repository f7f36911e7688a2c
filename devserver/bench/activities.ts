// The benchmark's activity: trivial work, so the server and the worker's bookkeeping dominate.
export async function step(n: number): Promise<number> {
  return n + 1;
}
