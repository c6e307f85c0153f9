/**
 * A fixed-capacity FIFO: pushing past capacity evicts the oldest item. The
 * overlay keeps its last N requests in one, so memory stays bounded however
 * long `next dev` runs.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private length = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** Adds an item; returns the one it evicted, if the buffer was full. */
  push(item: T): T | undefined {
    if (this.length < this.capacity) {
      this.items[(this.start + this.length) % this.capacity] = item;
      this.length += 1;
      return undefined;
    }
    const evicted = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** Newest first, as the History panel lists them. */
  newestFirst(): T[] {
    const out: T[] = [];
    for (let i = this.length - 1; i >= 0; i -= 1) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }
}
