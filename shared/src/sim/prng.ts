/**
 * Seeded pseudo-random numbers for the hall-day simulator. Pure: no `Math.random`, no clock;
 * the same seed gives the same sequence on every machine (32-bit integer arithmetic only).
 *
 * The generator is xoshiro128** (Blackman and Vigna), seeded through splitmix32 so that
 * neighbouring seeds give unrelated streams. {@link deriveSeed} makes independent
 * sub-streams (one per service), so adding a service does not shift the others' draws.
 */

/** A source of uniform numbers in [0, 1) with the distributions the simulator needs. */
export interface Rng {
  /** A uniform number in [0, 1), with 32 bits of resolution. */
  next(): number;
  /** A uniform number in [min, max). */
  uniform(min: number, max: number): number;
  /** An exponential variate with the given rate (mean 1 / rate). */
  exponential(rate: number): number;
  /** A standard normal variate (Box–Muller). */
  normal(): number;
  /** A lognormal variate with the given mean and coefficient of variation (sd / mean). */
  lognormal(mean: number, cv: number): number;
  /** Index drawn with probability proportional to `weights[i]` (weights ≥ 0, sum > 0). */
  pick(weights: readonly number[]): number;
}

const TWO_POW_32 = 4_294_967_296;

/** One step of splitmix32: a well-mixed 32-bit value from a 32-bit state. */
function splitmix32(state: number): { value: number; state: number } {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return { value: z >>> 0, state: next };
}

/**
 * @returns a seed for sub-stream `stream` of `seed`, e.g. one per service; different
 * (seed, stream) pairs give unrelated values.
 */
export function deriveSeed(seed: number, stream: number): number {
  const a = splitmix32(seed >>> 0);
  const b = splitmix32((a.value ^ Math.imul(stream + 1, 0x27d4eb2f)) >>> 0);
  return b.value;
}

/** The lognormal's (μ, σ) of the underlying normal for a given mean and cv. */
export function lognormalParams(mean: number, cv: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/**
 * The raw xoshiro128** generator from its four 32-bit state words (not all zero).
 * @returns a function giving the next unsigned 32-bit output
 */
export function xoshiro128ss(a: number, b: number, c: number, d: number): () => number {
  let s0 = a | 0;
  let s1 = b | 0;
  let s2 = c | 0;
  let s3 = d | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result >>> 0;
  };
}

/**
 * @returns a xoshiro128** generator seeded from `seed` (any number; taken as an unsigned
 * 32-bit integer) through splitmix32.
 */
export function createRng(seed: number): Rng {
  let sm = seed >>> 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const step = splitmix32(sm);
    sm = step.state;
    words.push(step.value);
  }
  const nextU32 = xoshiro128ss(words[0] ?? 1, words[1] ?? 0, words[2] ?? 0, words[3] ?? 0);
  const next = (): number => nextU32() / TWO_POW_32;
  /** A uniform number in (0, 1]: safe for logarithms. */
  const open = (): number => (nextU32() + 1) / TWO_POW_32;
  const normal = (): number => Math.sqrt(-2 * Math.log(open())) * Math.cos(2 * Math.PI * next());

  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    exponential: (rate) => -Math.log(open()) / rate,
    normal,
    lognormal: (mean, cv) => {
      if (cv <= 0) return mean;
      const { mu, sigma } = lognormalParams(mean, cv);
      return Math.exp(mu + sigma * normal());
    },
    pick: (weights) => {
      const total = weights.reduce((sum, w) => sum + w, 0);
      let u = next() * total;
      for (let i = 0; i < weights.length; i += 1) {
        u -= weights[i] ?? 0;
        if (u < 0) return i;
      }
      // Rounding left u ≥ 0: the last index with a positive weight.
      for (let i = weights.length - 1; i >= 0; i -= 1) if ((weights[i] ?? 0) > 0) return i;
      return 0;
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
