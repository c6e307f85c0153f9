'use client';
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useHydrated } from '@/components/forms/useHydrated';
import { useAnnounce } from '@/components/status/StatusRegion';
import { withSearchParams } from '@/lib/validation/list-url';
import { parseProductId } from '@/lib/validation/product-id';
import { EditingContext, type Editing, type LostEdit } from './editing-context';
import { RecreateProduct } from './RecreateProduct';

interface Selection {
  ids: readonly number[];
  clear(): void;
  restore(ids: readonly number[]): void;
  /** True once JavaScript runs: the ticked ids are then posted by the bulk bar itself. */
  hydrated: boolean;
}

const SelectionContext = createContext<Selection>({ ids: [], clear: () => {}, restore: () => {}, hydrated: false });

/** The rows ticked in the admin table (see TableController). */
export function useSelection(): Selection {
  return useContext(SelectionContext);
}

interface TableControllerProps {
  children: ReactNode;
  /** Rows ticked when the page opens (a bulk delete question, or its Cancel, without JavaScript). */
  initiallySelected: readonly number[];
  /** The row whose editor or delete question the URL opens, to give focus back to it afterwards. */
  openRow: { id: number; kind: 'edit' | 'delete' } | null;
  /** The list address (without edit= or delete=). */
  listHref: string;
}

const rowCheckboxes = (root: HTMLElement) => Array.from(root.querySelectorAll<HTMLInputElement>('tbody input[type="checkbox"][name="ids"]'));
const rowActionSelector = (id: number, kind: 'edit' | 'delete') => `tbody a[href*="${kind}=${id}#"]`;
const EDIT_HASH = '#edit-';

/**
 * The admin table's one client component. The rows themselves are server
 * HTML; this listens to them (event delegation) for what needs JavaScript:
 * - selection: ticks, "select all", shift-click ranges, kept across re-renders;
 * - Edit opens the row's editor in place at once, from the row the browser
 *   already has (the address says ?edit= too, so reload and Back work); Delete
 *   opens its question by URL (?delete=) without scrolling; focus returns to
 *   the row's Edit or Delete when they close;
 * - Up and Down move between rows' checkboxes and links.
 * Without JavaScript the same rows work as links and a plain form.
 */
