import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Product catalog',
  description: 'A product catalog whose Redis cache can be trusted',
};

/**
 * The dev overlay's pill, in `next dev` only. The import sits inside the
 * NODE_ENV branch, which a production build folds to false: the overlay's
 * modules are then never part of the build (e2e/production-safety.spec.ts
 * searches the built files to prove it).
 */
async function DevOverlaySlot() {
  if (process.env.NODE_ENV === 'development') {
    const { DevOverlayMount } = await import('@/components/dev-overlay/DevOverlayMount');
    return <DevOverlayMount />;
  }
  return null;
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        <DevOverlaySlot />
      </body>
    </html>
  );
}
