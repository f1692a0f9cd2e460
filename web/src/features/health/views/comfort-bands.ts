/**
 * Comfort bands of the bedroom air sensor's metrics, in each metric's canonical unit, drawn behind
 * its chart with one line of explanation. They are orientation values for a bedroom at night, not
 * medical thresholds; each names its source.
 */
import { bandAt, type Span } from './bands';

export type Comfort = 'good' | 'fair' | 'poor';

export interface ComfortBand extends Span {
  comfort: Comfort;
}

export const comfortBands: Readonly<Record<string, readonly ComfortBand[]>> = {
  // German Environment Agency (Umweltbundesamt, Ad-hoc-Arbeitsgruppe Innenraumrichtwerte,
  // Bundesgesundheitsblatt 2008;51:1358–1369): below 1000 ppm hygienically harmless, 1000–2000 ppm
  // elevated (air the room), above 2000 ppm unacceptable.
  co2: [
    { from: null, to: 1000, comfort: 'good' },
    { from: 1000, to: 2000, comfort: 'fair' },
    { from: 2000, to: null, comfort: 'poor' },
  ],
  // WHO Guidelines for Community Noise (1999), §4.3.3: for good sleep the continuous sound level in a
  // bedroom should not exceed 30 dB(A), and single events 45 dB(A).
  noise: [
    { from: null, to: 30, comfort: 'good' },
    { from: 30, to: 45, comfort: 'fair' },
    { from: 45, to: null, comfort: 'poor' },
  ],
  // ADEME (French agency for ecological transition, "Se chauffer mieux et moins cher", 2021): 16–17 °C
  // in bedrooms, 19 °C in living rooms; WHO Housing and Health Guidelines (2018) §3.2: at least 18 °C
  // indoors in the cold season (warmer for the frail). 16–20 °C is the band both allow for sleep.
  room_temperature: [
    { from: null, to: 16, comfort: 'fair' },
    { from: 16, to: 20, comfort: 'good' },
    { from: 20, to: 24, comfort: 'fair' },
    { from: 24, to: null, comfort: 'poor' },
  ],
  // Sterling, Arundel & Sterling, "Criteria for human exposure to humidity in occupied buildings",
  // ASHRAE Transactions 1985;91(1):611–622: the "optimum zone" for health is 40–60 % relative
  // humidity; below 30 % dries airways, above 70 % favours mites and mould.
  humidity: [
    { from: null, to: 30, comfort: 'poor' },
    { from: 30, to: 40, comfort: 'fair' },
    { from: 40, to: 60, comfort: 'good' },
    { from: 60, to: 70, comfort: 'fair' },
    { from: 70, to: null, comfort: 'poor' },
  ],
};

/** The band a value of a metric falls in; undefined for a metric without bands. */
export function comfortOf(metric: string, value: number): ComfortBand | undefined {
  const bands = comfortBands[metric];
  return bands && bandAt(bands, value);
}
