import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';

/**
 * The `?token=` of an emailed link. It is taken out of the address bar at once (replacing the history
 * entry) so it does not linger in history, bookmarks, screenshots or a shared screen; it stays in the
 * entry's state so a reload still works.
 */
export function useOneTimeToken(): string | null {
  const location = useLocation();
  const navigate = useNavigate();
  const [token] = useState<string | null>(
    () =>
      new URLSearchParams(location.search).get('token') ??
      (location.state as { token?: string } | null)?.token ??
      null,
  );
  const inAddressBar = new URLSearchParams(location.search).has('token');
  useEffect(() => {
    if (inAddressBar) navigate(location.pathname, { replace: true, state: { token } });
  }, [inAddressBar, location.pathname, navigate, token]);
  return token;
}
