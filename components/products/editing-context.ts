'use client';
/**
 * Which row's editor is open in the browser, and how to open and close one.
 * TableController (admins only) provides it; the rows' bodies (RowsBody) read
 * it to put the editor in place of its row at once, with no server round trip,
 * so what is typed right after pressing Edit lands in the editor. A separate
 * module, so that a visitor's rows load none of the editing code.
 */
import { createContext, useContext } from 'react';
import type { UndoOffer } from '@/lib/forms/action-state';

export interface EditorOutcome {
  message: string;
  tone: 'success' | 'warning' | 'error';
  /** The saved change's Undo, for the page's status region. */
  undo?: UndoOffer & { about: string };
}

export interface Editing {
  /** The row edited in the browser, or null (an editor the server opened is not counted). */
  id: number | null;
  /** The list address the editor returns to. */
  listHref: string;
  /** Opens row `id`'s editor: in place when the browser has its row, else through the server. */
  open(id: number): void;
  /**
   * Closes the editor, announcing `outcome`. `refresh` asks the server for the
   * list again (after a save: the row changed).
   */
  close(options?: { outcome?: EditorOutcome; refresh?: boolean }): void;
  /**
   * A save found its row deleted: keep what was typed and offer to create it
   * again (RecreateProduct), above the table, where a refreshed list without
   * the row cannot take it away.
   */
  recreate(lost: LostEdit): void;
}

/** An edit whose row someone deleted: what the row was called, and what was typed. */
export interface LostEdit {
  deleted: string;
  typed: { title: string; price: string };
}

export const EditingContext = createContext<Editing | null>(null);

/** The table's editing controls; null outside an admin's table. */
export function useEditing(): Editing | null {
  return useContext(EditingContext);
}
