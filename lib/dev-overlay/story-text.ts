/**
 * A cache event's story (generation-story.ts) as one plain sentence, as the
 * Cache panel shows it under the event: "generation moved at POST / (action),
 * 12 s before: the invalidate retired 3f2a1c0d; …".
 */
import type { Deed, Origin, Story } from './generation-story';

/** Names the request (or background work) behind an origin: "POST / (action)", "this request". */
export type DescribeOrigin = (origin: Origin) => string;

/** Generations are UUIDs: the first 8 characters tell them apart on one screen. */
export const shortGeneration = (generation: string) => generation.slice(0, 8);

/** A gap between two moments, as people say it: "40 ms", "1.2 s", "12 s", "5 min". */
export function gap(ms: number): string {
  const positive = Math.max(0, ms);
  if (positive < 1000) return `${Math.round(positive)} ms`;
  if (positive < 10_000) return `${(positive / 1000).toFixed(1)} s`;
  if (positive < 120_000) return `${Math.round(positive / 1000)} s`;
  return `${Math.round(positive / 60_000)} min`;
}

const before = (deed: Deed, atEpochMs: number, describe: DescribeOrigin) => `${describe(deed.by)}, ${gap(atEpochMs - deed.atEpochMs)} before`;

/** The sentence for `story`, told from the moment of its event (`atEpochMs`). */
export function storyText(story: Story, atEpochMs: number, describe: DescribeOrigin): string {
  switch (story.kind) {
    case 'moved': {
      const now = `nothing is stored for this key under ${shortGeneration(story.generation)} yet`;
      if (!story.retired) {
        return `generation moved since this key was stored (${shortGeneration(story.previous)} → ${shortGeneration(story.generation)}): another process invalidated, or Redis lost the generation; ${now}`;
      }
      const deed = story.retired.how === 'clear' ? 'cache.clear() deleted the generation' : `the invalidate retired ${shortGeneration(story.previous)}`;
      return `generation moved at ${before(story.retired, atEpochMs, describe)}: ${deed}; ${now}`;
    }
    case 'first-read':
      return story.started
        ? `first read: no generation existed, so this read started ${shortGeneration(story.generation)}`
        : `first read of this key: nothing was stored for it under ${shortGeneration(story.generation)} yet`;
    case 'expired':
      return `expired: stored by ${before(story.stored, atEpochMs, describe)}, with a ${story.ttlSeconds} s TTL`;
    case 'vanished':
      return `gone before its TTL: stored by ${before(story.stored, atEpochMs, describe)} (TTL ${story.ttlSeconds === null ? 'none' : `${story.ttlSeconds} s`}), then deleted or evicted`;
    case 'stored-by': {
      const who = story.stored ? `stored by ${before(story.stored, atEpochMs, describe)}` : 'stored before this server started, or by another process';
      return story.local ? `${who}; served from this process's copy after reading only the generation (one small GET)` : who;
    }
    case 'retired':
      return story.previous
        ? `retired generation ${shortGeneration(story.previous)}: every entry under it is unreachable now, and the next read starts a new one`
        : 'deleted the generation key, though none was current as far as this process saw: nothing it read moved';
    case 'fill-rejected': {
      const write = story.retired ? `the ${story.retired.how === 'clear' ? 'cache.clear()' : 'invalidate'} at ${describe(story.retired.by)}` : 'a write';
      return `not stored: ${write} retired ${shortGeneration(story.generation)} while this value loaded; it served this request only`;
    }
  }
}
