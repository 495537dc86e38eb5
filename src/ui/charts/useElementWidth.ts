import { useCallback, useRef, useState } from "react";

/**
 * The content width of an element, from one ResizeObserver (0 until it first reports). Charts get this as a fixed
 * width instead of measuring themselves: nothing reads layout when they re-render, only when the page resizes.
 */
export function useElementWidth<T extends HTMLElement>(): [(element: T | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((element: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!element || typeof ResizeObserver === "undefined") return;
    observer.current = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (box) setWidth(Math.floor(box.width));
    });
    observer.current.observe(element);
  }, []);
  return [ref, width];
}
