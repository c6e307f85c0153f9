'use server';
/**
 * Server actions: parse the form with zod, call the data layer, refresh the page.
 * Each works as a plain POST before JavaScript loads.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { isAdmin } from '@/lib/auth/session';
import { textFields, type ActionState } from '@/lib/forms/action-state';
import { failed, invalid, saved } from '@/lib/forms/outcomes';
import { products } from '@/lib/products';
import type { InvalidationOutcome } from '@/lib/products/invalidation';
import { bulkInput, productIdInput, productInput, productUpdateInput, type BulkInput } from '@/lib/validation/product';
import type { z } from 'zod';

/**
 * Every action checks the session itself: hiding a button is not protection,
 * and an action id copied from the page must not work without a session.
 */
async function denyUnlessAdmin(): Promise<ActionState | null> {
  return (await isAdmin()) ? null : { status: 'failed', message: 'Sign in as an admin to change products. Nothing was changed.', values: {} };
}

/** Only same-site relative paths, so a forged returnTo cannot send users elsewhere. */
function safeReturnPath(formData: FormData): string | null {
  const value = formData.get('returnTo');
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : null;
}

/**
 * The shape every single-product action shares: check the session, pick the
 * known fields, validate, write through the data layer, refresh the page.
 * Nothing is written unless validation passes; a failed write says so.
 */
async function productAction<Input>(
  formData: FormData,
  fields: readonly string[],
  schema: { safeParse(values: unknown): { success: true; data: Input } | { success: false; error: z.ZodError } },
  write: (input: Input) => Promise<{ message: string; invalidation: InvalidationOutcome }>,
): Promise<ActionState> {
  const denied = await denyUnlessAdmin();
  if (denied) return denied;
  const values = textFields(formData, fields);
  const parsed = schema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  let result: ActionState;
  try {
    const { message, invalidation } = await write(parsed.data);
    result = saved(message, invalidation);
  } catch (error) {
    return failed(error, values);
  }
  // revalidate/redirect stay outside the try: redirect() works by throwing.
  revalidatePath('/');
  const returnTo = safeReturnPath(formData);
  if (returnTo) redirect(returnTo);
  return result;
}

export async function createProduct(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return productAction(formData, ['title', 'price'], productInput, async (input) => {
    const { value, invalidation } = await (await products()).create(input);
    return { message: `Created “${value.title}” (#${value.id}).`, invalidation };
  });
}

export async function updateProduct(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return productAction(formData, ['id', 'title', 'price'], productUpdateInput, async (input) => {
    const { value, invalidation } = await (await products()).update(input);
    return { message: `Saved “${value.title}”.`, invalidation };
  });
}

export async function deleteProduct(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return productAction(formData, ['id'], productIdInput, async ({ id }) => {
    const { value, invalidation } = await (await products()).remove(id);
    return { message: `Deleted “${value.title}”.`, invalidation };
  });
}

function bulkFields(formData: FormData) {
  const values = textFields(formData, ['scope', 'search', 'operation', 'price', 'percent', 'confirmed']);
  const ids = formData.getAll('ids').filter((id): id is string => typeof id === 'string');
  const echoed: Record<string, string> = { ...values, ids: ids.join(',') };
  return { values: echoed, input: { ...values, ids } };
}

async function runBulk(input: BulkInput): Promise<{ changed: number; invalidation: InvalidationOutcome; verb: string }> {
  const repository = await products();
  const selection = input.scope === 'selected' ? { ids: input.ids } : { search: input.search };
  if (input.operation === 'delete') {
    const ids = input.scope === 'selected' ? input.ids : [];
    const { value, invalidation } = await repository.bulkDelete(ids);
    return { changed: value, invalidation, verb: 'Deleted' };
  }
  const change = input.operation === 'set-price' ? { setPrice: input.price } : { adjustPercent: input.percent };
  const { value, invalidation } = await repository.bulkChangePrice(selection, change);
  return { changed: value, invalidation, verb: 'Updated' };
}

export async function bulkUpdate(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const denied = await denyUnlessAdmin();
  if (denied) return denied;
  const { values, input } = bulkFields(formData);
  const parsed = bulkInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, values);
  const request = parsed.data;
  if (request.operation === 'delete' && request.scope !== 'selected') {
    return { status: 'failed', message: 'Bulk delete works on ticked rows only.', values };
  }
  if (request.operation === 'delete' && values.confirmed !== 'yes') {
    const count = request.scope === 'selected' ? request.ids.length : 0;
    return { status: 'confirm', message: `Delete ${count} product${count === 1 ? '' : 's'}? This cannot be undone.`, values };
  }
  let result: ActionState;
  try {
    const { changed, invalidation, verb } = await runBulk(request);
    result = saved(`${verb} ${changed} product${changed === 1 ? '' : 's'}.`, invalidation);
  } catch (error) {
    return failed(error, values);
  }
  revalidatePath('/');
  return result;
}

export async function invalidateCache(): Promise<ActionState> {
  const denied = await denyUnlessAdmin();
  if (denied) return denied;
  let result: ActionState;
  try {
    const outcome = await (await products()).invalidateCache();
    result =
      outcome === 'done'
        ? saved('Cache invalidated: the next page load reads from the database.', outcome)
        : { status: 'failed', message: 'The cache is not reachable right now; it will be invalidated as soon as it is.', values: {} };
  } catch (error) {
    return failed(error, {});
  }
  revalidatePath('/');
  return result;
}
