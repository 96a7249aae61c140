import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, lognormalParams, xoshiro128ss } from './prng.ts';
import { mean } from './queueing.ts';

function draws(n: number, f: () => number): number[] {
  return Array.from({ length: n }, f);
}

function lowest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
}

function highest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
}

function sd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
}

describe('createRng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRng(2026);
    const b = createRng(2026);
    const c = createRng(2027);
    const first = draws(1000, () => a.next());
    expect(draws(1000, () => b.next())).toEqual(first);
    const other = draws(1000, () => c.next());
    expect(other).not.toEqual(first);
    expect(other.filter((v, i) => v === first[i]).length).toBeLessThan(3);
  });

  it('pins the first values of seed 1, so a change of generator is noticed', () => {
    const rng = createRng(1);
    expect(draws(3, () => rng.next() * 2 ** 32)).toEqual([2442144158, 3238099751, 3819917871]);
  });

  it('draws uniform numbers in [0, 1) with mean ½ and variance 1/12', () => {
    const rng = createRng(7);
    const values = draws(200_000, () => rng.next());
    expect(lowest(values)).toBeGreaterThanOrEqual(0);
    expect(highest(values)).toBeLessThan(1);
    expect(mean(values)).toBeCloseTo(0.5, 2);
    expect(sd(values) ** 2).toBeCloseTo(1 / 12, 2);
    // Ten equal bins each hold about a tenth.
    const bins = Array.from({ length: 10 }, () => 0);
    for (const v of values) bins[Math.floor(v * 10)] = (bins[Math.floor(v * 10)] ?? 0) + 1;
    for (const count of bins) expect(Math.abs(count - 20_000)).toBeLessThan(600);
  });

  it('works for seeds 0 and 2³²−1', () => {
    for (const seed of [0, 0xffffffff]) {
      const rng = createRng(seed);
      const values = draws(1000, () => rng.next());
      expect(new Set(values).size).toBe(1000);
    }
  });

  it('draws exponentials with mean 1 / rate', () => {
    const rng = createRng(11);
    const values = draws(200_000, () => rng.exponential(0.25));
    expect(mean(values)).toBeGreaterThan(3.95);
    expect(mean(values)).toBeLessThan(4.05);
    expect(lowest(values)).toBeGreaterThan(0);
  });

  it('draws standard normals', () => {
    const rng = createRng(12);
    const values = draws(200_000, () => rng.normal());
    expect(Math.abs(mean(values))).toBeLessThan(0.01);
    expect(sd(values)).toBeCloseTo(1, 1);
  });

  it('draws lognormals with the requested mean and coefficient of variation', () => {
    const rng = createRng(13);
    for (const [target, cv] of [
      [10, 0.6],
      [25, 0.3],
      [5, 1],
    ] as const) {
      const values = draws(200_000, () => rng.lognormal(target, cv));
      expect(Math.abs(mean(values) / target - 1)).toBeLessThan(0.015);
      expect(Math.abs(sd(values) / mean(values) - cv)).toBeLessThan(0.04);
      expect(lowest(values)).toBeGreaterThan(0);
    }
    expect(rng.lognormal(7, 0)).toBe(7);
    const { mu, sigma } = lognormalParams(10, 0.6);
    expect(Math.exp(mu + (sigma * sigma) / 2)).toBeCloseTo(10, 10);
  });

  it('picks indices in proportion to their weights, never a zero weight', () => {
    const rng = createRng(14);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i += 1) {
      const k = rng.pick([1, 0, 3, 6]);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts[1]).toBe(0);
    expect((counts[0] ?? 0) / 1e5).toBeCloseTo(0.1, 2);
    expect((counts[2] ?? 0) / 1e5).toBeCloseTo(0.3, 2);
    expect((counts[3] ?? 0) / 1e5).toBeCloseTo(0.6, 2);
  });
});

describe('xoshiro128ss', () => {
  it('matches the reference output for the state 1, 2, 3, 4', () => {
    const next = xoshiro128ss(1, 2, 3, 4);
    expect(draws(10, next)).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597,
      4258142804,
    ]);
  });
});

describe('deriveSeed', () => {
  it('gives distinct, stable sub-stream seeds', () => {
    const seeds = Array.from({ length: 1000 }, (_, i) => deriveSeed(2026, i));
    expect(new Set(seeds).size).toBe(1000);
    expect(deriveSeed(2026, 5)).toBe(seeds[5]);
    expect(seeds.slice(0, 2)).toEqual([4154180312, 789711508]);
    expect(deriveSeed(2027, 5)).not.toBe(seeds[5]);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
  });
});
