/**
 * Queueing theory for comparison with the simulation: the M/M/c queue (Erlang C) and simple
 * statistics. Pure functions of numbers.
 */

/** The steady state of an M/M/c queue. */
export interface ErlangC {
  /** Offered load a = λ / μ (Erlangs). */
  readonly load: number;
  /** Utilisation ρ = a / c. */
  readonly utilisation: number;
  /** Probability that an arrival waits, P(W > 0). Infinity-safe: 1 when ρ ≥ 1. */
  readonly pWait: number;
  /** Mean wait in the queue Wq, in the time unit of 1 / μ; Infinity when ρ ≥ 1. */
  readonly meanWait: number;
}

/**
 * Erlang C for c servers, arrival rate λ and service rate μ per server (same time unit).
 * Computed through the Erlang B recursion B(k) = a·B(k−1) / (k + a·B(k−1)), stable for
 * hundreds of servers; then C = B / (1 − ρ(1 − B)) and Wq = C / (cμ − λ).
 */
export function erlangC(servers: number, arrivalRate: number, serviceRate: number): ErlangC {
  if (!Number.isInteger(servers) || servers < 1) {
    throw new RangeError(`Servers must be a positive integer, not ${servers}.`);
  }
  if (!(serviceRate > 0) || !(arrivalRate >= 0)) {
    throw new RangeError('Rates must be λ ≥ 0 and μ > 0.');
  }
  const load = arrivalRate / serviceRate;
  const utilisation = load / servers;
  if (utilisation >= 1) {
    return { load, utilisation, pWait: 1, meanWait: Number.POSITIVE_INFINITY };
  }
  let b = 1;
  for (let k = 1; k <= servers; k += 1) b = (load * b) / (k + load * b);
  const pWait = b / (1 - utilisation * (1 - b));
  return { load, utilisation, pWait, meanWait: pWait / (servers * serviceRate - arrivalRate) };
}

/** Arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics (the
 * "type 7" definition of R and NumPy's default); 0 for no values.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const low = sorted[lo] ?? 0;
  const high = sorted[Math.min(sorted.length - 1, lo + 1)] ?? low;
  return low + (h - lo) * (high - low);
}

/** Largest value; 0 for no values. */
export function maximum(values: readonly number[]): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}
