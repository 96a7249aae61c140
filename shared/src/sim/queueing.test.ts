import { describe, expect, it } from 'vitest';
import { erlangC, maximum, mean, quantile } from './queueing.ts';

/** Erlang C straight from its textbook formula, for small c. */
function erlangCDirect(c: number, a: number): number {
  let factorial = 1;
  let sum = 0;
  for (let k = 0; k < c; k += 1) {
    if (k > 0) factorial *= k;
    sum += a ** k / factorial;
  }
  factorial *= c;
  const top = (a ** c / factorial) * (c / (c - a));
  return top / (sum + top);
}

describe('erlangC', () => {
  it('gives P(wait) = 1/3 and Wq = 1/3 for c = 2, λ = 1, μ = 1', () => {
    const q = erlangC(2, 1, 1);
    expect(q.pWait).toBeCloseTo(1 / 3, 12);
    expect(q.meanWait).toBeCloseTo(1 / 3, 12);
    expect(q.utilisation).toBe(0.5);
    expect(q.load).toBe(1);
  });

  it('reduces to M/M/1: P(wait) = ρ, Wq = ρ / (μ − λ)', () => {
    const q = erlangC(1, 0.8, 1);
    expect(q.pWait).toBeCloseTo(0.8, 12);
    expect(q.meanWait).toBeCloseTo(4, 12);
  });

  it('agrees with the textbook formula and the usual tables', () => {
    for (const [c, a] of [
      [3, 2],
      [10, 8],
      [20, 17],
      [5, 0.5],
    ] as const) {
      expect(erlangC(c, a, 1).pWait).toBeCloseTo(erlangCDirect(c, a), 10);
    }
    // Call-centre table value: 10 agents, 8 Erlangs → P(wait) ≈ 0.409.
    expect(erlangC(10, 8, 1).pWait).toBeCloseTo(0.409, 3);
    // Time units follow μ: 2 servers, λ = 1/min, 1-minute service → Wq = 1/3 min.
    expect(erlangC(2, 1 / 60, 1 / 60).meanWait).toBeCloseTo(20, 10);
  });

  it('stays finite and sensible for hundreds of servers', () => {
    const q = erlangC(300, 270, 1);
    expect(q.pWait).toBeGreaterThan(0);
    expect(q.pWait).toBeLessThan(0.2);
    expect(Number.isFinite(q.meanWait)).toBe(true);
  });

  it('is unstable at ρ ≥ 1 and refuses bad input', () => {
    expect(erlangC(2, 2, 1)).toMatchObject({ pWait: 1, meanWait: Number.POSITIVE_INFINITY });
    expect(erlangC(2, 0, 1)).toMatchObject({ pWait: 0, meanWait: 0 });
    expect(() => erlangC(0, 1, 1)).toThrow(RangeError);
    expect(() => erlangC(1.5, 1, 1)).toThrow(RangeError);
    expect(() => erlangC(2, 1, 0)).toThrow(RangeError);
  });
});

describe('statistics', () => {
  it('computes mean, interpolated quantiles and maximum', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(mean(values)).toBe(5.5);
    expect(quantile(values, 0.9)).toBeCloseTo(9.1, 12);
    expect(quantile(values, 0.5)).toBe(5.5);
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 1)).toBe(10);
    expect(quantile([7], 0.9)).toBe(7);
    expect(maximum(values)).toBe(10);
    expect([mean([]), quantile([], 0.9), maximum([])]).toEqual([0, 0, 0]);
  });
});
