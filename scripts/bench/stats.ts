/** Small statistics for the benchmark: nearest-rank percentiles, medians, rounding. */

/** Nearest-rank percentile `q` (0 < q ≤ 1) of the samples: the value at rank ⌈q·n⌉. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** Rounds to `digits` significant decimals after the point (3 by default). */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
