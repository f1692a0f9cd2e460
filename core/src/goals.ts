import { z } from 'zod';

/**
 * Personal goals (issue 4 item 5): one value per kind, in the canonical unit of the metric it is
 * measured against (core/src/health-data/catalog.ts), so server, web and CLI compare like with like.
 */
export const goalKinds = ['steps', 'sleep_duration', 'weight'] as const;
export type GoalKind = (typeof goalKinds)[number];
export const goalKindSchema = z.enum(goalKinds);

export interface GoalDefinition {
  kind: GoalKind;
  /** The catalog metric progress is measured on. */
  metric: 'steps' | 'sleep' | 'weight';
  /** Canonical unit of the value (the metric's). */
  unit: 'steps' | 's' | 'kg';
  /** Sensible bounds for a goal, inclusive, canonical unit (narrower than the metric's physical range). */
  min: number;
  max: number;
  /** Decimals kept: steps and seconds are whole numbers. */
  decimals: number;
}

export const goalDefinitions: Record<GoalKind, GoalDefinition> = {
  /** Steps per day. */
  steps: { kind: 'steps', metric: 'steps', unit: 'steps', min: 100, max: 100_000, decimals: 0 },
  /** Seconds of sleep per night: 1 h to 16 h. */
  sleep_duration: {
    kind: 'sleep_duration',
    metric: 'sleep',
    unit: 's',
    min: 3600,
    max: 16 * 3600,
    decimals: 0,
  },
  /** Target weight in kg. */
  weight: { kind: 'weight', metric: 'weight', unit: 'kg', min: 20, max: 300, decimals: 1 },
};

/** Why a goal value is refused, or null when it is acceptable. */
export function goalValueProblem(kind: GoalKind, value: number): string | null {
  const def = goalDefinitions[kind];
  if (!Number.isFinite(value)) return 'must be a number';
  if (value < def.min || value > def.max) return `must be between ${def.min} and ${def.max} ${def.unit}`;
  if (def.decimals === 0 && !Number.isInteger(value)) return 'must be a whole number';
  return null;
}

/** Rounds to the decimals the goal keeps (a weight target of 72.345 kg is stored as 72.3). */
export function roundGoalValue(kind: GoalKind, value: number): number {
  const f = 10 ** goalDefinitions[kind].decimals;
  return Math.round(value * f) / f;
}

export const goalSetBody = z.object({ value: z.number().finite() }).strict();
export type GoalSetBody = z.infer<typeof goalSetBody>;

export const goalSchema = z.object({
  kind: goalKindSchema,
  value: z.number(),
  unit: z.string(),
  updatedAt: z.string(),
});
export type Goal = z.infer<typeof goalSchema>;
