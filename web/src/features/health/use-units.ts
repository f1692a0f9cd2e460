import { useEffect } from 'react';
import { useMe } from '../../api/queries';
import { usePreferences, useSaveUnits } from '../account/queries';
import { countryUnits, localeUnits, parsePreferences, type UnitPreferences } from './units';

/**
 * The user's display units: the account's (GET /api/me/preferences), the same in every browser they
 * sign in from; a quantity they never chose follows the account's country (imperial in the US), and
 * before sign-in the browser's region. Every page that shows a reading reads them here, so a
 * change shows everywhere at once.
 */
export function useUnits(): UnitPreferences {
  const { data: me } = useMe();
  const preferences = usePreferences(Boolean(me));
  useMigrateBrowserUnits(preferences.data?.units);
  const defaults = me?.country ? countryUnits(me.country) : localeUnits(navigator.language);
  return parsePreferences(preferences.data?.units, defaults);
}

/** Where an earlier version kept the choice, in this browser only. */
const OLD_KEY = 'vitalbase.units';
let migrating = false;

/**
 * A choice made in this browser before units were the account's is saved to the account once, if the
 * account has none yet, then forgotten here (the account's choice wins from now on).
 */
function useMigrateBrowserUnits(accountUnits: Record<string, string> | undefined) {
  const save = useSaveUnits();
  useEffect(() => {
    if (!accountUnits || migrating) return;
    let old: string | null = null;
    try {
      old = localStorage.getItem(OLD_KEY);
    } catch {
      return;
    }
    if (!old) return;
    migrating = true;
    const forget = () => {
      try {
        localStorage.removeItem(OLD_KEY);
      } catch {
        // nothing kept, nothing to forget
      }
    };
    if (Object.keys(accountUnits).length > 0) return forget();
    let parsed: unknown;
    try {
      parsed = JSON.parse(old);
    } catch {
      return forget();
    }
    save.mutate(parsePreferences(parsed), { onSettled: forget });
  }, [accountUnits, save]);
}
