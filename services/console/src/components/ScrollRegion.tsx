import type { ReactNode } from 'react';

/**
 * A wide table on a narrow screen: a region that scrolls sideways, reachable and scrollable by
 * keyboard (focusable, named), as WCAG asks of scrollable content.
 */
export function ScrollRegion({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
