import type { SignUpPolicies } from '@vitalbase/core/policies';
import { useEffect, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/api-error';
import { usePolicyInForce } from './queries';

/**
 * What the sign-up form accepts: the versions of the privacy policy and terms in force, as shown next
 * to its box. When the server answers that one changed meanwhile (409 policy_version_changed), the
 * versions are fetched again and the box is unticked, so the person accepts what is now in force.
 */
export function useSignUpPolicies(signUpError: unknown) {
  const { i18n } = useTranslation();
  const privacy = usePolicyInForce('privacy', i18n.language);
  const terms = usePolicyInForce('terms', i18n.language);
  const [accepted, setAccepted] = useState(false);
  const versions: SignUpPolicies | undefined =
    privacy.data && terms.data ? { privacy: privacy.data.version, terms: terms.data.version } : undefined;
  const changed = signUpError instanceof ApiError && signUpError.code === 'policy_version_changed';
  const { refetch: refetchPrivacy } = privacy;
  const { refetch: refetchTerms } = terms;
  useEffect(() => {
    if (!changed) return;
    setAccepted(false);
    void refetchPrivacy();
    void refetchTerms();
  }, [changed, refetchPrivacy, refetchTerms]);
  return { versions, accepted, setAccepted, error: privacy.error ?? terms.error };
}

/** The required box: "I have read and accept the terms (version …) and the privacy policy (version …)". */
export function PolicyAcceptanceField({
  policies,
  error,
  onChange,
}: {
  policies: ReturnType<typeof useSignUpPolicies>;
  error?: string;
  onChange?: () => void;
}) {
  const id = useId();
  const v = policies.versions;
  return (
    <div className="field">
      <div className="policy-acceptance">
        <input
          id={id}
          type="checkbox"
          name="policies"
          checked={policies.accepted}
          onChange={(e) => {
            policies.setAccepted(e.target.checked);
            onChange?.();
          }}
          required
          disabled={!v}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <label htmlFor={id}>
          <Trans
            i18nKey="signUp.acceptPolicies"
            values={{ terms: v?.terms ?? '…', privacy: v?.privacy ?? '…' }}
            components={{
              terms: <Link to="/terms" target="_blank" />,
              privacy: <Link to="/privacy-policy" target="_blank" />,
            }}
          />
        </label>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error" data-field="policies">
          {error}
        </p>
      )}
    </div>
  );
}
