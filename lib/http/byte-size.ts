/** Byte sizes as people read them. */
import { MAX_IMPORT_FILE_BYTES } from './request-limits';

/** `bytes` as "512 B", "8.2 KB" or "3.0 MB" (binary units: 1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a file (of `bytes`, when known) was refused for an import, and what became of it (`outcome`, e.g. "nothing was read"). */
export const tooLargeFileMessage = (bytes: number | null, outcome: string) =>
  `That file is ${bytes === null ? '' : `${formatBytes(bytes)}, `}larger than the ${formatBytes(MAX_IMPORT_FILE_BYTES)} one import takes, so ${outcome}. Split it into smaller files and import each.`;
