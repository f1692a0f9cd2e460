import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { forgetCsrfToken } from '../../api/client';
import { meKey } from '../../api/queries';
import { FormError, Notice } from '../../components/forms';
import { useOneTimeToken } from '../../components/use-one-time-token';
import { useTitle } from '../../components/use-title';
import { useSignInLink } from '../account/queries';
import { SecondFactorStep } from './SecondFactorStep';

/**
 * Opened from the sign-in link mailed after many failed attempts on the account: posts the token once
 * (a query, so a re-render never posts it twice), then the second factor if the account has one.
 */
export function SignInLinkPage() {
  const { t } = useTranslation();
  useTitle(t('signInLink.title'));
  const token = useOneTimeToken();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const redeem = useSignInLink(token);
  const done = async () => {
    forgetCsrfToken();
    await queryClient.invalidateQueries({ queryKey: meKey });
    navigate('/', { replace: true });
  };
  const signedIn = redeem.data?.status === 'signed_in';
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, when the link has signed in
  useEffect(() => {
    if (signedIn) void done();
  }, [signedIn]);

  if (redeem.data?.status === 'second_factor_required')
    return <SecondFactorStep methods={redeem.data.methods} onDone={done} />;
  return (
    <section className="card">
      <h1>{t('signInLink.title')}</h1>
      {!token && <Notice tone="warning">{t('common.linkIncomplete')}</Notice>}
      {redeem.isPending && token && <p role="status">{t('signInLink.checking')}</p>}
      {redeem.error && (
        <>
          <FormError error={redeem.error} />
          <p>
            <Link to="/sign-in">{t('signIn.title')}</Link>
          </p>
        </>
      )}
    </section>
  );
}
