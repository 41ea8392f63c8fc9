// Technical names shown as they are in every language — standards, file types, paths, product and
// device names, serial numbers — marked so that page translators (and the language checks) leave them.
import type { ReactNode } from 'react';

export function Tech({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <span translate="no" className={className}>
      {children}
    </span>
  );
}
