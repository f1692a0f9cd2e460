import type { SecondFactorMethod } from '../../api/types';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error';
import { SecondFactorStep } from '../signin/SecondFactorStep';

/** The methods a 403 `second_factor_step_up_required` offers, or undefined for any other answer. */
export function stepUpMethods(error: unknown): SecondFactorMethod[] | undefined {
  if (!(error instanceof ApiError) || error.code !== 'second_factor_step_up_required') return undefined;
  const methods = (error.details as { methods?: SecondFactorMethod[] } | undefined)?.methods;
  return methods?.length ? methods : ['totp', 'recovery_code', 'passkey'];
}

/**
 * Where a clinic or staff page was refused because this session has not passed the account's second
 * factor (signed in with the password alone, the factor set up since in another browser): the
 * sign-in's second-step form, answered in this session; then every query is asked again.
 */
export function SessionStepUp({ error }: { error: unknown }) {
  const queryClient = useQueryClient();
  const methods = stepUpMethods(error);
  if (!methods) return null;
  return <SecondFactorStep methods={methods} inSession onDone={() => queryClient.invalidateQueries()} />;
}
