/**
 * Arrivals of a non-homogeneous Poisson process by thinning (Lewis and Shedler): candidates
 * come at the constant rate `rateMax`, each kept with probability `rate(t) / rateMax`. Times
 * are in minutes (of the local day, for the simulator); rates in arrivals per minute.
 */
import type { Rng } from './prng.ts';

/** A point of a piecewise-linear profile: at local minute `minute`, the factor `factor`. */
export interface ProfilePoint {
  readonly minute: number;
  readonly factor: number;
}

/**
 * A time profile of the arrival rate, as a factor of the peak rate (0…1): linear between
 * its points, 0 outside `open` periods (e.g. the lunch closure) and outside the points.
 */
export interface ArrivalProfile {
  readonly points: readonly ProfilePoint[];
  /** Periods `[from, to)` in local minutes during which tickets can be taken. */
  readonly open: readonly (readonly [number, number])[];
}

/** @returns the profile's factor at local minute `minute` (0 when closed). */
export function profileFactor(profile: ArrivalProfile, minute: number): number {
  if (!profile.open.some(([from, to]) => minute >= from && minute < to)) return 0;
  const { points } = profile;
  const first = points[0];
  if (first === undefined || minute < first.minute) return 0;
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1];
    const b = points[i];
    if (a === undefined || b === undefined) continue;
    if (minute <= b.minute) {
      const span = b.minute - a.minute;
      return span <= 0 ? b.factor : a.factor + ((b.factor - a.factor) * (minute - a.minute)) / span;
    }
  }
  return 0;
}

/**
 * @returns ∫ factor(t) dt over the open periods, in minutes (the expected number of arrivals
 * at peak rate 1), by the midpoint rule on a one-second grid.
 */
export function profileIntegral(profile: ArrivalProfile): number {
  const step = 1 / 60;
  let total = 0;
  for (const [from, to] of profile.open) {
    for (let t = from; t < to; t += step) {
      const width = Math.min(step, to - t);
      total += profileFactor(profile, t + width / 2) * width;
    }
  }
  return total;
}

/**
 * Arrival times of a Poisson process with rate `rate(t)` ≤ `rateMax` on `[from, to)`, sorted.
 * @param rate arrivals per minute at minute t
 * @param rateMax an upper bound of `rate` on the interval (> 0)
 */
export function thinnedArrivals(
  rng: Rng,
  rate: (minute: number) => number,
  rateMax: number,
  from: number,
  to: number,
): number[] {
  const times: number[] = [];
  if (!(rateMax > 0)) return times;
  let t = from;
  for (;;) {
    t += rng.exponential(rateMax);
    if (t >= to) return times;
    const r = rate(t);
    if (r > rateMax * (1 + 1e-9)) {
      throw new RangeError(`Arrival rate ${r} at minute ${t} exceeds its bound ${rateMax}.`);
    }
    if (rng.next() * rateMax < r) times.push(t);
  }
}