export function TableController({ children, initiallySelected, openRow, listHref }: TableControllerProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set(initiallySelected));
  const hydrated = useHydrated();
  const anchorRef = useRef<number | null>(null);
  const lastOpenRow = useRef(openRow);
  const router = useRouter();
  const announce = useAnnounce();

  // The checkboxes are server HTML: mirror the selection into them after every render of the rows.
  const syncCheckboxes = useCallback(() => {
    const root = rootRef.current;
    if (!root) return;
    const boxes = rowCheckboxes(root);
    for (const box of boxes) {
      // Posted by the bulk bar's hidden fields now, so the form's reset after a submit cannot untick them.
      box.removeAttribute('form');
      box.checked = selected.has(Number(box.value));
    }
    const all = root.querySelector<HTMLInputElement>('input[data-select-all]');
    if (all) all.checked = boxes.length > 0 && boxes.every((box) => box.checked);
  }, [selected]);

  useEffect(() => {
    syncCheckboxes();
    const root = rootRef.current;
    if (!root) return;
    const observer = new MutationObserver(syncCheckboxes);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [syncCheckboxes]);

  // An editor or question closed: focus goes back to the control that opened it, or,
  // when its row is gone (deleted), to the same control in the row now in its place.
  const openRowIndex = useRef(-1);
  useEffect(() => {
    const root = rootRef.current;
    const previous = lastOpenRow.current;
    lastOpenRow.current = openRow;
    if (!root) return;
    const bodyRows = () => Array.from(root.querySelectorAll('tbody tr')).filter((row) => !row.matches('.row--conflict, .row--confirm'));
    if (openRow) {
      openRowIndex.current = bodyRows().findIndex((row) => row.querySelector(`input[name="ids"][value="${openRow.id}"]`));
      return;
    }
    if (!previous) return;
    const control = root.querySelector<HTMLElement>(rowActionSelector(previous.id, previous.kind));
    const rows = bodyRows();
    const standIn = rows[Math.min(openRowIndex.current, rows.length - 1)]?.querySelector<HTMLElement>(`a[href*="${previous.kind}="]`);
    (control ?? standIn ?? root.querySelector<HTMLElement>('input[data-select-all]'))?.focus();
  }, [openRow]);

  // An editor opened in the browser (not by the server): its row, and focus back to its Edit when it closes.
  const [editingId, setEditingId] = useState<number | null>(null);
  // An edit whose row was deleted meanwhile, kept until the person creates it again or discards it.
  const [lostEdit, setLostEdit] = useState<LostEdit | null>(null);
  const lastEditingId = useRef<number | null>(null);
  useEffect(() => {
    const previous = lastEditingId.current;
    lastEditingId.current = editingId;
    if (editingId === null && previous !== null) rootRef.current?.querySelector<HTMLElement>(rowActionSelector(previous, 'edit'))?.focus();
  }, [editingId]);

  // A reload keeps the editor open: the address's #edit-<id> (the server never sees it, so it never
  // renders a second editor of its own when the list is re-rendered after a save).
  useEffect(() => {
    const { hash } = window.location;
    const id = hash.startsWith(EDIT_HASH) ? parseProductId(hash.slice(EDIT_HASH.length)) : null;
    if (id !== null && rootRef.current?.querySelector(rowActionSelector(id, 'edit'))) setEditingId(id);
  }, []);

  const editing = useMemo<Editing>(() => {
    const serverEditorOpen = openRow?.kind === 'edit';
    return {
      id: editingId,
      listHref,
      open(id) {
        const rowHere = rootRef.current?.querySelector(rowActionSelector(id, 'edit'));
        // An editor the server opened (?edit= loaded as a page) is replaced the way it came.
        if (!rowHere || serverEditorOpen) {
          router.replace(`${withSearchParams(listHref, { edit: id })}#editing`, { scroll: false });
          return;
        }
        setEditingId(id);
        window.history.replaceState(window.history.state, '', `${listHref}#edit-${id}`);
      },
      recreate: setLostEdit,
      close({ outcome, refresh = false } = {}) {
        if (outcome) announce(outcome.message, outcome.tone, outcome.undo);
        if (serverEditorOpen) {
          router.replace(listHref, { scroll: false });
          return;
        }
        setEditingId(null);
        window.history.replaceState(window.history.state, '', listHref);
        if (refresh) router.refresh();
      },
    };
  }, [editingId, listHref, openRow, router, announce]);

  const visibleIds = () => (rootRef.current ? rowCheckboxes(rootRef.current).map((box) => Number(box.value)) : []);

  const onChange = (event: Event) => {
    const target = event.target as HTMLInputElement;
    if (target.type !== 'checkbox') return;
    if (target.dataset.selectAll !== undefined) {
      setSelected(target.checked ? new Set(visibleIds()) : new Set());
      return;
    }
    if (target.name !== 'ids') return;
    const id = Number(target.value);
    setSelected((current) => {
      const next = new Set(current);
      if (target.checked) next.add(id);
      else next.delete(id);
      return next;
    });
  };

  const onClick = (event: globalThis.MouseEvent) => {
    const target = event.target as HTMLElement;
    const box = target.closest<HTMLInputElement>('tbody input[type="checkbox"][name="ids"]');
    if (box) {
      const id = Number(box.value);
      // Shift-click ticks (or unticks) every row between the last clicked one and this one.
      if (event.shiftKey && anchorRef.current !== null) {
        const ids = visibleIds();
        const [from, to] = [ids.indexOf(anchorRef.current), ids.indexOf(id)].sort((a, b) => a - b);
        if (from! >= 0) {
          const range = ids.slice(from, to! + 1);
          setSelected((current) => {
            const next = new Set(current);
            for (const rangeId of range) {
              if (box.checked) next.add(rangeId);
              else next.delete(rangeId);
            }
            return next;
          });
        }
      }
      anchorRef.current = id;
      return;
    }
    const link = target.closest<HTMLAnchorElement>('tbody a[href]');
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    const url = new URL(link.href);
    if (!url.searchParams.has('edit') && !url.searchParams.has('delete')) return;
    // In place: same page, no jump to the top; the new status clears the old one.
    event.preventDefault();
    announce('');
    const editId = Number(url.searchParams.get('edit'));
    if (editId > 0) editing.open(editId);
    else router.push(`${url.pathname}${url.search}`, { scroll: false });
  };

  const onKeyDown = (event: globalThis.KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const target = event.target as HTMLElement;
    const row = target.closest('tbody tr');
    const control = target.matches('input[type="checkbox"][name="ids"]') ? 'checkbox' : target.matches('a[href*="edit="]') ? 'edit' : target.matches('a[href*="delete="]') ? 'delete' : null;
    if (!row || !control) return;
    let neighbour = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
    // Rows continue across the table's several bodies (an open editor sits in its own).
    if (!neighbour) {
      const body = row.parentElement;
      const nextBody = event.key === 'ArrowDown' ? body?.nextElementSibling : body?.previousElementSibling;
      neighbour = event.key === 'ArrowDown' ? (nextBody?.firstElementChild ?? null) : (nextBody?.lastElementChild ?? null);
    }
    const selector = control === 'checkbox' ? 'input[type="checkbox"][name="ids"]' : control === 'edit' ? 'a[href*="edit="]' : 'a[href*="delete="]';
    const next = neighbour?.querySelector<HTMLElement>(selector);
    if (!next) return;
    event.preventDefault();
    next.focus();
  };

  // Native listeners: the rows are HTML React did not create, and React's change
  // event does not fire for inputs it does not know. The latest handlers sit in a ref.
  const handlers = useRef({ onChange, onClick, onKeyDown });
  useLayoutEffect(() => {
    handlers.current = { onChange, onClick, onKeyDown };
  });
  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const change = (event: Event) => handlers.current.onChange(event);
    const click = (event: globalThis.MouseEvent) => handlers.current.onClick(event);
    const keydown = (event: globalThis.KeyboardEvent) => handlers.current.onKeyDown(event);
    root.addEventListener('change', change);
    root.addEventListener('click', click);
    root.addEventListener('keydown', keydown);
    return () => {
      root.removeEventListener('change', change);
      root.removeEventListener('click', click);
      root.removeEventListener('keydown', keydown);
    };
  }, []);

  // Stable functions: effects that call them must not run again whenever the ticks change.
  const clear = useCallback(() => setSelected(new Set()), []);
  const restore = useCallback((ids: readonly number[]) => setSelected(new Set(ids)), []);
  const selection = useMemo<Selection>(() => ({ ids: [...selected], clear, restore, hydrated }), [selected, clear, restore, hydrated]);

  return (
    <SelectionContext.Provider value={selection}>
      <EditingContext.Provider value={editing}>
        <div ref={rootRef} className="table-controller">
          {lostEdit && (
            <RecreateProduct
              key={`${lostEdit.deleted}:${lostEdit.typed.title}`}
              deleted={lostEdit.deleted}
              typed={lostEdit.typed}
              listHref={listHref}
              onDone={(created) => {
                setLostEdit(null);
                if (created) announce(created.message);
                router.refresh();
              }}
            />
          )}
          {children}
        </div>
      </EditingContext.Provider>
    </SelectionContext.Provider>
  );
}
