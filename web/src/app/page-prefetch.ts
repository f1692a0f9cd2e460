/**
 * Pages are loaded when first opened (app/routes.tsx). Once signed in, the rest are fetched while the
 * browser is idle, so a page opened while the server is out of reach still opens (its data then says
 * so) instead of failing to load its code. routes.tsx says how; the shell says when.
 */
let prefetch: () => void = () => {};

export function setPagePrefetch(fn: () => void) {
  prefetch = fn;
}

export function prefetchPagesWhenIdle(): () => void {
  const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 1000));
  const cancel = window.cancelIdleCallback ?? window.clearTimeout;
  const id = idle(() => prefetch());
  return () => cancel(id);
}
