// Locks the screen after the configured minutes without keyboard, pointer or wheel activity, and
// while the person is active tells the service so (its own idle check would otherwise lock a
// session whose user is busy on pages that make no calls).
import { useEffect, useEffectEvent } from 'react';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'focusin'] as const;
const CHECK_EVERY_MS = 5_000;
const KEEPALIVE_EVERY_MS = 60_000;

export interface IdleLockOptions {
  minutes: number;
  enabled: boolean;
  onIdle(): void;
  onKeepAlive(): void;
}

export function useIdleLock({ minutes, enabled, onIdle, onKeepAlive }: IdleLockOptions): void {
  const idle = useEffectEvent(onIdle);
  const keepAlive = useEffectEvent(onKeepAlive);

  useEffect(() => {
    if (!enabled) return;
    let lastActivity = Date.now();
    let lastKeepAlive = Date.now();
    let fired = false;
    const mark = () => {
      lastActivity = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, mark, { capture: true, passive: true });
    const timer = setInterval(() => {
      const now = Date.now();
      if (!fired && now - lastActivity >= minutes * 60_000) {
        fired = true;
        idle();
        return;
      }
      if (lastActivity > lastKeepAlive && now - lastKeepAlive >= KEEPALIVE_EVERY_MS) {
        lastKeepAlive = now;
        keepAlive();
      }
    }, CHECK_EVERY_MS);
    return () => {
      clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, mark, { capture: true });
    };
  }, [minutes, enabled]);
}
