'use client';
/**
 * The development overlay: a pill in the bottom-right corner (Next's own dev
 * indicator sits bottom-left) summarising the current request, opening into
 * Cache, SQL, Timeline, History and Background panels, and the cache Console.
 *
 * It renders into a shadow root, so its styles and the page's never meet and
 * the page's layout is untouched (the host is a zero-size fixed element).
 */
import { useCallback, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { BackgroundPanel } from './BackgroundPanel';
import { CachePanel } from './CachePanel';
import { ConsolePanel } from './ConsolePanel';
import { loadDetail, useBackground, useHistory, useLaterRequestIds, useRequestDetail, type Loaded } from './data';
import { formatMs, pillText, requestTitle } from './format';
import { HistoryPanel } from './HistoryPanel';
import { SqlPanel } from './SqlPanel';
import { OVERLAY_CSS } from './styles';
import { TimelinePanel } from './TimelinePanel';

/** Only the overlay contains this string: the production-safety test searches built files for it. */
export const OVERLAY_MARKER = 'catalog-dev-overlay-v1';

type Tab = 'cache' | 'sql' | 'timeline' | 'history' | 'background' | 'console';
const TABS: { id: Tab; label: string }[] = [
  { id: 'cache', label: 'Cache' },
  { id: 'sql', label: 'SQL' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'history', label: 'History' },
  { id: 'background', label: 'Background' },
  { id: 'console', label: 'Console' },
];
type ConsoleLine = Parameters<typeof ConsolePanel>[0]['transcript'][number];

function useShadowRoot(): [(host: HTMLDivElement | null) => void, ShadowRoot | null] {
  const [root, setRoot] = useState<ShadowRoot | null>(null);
  const attach = useCallback((host: HTMLDivElement | null) => {
    if (host) setRoot(host.shadowRoot ?? host.attachShadow({ mode: 'open' }));
  }, []);
  return [attach, root];
}

function Pill({ loaded, open, onToggle }: { loaded: Loaded; open: boolean; onToggle(): void }) {
  const summary = loaded.kind === 'found' ? loaded.detail.summary : null;
  const text = summary ? pillText(summary, loaded.kind === 'found' ? loaded.detail.follows : undefined) : loaded.kind === 'loading' ? 'Dev overlay…' : 'Dev overlay: no data';
  const warnings = summary?.warnings ?? [];
  return (
    <button
      type="button"
      className={`pill${warnings.length ? ' warn' : ''}`}
      data-testid="dev-overlay-pill"
      aria-expanded={open}
      aria-label={`Dev overlay: ${text}${warnings.length ? `. Warnings: ${warnings.join(', ')}` : ''}`}
      title={warnings.join('\n') || (summary ? requestTitle(summary) : '')}
      onClick={onToggle}
    >
      <span className="dot" aria-hidden="true" />
      <span>{text}</span>
    </button>
  );
}

interface BodyProps {
  tab: Tab;
  loaded: Loaded;
  history: ReturnType<typeof useHistory>;
  background: ReturnType<typeof useBackground>;
  selectedId: string | null;
  onSelect(id: string): void;
  transcript: ConsoleLine[];
  onConsoleLine(line: ConsoleLine): void;
}

function Body({ tab, loaded, history, background, selectedId, onSelect, transcript, onConsoleLine }: BodyProps) {
  if (tab === 'history') return <HistoryPanel list={history} selectedId={selectedId} onSelect={onSelect} />;
  if (tab === 'background') return <BackgroundPanel log={background} />;
  if (tab === 'console') return <ConsolePanel transcript={transcript} onRan={onConsoleLine} />;
  if (loaded.kind === 'loading') return <p className="empty">Loading…</p>;
  if (loaded.kind !== 'found') return <p className="empty" role="status">{loaded.message}</p>;
  const { detail } = loaded;
  if (tab === 'cache') return <CachePanel requestId={detail.summary.id} detail={detail} />;
  if (tab === 'sql') return <SqlPanel requestId={detail.summary.id} detail={detail} />;
  return <TimelinePanel detail={detail} />;
}

function Overlay({ requestId }: { requestId: string | null }) {
  const [currentId, setCurrentId] = useState(requestId);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<Tab>('cache');
  const [refresh, setRefresh] = useState(0);
  const [transcript, setTranscript] = useState<ConsoleLine[]>([]);

  // A new render of the layout (navigation, action) brings a new id: adopt it
  // during render (React's pattern for state derived from a changed prop).
  const [propId, setPropId] = useState(requestId);
  if (requestId !== propId) {
    setPropId(requestId);
    setCurrentId(requestId);
  }
  // Requests made after load (actions, RSC fetches); prefetches are not what the user is looking at.
  // Their details load concurrently and may answer out of order: the one the browser finished
  // last wins (an action, then the navigation after it: the navigation, which shows the action).
  const finished = useRef({ seen: 0, adopted: 0 });
  const onLaterRequest = useCallback((id: string) => {
    const order = ++finished.current.seen;
    void loadDetail(id).then((loaded) => {
      if (loaded.kind === 'found' && loaded.detail.summary.label !== 'prefetch' && order > finished.current.adopted) {
        finished.current.adopted = order;
        setCurrentId(id);
      }
      setRefresh((n) => n + 1);
    });
  }, []);
  useLaterRequestIds(onLaterRequest);

  const shownId = selectedId ?? currentId;
  const current = useRequestDetail(currentId);
  const shown = useRequestDetail(shownId, refresh);
  const history = useHistory(open && tab === 'history', refresh);
  const background = useBackground(open && tab === 'background', refresh);

  const select = (id: string) => {
    setSelectedId(id);
    setTab('cache');
  };
  const shownSummary = shown.kind === 'found' ? shown.detail.summary : null;

  return (
    <div className="root" data-marker={OVERLAY_MARKER}>
      {open && (
        <div className="panel" role="dialog" aria-label="Dev overlay">
          <div className="panel-head">
            <span className="panel-title" data-testid="dev-overlay-title">
              {shownSummary ? `${requestTitle(shownSummary)} · ${shownSummary.status ?? '…'} · ${formatMs(shownSummary.totalMs)}` : 'Request'}
            </span>
            <div className="tabs" role="tablist">
              {TABS.map(({ id, label }) => (
                <button key={id} type="button" role="tab" className="tab" aria-selected={tab === id} onClick={() => setTab(id)}>
                  {label}
                </button>
              ))}
            </div>
            {selectedId && (
              <button type="button" className="small-button" onClick={() => setSelectedId(null)}>
                Current request
              </button>
            )}
            <button type="button" className="small-button" aria-label="Refresh overlay data" onClick={() => setRefresh((n) => n + 1)}>
              ↻
            </button>
            <button type="button" className="small-button" aria-label="Close dev overlay" onClick={() => setOpen(false)}>
              ✕
            </button>
          </div>
          <div className="panel-body" role="tabpanel" aria-label={TABS.find((t) => t.id === tab)!.label}>
            <Body
              tab={tab}
              loaded={shown}
              history={history}
              background={background}
              selectedId={shownId}
              onSelect={select}
              transcript={transcript}
              onConsoleLine={(line) => setTranscript((lines) => [...lines, line])}
            />
          </div>
        </div>
      )}
      <Pill loaded={current} open={open} onToggle={() => setOpen((value) => !value)} />
    </div>
  );
}

export function DevOverlay({ requestId }: { requestId: string | null }) {
  const [attach, shadowRoot] = useShadowRoot();
  return (
    <div ref={attach} data-dev-overlay-host="" style={{ position: 'fixed', width: 0, height: 0, bottom: 0, right: 0, zIndex: 2147483000 }}>
      {shadowRoot &&
        createPortal(
          <>
            <style>{OVERLAY_CSS}</style>
            <Overlay requestId={requestId} />
          </>,
          shadowRoot,
        )}
    </div>
  );
}
