/**
 * A binary min-heap of small integer ids ordered by a number each, in typed arrays: the requests in flight by
 * end time, the free senders by when they are due. Ties come out in no particular order.
 */
import { grown } from "./typed-arrays.js";

export class MinHeap {
  private keys = new Float64Array(64);
  private ids = new Int32Array(64);
  size = 0;

  push(key: number, id: number): void {
    if (this.size === this.keys.length) {
      this.keys = grown(this.keys, this.size * 2);
      this.ids = grown(this.ids, this.size * 2);
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[i] = this.keys[parent]!;
      this.ids[i] = this.ids[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.ids[i] = id;
  }

  /** The smallest key (Infinity when empty). */
  get topKey(): number {
    return this.size > 0 ? this.keys[0]! : Infinity;
  }

  /** Removes the entry with the smallest key and returns its id. */
  pop(): number {
    const id = this.ids[0]!;
    const last = --this.size;
    const key = this.keys[last]!;
    const lastId = this.ids[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.keys[i] = this.keys[child]!;
      this.ids[i] = this.ids[child]!;
      i = child;
    }
    this.keys[i] = key;
    this.ids[i] = lastId;
    return id;
  }
}
