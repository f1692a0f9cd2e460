import { useTranslation } from 'react-i18next';
import { usePublicConfig } from './public-config';

/**
 * The page was opened on an address other than the server's public one (PUBLIC_URL): sign-in
 * cookies, passkeys and the partner apps' consent belong to that one, so they would fail here. Says
 * so and links to the same page there. (On this machine's other loopback names the server redirects
 * pages itself in development: docs in README, PUBLIC_URL.)
 */
export function WrongAddressBanner() {
  const { t } = useTranslation();
  const origin = usePublicConfig().data?.publicOrigin;
  const here = window.location.origin;
  if (!origin || origin === here) return null;
  const there = `${origin}${window.location.pathname}${window.location.search}${window.location.hash}`;
  return (
    <div className="banners">
      <div className="alert alert-warning" role="alert">
        <span>{t('shell.wrongAddress', { here, origin })}</span>{' '}
        <a href={there}>{t('shell.goToAddress', { origin })}</a>
      </div>
    </div>
  );
}
