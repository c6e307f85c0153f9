/**
 * The layer rules of eslint.config.mjs catch an import that goes the wrong
 * way: each planted file below is linted as if it lived at its path, once
 * with a violating import (an error naming the rule) and once with an allowed
 * one (clean), so the rules cannot pass by matching nothing.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string) {
  const [result] = await eslint.lintText(`${code}\nexport const planted = 1;\n`, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'import/no-restricted-paths' || message.ruleId === 'no-restricted-imports');
}

const PLANTED: Array<{ layer: string; file: string; wrong: string; right: string }> = [
  { layer: 'lib/cache imports nothing of the app', file: 'lib/cache/planted.ts', wrong: "import { productRepository } from '@/lib/products';", right: "import { createCache } from './cache';" },
  { layer: 'components never reach into db/', file: 'components/products/planted.ts', wrong: "import type { Product } from '@/db/schema';", right: "import type { Product } from '@/lib/products/types';" },
  { layer: 'lib never imports app/', file: 'lib/products/planted.ts', wrong: "import Page from '@/app/page';", right: "import { createCache } from '@/lib/cache';" },
  { layer: 'lib never imports components/', file: 'lib/forms/planted.ts', wrong: "import { ActionForm } from '@/components/forms/ActionForm';", right: "import { listUrl } from '@/lib/validation/list-url';" },
  { layer: 'library code never imports scripts/ or test/', file: 'lib/auth/planted.ts', wrong: "import { TEST_REDIS_URL } from '@/scripts/lib/local-services';", right: "import { env } from '@/lib/env';" },
  { layer: 'scripts never import test/', file: 'scripts/planted.ts', wrong: "import { multipart } from '../test/support/html-forms';", right: "import { TEST_REDIS_URL } from './lib/local-services';" },
  { layer: 'the cache library only through its entry points', file: 'app/planted.ts', wrong: "import { entryKey } from '@/lib/cache/keys';", right: "import { cacheKeys } from '@/lib/cache';" },
  { layer: 'the data layer never calls server actions (lib order: actions are on top)', file: 'lib/products/planted-action.ts', wrong: "import { applyBulkAction } from '@/lib/actions/products';", right: "import { describeError } from '@/lib/describe-error';" },
  { layer: 'db/ is below the libraries', file: 'db/planted.ts', wrong: "import { productRepository } from '@/lib/products';", right: "import { describeError } from '@/lib/describe-error';" },
  { layer: "the cache library's testing entry only in tests", file: 'lib/products/planted-testing.ts', wrong: "import { uniquePrefix } from '@/lib/cache/testing';", right: "import { createCache } from '@/lib/cache';" },
  { layer: 'the dev overlay only from its switches, spelt relatively too', file: 'lib/actions/planted-overlay.ts', wrong: "import { devCollector } from '../dev-overlay/registry';", right: "import { describeError } from '../describe-error';" },
  { layer: 'the dev overlay only from its switches', file: 'components/products/planted-overlay.ts', wrong: "import { devCollector } from '@/lib/dev-overlay/registry';", right: "import { listUrl } from '@/lib/validation/list-url';" },
  // lib's own folders, in order (LIB_ORDER): one planted upward import per level.
  { layer: 'lib order: the composition root never reaches up into forms or auth', file: 'lib/server/planted.ts', wrong: "import { respond } from '@/lib/forms/respond';", right: "import { createPageCache } from '@/lib/page-cache/page-cache';" },
  { layer: 'lib order: the dev overlay never reaches up into the composition root', file: 'lib/dev-overlay/planted.ts', wrong: "import { serverRoot } from '@/lib/server';", right: "import { createPageCache } from '@/lib/page-cache/page-cache';" },
  { layer: 'lib order: the page cache never reaches up into the composition root', file: 'lib/page-cache/planted.ts', wrong: "import { serverRoot } from '@/lib/server';", right: "import { listUrl } from '@/lib/validation/list-url';" },
  { layer: 'lib order: the data layer never reaches up into the page cache', file: 'lib/products/planted-order.ts', wrong: "import { createPageCache } from '@/lib/page-cache/page-cache';", right: "import { listQuery } from '@/lib/validation/list-query';" },
  { layer: 'lib order: http never reaches up into the data layer', file: 'lib/http/planted.ts', wrong: "import { DatabaseUnavailableError } from '@/lib/products';", right: "import { env } from '@/lib/env';" },
  { layer: "lib order: lib's top files never reach into its folders", file: 'lib/planted.ts', wrong: "import { escapeHtml } from '@/lib/http/escape-html';", right: "import { describeError } from './describe-error';" },
];

describe('layer rules (eslint.config.mjs)', () => {
  it.each(PLANTED)('$layer: $file', async ({ file, wrong, right }) => {
    const caught = await problems(file, wrong);
    expect(caught.map((message) => message.severity)).toEqual([2]);
    expect(await problems(file, right)).toEqual([]);
  });
});
