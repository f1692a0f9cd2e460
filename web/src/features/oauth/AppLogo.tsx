/**
 * A partner app's logo. The page's Content-Security-Policy loads images from this site only (a logo
 * fetched from the partner's server would tell it who opened the page, and when), so a logo elsewhere
 * shows as the app's initial instead.
 */
export function AppLogo({ name, logoUri }: { name: string; logoUri: string | null | undefined }) {
  const local = logoUri && (logoUri.startsWith('data:image/') || isSameOrigin(logoUri));
  if (local) return <img className="app-logo" src={logoUri} alt="" width={48} height={48} />;
  return (
    <span className="app-logo app-logo-initial" aria-hidden="true" style={initialStyle}>
      {(name.trim()[0] ?? '?').toUpperCase()}
    </span>
  );
}

function isSameOrigin(uri: string): boolean {
  try {
    return new URL(uri, window.location.origin).origin === window.location.origin;
  } catch {
    return false;
  }
}

const initialStyle = {
  display: 'inline-flex',
  alignItems: 'center',
  justifyContent: 'center',
  width: 48,
  height: 48,
  borderRadius: 8,
  background: '#e3e8ef',
  color: '#1f2933',
  fontWeight: 700,
  fontSize: 24,
  flex: 'none',
} as const;
