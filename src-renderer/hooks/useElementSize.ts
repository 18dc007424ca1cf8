import { useCallback, useState } from 'react';
import type { RefCallback } from 'react';

/** An element's content-box size in CSS pixels; 0 × 0 until it has been measured. */
export interface ElementSize {
  width: number;
  height: number;
}

/**
 * Follows an element's size with a ResizeObserver, rounded to whole pixels so that sub-pixel
 * jitter does not re-render. Attach the returned ref to the element.
 */
export function useElementSize<T extends Element>(): [RefCallback<T>, ElementSize] {
  const [size, setSize] = useState<ElementSize>({ width: 0, height: 0 });
  const ref = useCallback((element: T | null) => {
    if (element === null) return undefined;
    const update = (): void => {
      const box = element.getBoundingClientRect();
      const next = { width: Math.round(box.width), height: Math.round(box.height) };
      setSize((previous) =>
        previous.width === next.width && previous.height === next.height ? previous : next,
      );
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}
