// The accounts API's answers: their schemas live in core (the server's routes declare the same ones),
// the web only infers types from them.
import type { Me } from '@vitalbase/core/accounts';

export type { Me, SecondFactorMethod } from '@vitalbase/core/accounts';
export { tokenScopes as TOKEN_SCOPES } from '@vitalbase/core/scopes';

/** Whether the account already has a second factor; the banner shows until it does. */
export function hasSecondFactor(me: Me): boolean {
  return !me.recommendSecondFactor;
}
