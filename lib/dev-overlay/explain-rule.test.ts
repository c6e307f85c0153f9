import { describe, expect, it } from 'vitest';
import { isSingleSelect } from './explain-rule';

describe('which recorded statements may be explained or run again', () => {
  it.each([
    'select "id", "title" from "products" where "title" ilike $1 limit $2',
    'SELECT count(*) FROM products;',
    '/* drizzle */ select 1',
    '-- a comment\nselect * from products',
  ])('a single SELECT: %s', (text) => expect(isSingleSelect(text)).toBe(true));

  it.each([
    'update "products" set "price" = $1 where "id" = $2',
    'delete from products',
    'insert into products (title) values ($1)',
    'select 1; delete from products',
    'select * into copied from products',
    'select * from products for update',
    'select * from products for no key update',
    'with gone as (delete from products returning *) select * from gone',
    'begin',
    'explain analyze delete from products',
  ])('not a plain read: %s', (text) => expect(isSingleSelect(text)).toBe(false));
});
