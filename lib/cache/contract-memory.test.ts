import { runCacheContract } from './contract';
import { manualClockMemoryHarness } from './testing/store-harness';

runCacheContract('memory', manualClockMemoryHarness);
