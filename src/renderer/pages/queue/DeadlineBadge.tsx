// The countdown badge: the time left (or past) in words, coloured by state — amber at risk, red
// overdue — so that colour is never the only sign.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countdown, type DeadlineView } from './format';

export function DeadlineBadge({ view, className }: { view: DeadlineView; className?: string }) {
  const { t } = useTranslation();
  const shown = countdown(t, view);
  if (!shown) return null;
  return <span className={`badge countdown countdown-${shown.tone}${className ? ` ${className}` : ''}`}>{shown.text}</span>;
}

/** performance.now(), renewed every `everyMs` (countdowns tick with it). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
