import { type RefObject, useEffect, useState } from 'react';

/**
 * The width of an element in CSS pixels, followed as it resizes: the SVG charts draw at the width
 * they are given, so their text keeps its size on a phone instead of shrinking with a viewBox.
 */
export function useWidth(ref: RefObject<HTMLElement | null>, initial = 600): number {
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth || initial);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth || initial));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, initial]);
  return width;
}
