import { formatCount, plural } from '@/lib/forms/plural';

/** "0 of 1 batch", "2 of 5 batches": how far a run is. */
export const batchProgress = (run: { batchesDone: number; batchCount: number }): string => `${formatCount(run.batchesDone)} of ${plural(run.batchCount, 'batch', 'batches')}`;
