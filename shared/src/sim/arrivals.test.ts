import { describe, expect, it } from 'vitest';
import {
  profileFactor,
  profileIntegral,
  thinnedArrivals,
  type ArrivalProfile,
} from './arrivals.ts';
import { createRng, deriveSeed } from './prng.ts';
import { mean } from './queueing.ts';

// 09:00 factor 0.5 rising to 1 at 10:00, flat to 11:00, closed 11:00–12:00, 0.5 from 12:00 to 13:00.
const PROFILE: ArrivalProfile = {
  points: [
    { minute: 540, factor: 0.5 },
    { minute: 600, factor: 1 },
    { minute: 660, factor: 1 },
    { minute: 720, factor: 0.5 },
    { minute: 780, factor: 0.5 },
  ],
  open: [
    [540, 660],
    [720, 780],
  ],
};

describe('profileFactor', () => {
  it('interpolates linearly between points and is 0 when closed or outside the points', () => {
    expect(profileFactor(PROFILE, 540)).toBe(0.5);
    expect(profileFactor(PROFILE, 570)).toBe(0.75);
    expect(profileFactor(PROFILE, 630)).toBe(1);
    expect(profileFactor(PROFILE, 690)).toBe(0); // lunch closure
    expect(profileFactor(PROFILE, 750)).toBe(0.5);
    expect(profileFactor(PROFILE, 539)).toBe(0);
    expect(profileFactor(PROFILE, 780)).toBe(0); // closed at the end of the period
  });

  it('integrates to the area under the open parts', () => {
    // 60 min rising 0.5 → 1 (45) + 60 min at 1 (60) + 60 min at 0.5 (30).
    expect(profileIntegral(PROFILE)).toBeCloseTo(135, 6);
  });
});

describe('thinnedArrivals', () => {
  const rate = (minute: number): number => 2 * profileFactor(PROFILE, minute);
  const expected = 2 * 135;

  it('gives sorted times inside the open periods only', () => {
    const times = thinnedArrivals(createRng(1), rate, 2, 540, 780);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const t of times) {
      expect(t >= 540 && t < 780).toBe(true);
      expect(t >= 660 && t < 720).toBe(false);
    }
  });

  it('has the Poisson mean and variance ∫λ over many seeds', () => {
    const counts = Array.from(
      { length: 400 },
      (_, i) => thinnedArrivals(createRng(deriveSeed(99, i)), rate, 2, 540, 780).length,
    );
    const m = mean(counts);
    const variance = mean(counts.map((c) => (c - m) ** 2));
    // Standard error of the mean: √(270 / 400) ≈ 0.82.
    expect(Math.abs(m - expected)).toBeLessThan(3);
    expect(variance / expected).toBeGreaterThan(0.8);
    expect(variance / expected).toBeLessThan(1.2);
  });

  it('puts arrivals where the rate is: the rising hour gets 45/135 of them', () => {
    let rising = 0;
    let total = 0;
    for (let i = 0; i < 200; i += 1) {
      for (const t of thinnedArrivals(createRng(deriveSeed(7, i)), rate, 2, 540, 780)) {
        total += 1;
        if (t < 600) rising += 1;
      }
    }
    expect(rising / total).toBeCloseTo(45 / 135, 1);
  });

  it('refuses a rate above its bound and returns nothing for a zero bound', () => {
    expect(() => thinnedArrivals(createRng(1), () => 3, 2, 0, 60)).toThrow(RangeError);
    expect(thinnedArrivals(createRng(1), () => 0, 0, 0, 60)).toEqual([]);
  });
});
