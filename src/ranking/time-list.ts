// Slots ordered by a timestamp, newest last; removal is lazy (callers skip dead slots, then compact).

export class TimeList {
  private slots: number[] = [];
  private times: number[] = [];

  get length(): number {
    return this.slots.length;
  }

  insert(slot: number, time: number): void {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] ?? 0) <= time) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.slots.length) {
      this.slots.push(slot);
      this.times.push(time);
    } else {
      this.slots.splice(lo, 0, slot);
      this.times.splice(lo, 0, time);
    }
  }

  /** Slots from the newest to the oldest. */
  *newest(): Generator<number> {
    for (let i = this.slots.length - 1; i >= 0; i--) yield this.slots[i] ?? 0;
  }

  compact(alive: (slot: number) => boolean): void {
    const slots: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i] ?? 0;
      if (!alive(s)) continue;
      slots.push(s);
      times.push(this.times[i] ?? 0);
    }
    this.slots = slots;
    this.times = times;
  }

  clear(): void {
    this.slots = [];
    this.times = [];
  }
}
