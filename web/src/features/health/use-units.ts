import { useSyncExternalStore } from 'react';
import { parsePreferences, type UnitPreferences } from './units';

/**
 * The user's display units, kept in this browser (the profile has no field for them yet). Every page
 * that shows a reading reads them here, so a change shows everywhere at once.
 */
const KEY = 'vitalbase.units';
const listeners = new Set<() => void>();
let cached: UnitPreferences | undefined;

function read(): UnitPreferences {
  if (cached) return cached;
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(KEY) ?? 'null');
  } catch {
    raw = null;
  }
  cached = parsePreferences(raw);
  return cached;
}

export function saveUnits(prefs: UnitPreferences) {
  cached = parsePreferences(prefs);
  try {
    localStorage.setItem(KEY, JSON.stringify(cached));
  } catch {
    // not remembered, but used for this visit
  }
  for (const l of listeners) l();
}

export function useUnits(): UnitPreferences {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    read,
    read,
  );
}
