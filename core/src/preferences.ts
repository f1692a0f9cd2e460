import { z } from 'zod';

/**
 * The account's preferences (docs/api-accounts.md, "Preferences"): display units that follow the
 * person to every browser, and the notices they dismissed. Declared by the accounts feature's routes,
 * inferred by the web's useUnits() and the second-factor banner.
 */

/** The display units a person may choose, per quantity (people mix them: pounds and °C). */
export const unitChoices = {
  mass: ['kg', 'lb', 'st'],
  height: ['cm', 'ft_in'],
  distance: ['km', 'mi'],
  temperature: ['°C', '°F'],
} as const;
export type UnitQuantity = keyof typeof unitChoices;
export const unitQuantities = Object.keys(unitChoices) as UnitQuantity[];

/**
 * Saved units: a partial map (a quantity not chosen follows the interface language's default). Strict,
 * so a typo is refused rather than kept as a unit nobody can show.
 */
export const accountUnitsSchema = z.strictObject({
  mass: z.enum(unitChoices.mass).optional(),
  height: z.enum(unitChoices.height).optional(),
  distance: z.enum(unitChoices.distance).optional(),
  temperature: z.enum(unitChoices.temperature).optional(),
});
export type AccountUnits = z.infer<typeof accountUnitsSchema>;

/** GET /api/me/preferences. */
export const accountPreferencesSchema = z.object({
  units: accountUnitsSchema,
  /** When the "add a second factor" banner was dismissed (ISO instant), or null: still shown. */
  secondFactorNudgeDismissedAt: z.string().nullable(),
});
export type AccountPreferences = z.infer<typeof accountPreferencesSchema>;
