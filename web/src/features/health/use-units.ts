import { useEffect } from 'react';
import { useMe } from '../../api/queries';
import { usePreferences, useSaveUnits } from '../account/queries';
import { localeUnits, parsePreferences, type UnitPreferences } from './units';

/**
 * The user's display units: the account's (GET /api/me/preferences), the same in every browser they
 * sign in from; a quantity they never chose, and every quantity before sign-in, follows the browser's
 * language and region (imperial in the US). Every page that shows a reading reads them here, so a
 * change shows everywhere at once.
 */
export function useUnits(): UnitPreferences {
  const { data: me } = useMe();
  const preferences = usePreferences(Boolean(me));
  useMigrateBrowserUnits(preferences.data?.units);
  return parsePreferences(preferences.data?.units, localeUnits(navigator.language));
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
