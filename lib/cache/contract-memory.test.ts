import { runCacheContract } from './testing/contract';
import { manualClockMemoryHarness } from './testing/store-harness';

runCacheContract('memory', manualClockMemoryHarness);
