/**
 * Lift of a treated group over its holdout: the difference of two proportions with a 95%
 * confidence interval by Newcombe's hybrid score method (built from each group's Wilson
 * interval), which stays honest with the small counts a holdout has, unlike the plain normal one.
 */
const Z95 = 1.959964;

/** Wilson score interval of x successes in n at 95%. */
export function wilson(x: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface Lift {
  /** Treated rate minus holdout rate (absolute, 0 to 1 scale). */
  difference: number;
  /** 95% interval of the difference; when it excludes 0 the campaign made a difference. */
  interval: [number, number];
}

/** The lift of treated (x1 of n1) over holdout (x2 of n2); null when a group is empty. */
export function lift(x1: number, n1: number, x2: number, n2: number): Lift | null {
  if (n1 === 0 || n2 === 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const [l1, u1] = wilson(x1, n1);
  const [l2, u2] = wilson(x2, n2);
  const d = p1 - p2;
  return {
    difference: d,
    interval: [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)],
  };
}
