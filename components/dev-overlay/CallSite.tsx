'use client';
/** Where a query or cache call came from: the innermost frame of our code, the rest on demand. */
import type { SourceFrame } from '@/lib/dev-overlay/types';

const place = (frame: SourceFrame) => `${frame.file}:${frame.line}:${frame.column}`;

export function CallSite({ frames }: { frames: SourceFrame[] }) {
  if (frames.length === 0) return <span className="muted">—</span>;
  const [first] = frames;
  return (
    <details className="callsite">
      <summary title={place(first!)}>
        {place(first!)}
        {first!.fn ? <span className="muted"> {first!.fn}</span> : null}
      </summary>
      <ol>
        {frames.map((frame, index) => (
          <li key={index}>
            {place(frame)}
            {frame.fn ? <span className="muted"> in {frame.fn}</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
