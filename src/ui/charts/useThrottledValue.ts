import { startTransition, useEffect, useMemo, useState } from "react";
import { latestThrottle } from "../../core/train/latestThrottle.ts";

/**
 * `value`, passed on at most once per `intervalMs` (the newest one always arrives; see latestThrottle), as a
 * transition: React renders what depends on it in slices that yield to the page between them.
 */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const throttle = useMemo(
    () => latestThrottle<T>((v) => startTransition(() => setShown(() => v)), intervalMs),
    [intervalMs],
  );
  useEffect(() => throttle.push(value), [throttle, value]);
  useEffect(() => () => throttle.cancel(), [throttle]);
  return shown;
}
