'use client';
/**
 * The overlay's data, fetched lazily from the JSON API: nothing is sent with
 * the page except the request id.
 */
import { useEffect, useState } from 'react';
import { DEV_API_PREFIX, REQUEST_ID_TIMING } from '@/lib/dev-overlay/constants';
import type { BackgroundLog, RequestDetail, RequestList } from '@/lib/dev-overlay/types';
import { describeError } from '@/lib/describe-error';

export type Loaded =
  | { kind: 'loading' }
  | { kind: 'found'; detail: RequestDetail }
  | { kind: 'gone'; message: string }
  | { kind: 'error'; message: string };

export async function loadDetail(id: string, signal?: AbortSignal): Promise<Loaded> {
  try {
    const response = await fetch(`${DEV_API_PREFIX}/requests/${encodeURIComponent(id)}`, { signal, cache: 'no-store' });
    if (response.ok) return { kind: 'found', detail: (await response.json()) as RequestDetail };
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    return { kind: 'gone', message: body.message ?? `HTTP ${response.status}` };
  } catch (error) {
    return { kind: 'error', message: describeError(error) };
  }
}

const POLL_MS = 250;
const MAX_POLLS = 40;

/** One request's detail, re-read until the response has finished (pages stream, so the pill can mount first). */
export function useRequestDetail(id: string | null, refresh = 0): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    if (!id) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (attempt: number) => {
      const result = await loadDetail(id, controller.signal);
      if (controller.signal.aborted) return;
      setLoaded(result);
      if (result.kind === 'found' && result.detail.summary.status === null && attempt < MAX_POLLS) {
        timer = setTimeout(() => void poll(attempt + 1), POLL_MS);
      }
    };
    void poll(0);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id, refresh]);
  return id ? loaded : { kind: 'gone', message: 'This response carried no request id (is proxy.ts running?).' };
}

/** A JSON list from the API, fetched while its tab is shown (and again on each refresh). */
function useListWhile<T>(path: string, active: boolean, refresh: number): T | null {
  const [list, setList] = useState<T | null>(null);
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    fetch(`${DEV_API_PREFIX}${path}`, { signal: controller.signal, cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<T>) : null))
      .then((body) => body && setList(body))
      .catch(() => undefined);
    return () => controller.abort();
  }, [path, active, refresh]);
  return list;
}

export const useHistory = (active: boolean, refresh: number) => useListWhile<RequestList>('/requests', active, refresh);

/** The background log (work no request asked for), while the Background tab is shown. */
export const useBackground = (active: boolean, refresh: number) => useListWhile<BackgroundLog>('/background', active, refresh);

/**
 * Ids of requests the page made after it loaded (server actions, client
 * navigations, refreshes): proxy.ts puts each id in a Server-Timing entry,
 * which the browser exposes on the resource's timing once its body is done.
 */
export function useLaterRequestIds(onRequest: (id: string) => void): void {
  useEffect(() => {
    if (typeof PerformanceObserver === 'undefined') return;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
        if (entry.initiatorType !== 'fetch' || entry.name.includes(DEV_API_PREFIX)) continue;
        const timing = entry.serverTiming?.find((metric) => metric.name === REQUEST_ID_TIMING);
        if (timing?.description) onRequest(timing.description);
      }
    });
    observer.observe({ type: 'resource', buffered: false });
    return () => observer.disconnect();
  }, [onRequest]);
}
