/**
 * Where to go after signing in: a path of this site only. `?next=` comes from a link anyone can craft,
 * so protocol-relative (`//evil.example`), backslash (`/\evil.example`, which browsers read as `//`),
 * scheme (`javascript:`), and control characters are refused and the home page is used instead.
 */
export function safeReturnPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 2048) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  try {
    const base = 'https://vitalbase.invalid';
    const url = new URL(raw, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}
