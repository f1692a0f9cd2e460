import { useEffect } from 'react';

/** Each page names itself in the tab and for screen readers arriving on it. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Vitalbase`;
  }, [title]);
}
