import { useCallback, useState } from 'react';
import type { RefCallback } from 'react';

/** Where a scroll container is scrolled to and how tall it is, in CSS pixels. */
export interface ScrollViewport {
  scrollTop: number;
  /** clientHeight; 0 until the element has been measured. */
  height: number;
}

/**
 * Follows a scroll container's scroll position and size (scroll events and a ResizeObserver),
 * for virtualised lists. Attach the returned ref to the container.
 */
export function useScrollViewport<T extends HTMLElement>(): [RefCallback<T>, ScrollViewport] {
  const [viewport, setViewport] = useState<ScrollViewport>({ scrollTop: 0, height: 0 });
  const ref = useCallback((element: T | null) => {
    if (element === null) return undefined;
    const update = (): void => {
      const next = { scrollTop: element.scrollTop, height: element.clientHeight };
      setViewport((previous) =>
        previous.scrollTop === next.scrollTop && previous.height === next.height ? previous : next,
      );
    };
    update();
    element.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, []);
  return [ref, viewport];
}
