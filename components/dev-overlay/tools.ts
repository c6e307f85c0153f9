'use client';
/** The overlay's calls to its tool endpoints (lib/dev-overlay/tool-api.ts). */
import { DEV_API_PREFIX } from '@/lib/dev-overlay/constants';

export interface ExplainAnswer {
  mode: 'explain' | 'analyze' | 'rows';
  plan?: string;
  columns?: string[];
  rows?: unknown[][];
  rowCount?: number;
  durationMs: number;
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${DEV_API_PREFIX}${path}`, { cache: 'no-store', ...init });
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const fetchCacheValue = (requestId: string, index: number) =>
  call<{ value: string }>(`/requests/${encodeURIComponent(requestId)}/cache/${index}`).then((answer) => answer.value);

export const explain = (requestId: string, index: number, mode: ExplainAnswer['mode']) => call<ExplainAnswer>('/explain', post({ requestId, index, mode }));

export const runConsole = (command: string) => call<{ command: string; output: string; error?: string; note?: string }>('/cache', post({ command }));
