// Percentiles and a uniform line format for benchmark figures.
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)] as number;
}

export async function measure(count: number, run: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = process.hrtime.bigint();
    await run(i);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

export function report(name: string, sortedMs: number[], target?: { p95: number }): void {
  const p50 = percentile(sortedMs, 50);
  const p95 = percentile(sortedMs, 95);
  const verdict = target ? (p95 <= target.p95 ? `  (target p95 ≤ ${target.p95} ms: met)` : `  (target p95 ≤ ${target.p95} ms: NOT met)`) : '';
  console.log(`${name.padEnd(52)} n=${sortedMs.length}  p50=${p50.toFixed(2)} ms  p95=${p95.toFixed(2)} ms${verdict}`);
}

export function figure(name: string, value: string): void {
  console.log(`${name.padEnd(52)} ${value}`);
}
