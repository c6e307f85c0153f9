/**
 * Who may write, as the product actions answer it: a visitor is told to sign
 * in; when the session cannot be read because the database is down, a
 * signed-in admin is told that instead, with what they typed kept. Nothing
 * reaches the repository in either case.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ActionState } from '@/lib/forms/action-state';

vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn() }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'next-action': 'test', host: 'localhost:3000' }),
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
}));
let status: 'visitor' | 'unknown' = 'visitor';
vi.mock('@/lib/auth/session', () => ({ currentEditor: async () => status }));
const repositoryUsed = vi.fn();
vi.mock('@/lib/server', () => ({
  serverRoot: async () => {
    repositoryUsed();
    throw new Error('the repository must not be reached');
  },
}));

const { createProduct, invalidateCache } = await import('./products');
const idle: ActionState = { status: 'idle' };
const typed = () => {
  const data = new FormData();
  data.set('title', 'Typed while the database was down');
  data.set('price', '3.50');
  return data;
};

describe('write refusals', () => {
  it('a visitor is told to sign in', async () => {
    status = 'visitor';
    const state = await createProduct(idle, typed());
    expect(state).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Sign in as an editor/) });
    expect(repositoryUsed).not.toHaveBeenCalled();
  });

  it('a session that cannot be checked (database down) says so and keeps what was typed', async () => {
    status = 'unknown';
    const state = await createProduct(idle, typed());
    expect(state).toMatchObject({ status: 'failed', message: expect.stringMatching(/database is not reachable/) });
    expect(state.status === 'failed' && state.values).toMatchObject({ title: 'Typed while the database was down', price: '3.50' });
    const invalidation = await invalidateCache(idle, new FormData());
    expect(invalidation).toMatchObject({ status: 'failed', message: expect.stringMatching(/database is not reachable/) });
    expect(repositoryUsed).not.toHaveBeenCalled();
  });
});
