import { type GoalKind, goalDefinitions, goalValueProblem } from '@vitalbase/core/goals';
import { displayUnit, toDisplay, toStored, type UnitPreferences } from '../health/units';

/**
 * A goal as the person types it: steps as a count, sleep in hours (7.5), weight in their mass unit.
 * The API takes the canonical unit (steps, seconds, kg); conversion happens here, at the edge.
 */
export function goalInputUnit(kind: GoalKind, prefs: UnitPreferences): string {
  if (kind === 'sleep_duration') return 'h';
  if (kind === 'weight') return displayUnit('weight', prefs);
  return 'steps';
}

/** Canonical goal value → the number shown in the input. */
export function goalToInput(kind: GoalKind, canonical: number, prefs: UnitPreferences): number {
  if (kind === 'sleep_duration') return Math.round((canonical / 3600) * 100) / 100;
  if (kind === 'weight') return toDisplay('weight', canonical, prefs);
  return canonical;
}

/** Typed text → canonical value, or the reason it is refused (bounds given in the input unit). */
export function goalFromInput(
  kind: GoalKind,
  text: string,
  prefs: UnitPreferences,
): { value: number } | { problem: 'number' | 'range' | 'whole'; min: number; max: number } {
  const def = goalDefinitions[kind];
  const bounds = { min: goalToInput(kind, def.min, prefs), max: goalToInput(kind, def.max, prefs) };
  const trimmed = text.trim().replace(',', '.');
  const shown = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(shown)) return { problem: 'number', ...bounds };
  let value = shown;
  if (kind === 'sleep_duration') value = Math.round(shown * 3600);
  else if (kind === 'weight') value = Math.round(toStored('weight', shown, prefs) * 10) / 10;
  const problem = goalValueProblem(kind, value);
  if (problem === 'must be a whole number') return { problem: 'whole', ...bounds };
  if (problem) return { problem: 'range', ...bounds };
  return { value };
}

/** Share of a goal reached, 0–100 (capped: the bar is full once the goal is met). */
export function goalPercent(current: number, goal: number): number {
  if (!(goal > 0) || !Number.isFinite(current)) return 0;
  return Math.max(0, Math.min(100, Math.round((current / goal) * 100)));
}
