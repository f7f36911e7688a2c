/** The lift's interval against the published worked example (Newcombe 1998, method 10). */
import { describe, expect, it } from 'vitest';
import { lift, wilson } from '../../lib/lift.js';

describe('lift', () => {
  it("matches Newcombe's worked example: 56/70 against 48/80 is +20%, 95% interval 5.24% to 33.39%", () => {
    const result = lift(56, 70, 48, 80)!;
    expect(result.difference).toBeCloseTo(0.2, 10);
    expect(result.interval[0]).toBeCloseTo(0.0524, 4);
    expect(result.interval[1]).toBeCloseTo(0.3339, 4);
  });

  it('keeps the interval within what proportions allow, and says nothing about an empty group', () => {
    const all = lift(10, 10, 0, 10)!;
    expect(all.difference).toBe(1);
    expect(all.interval[1]).toBeLessThanOrEqual(1);
    expect(all.interval[0]).toBeGreaterThan(0.5);
    expect(wilson(0, 10)[0]).toBe(0);
    expect(lift(3, 10, 0, 0)).toBeNull();
  });
});
