// Growable typed arrays: the index keeps its per-slot and per-term data in them.

export type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** `a` when it holds `n` items, else a copy at least twice as long. */
export function grow<T extends TypedArray>(a: T, n: number, make: (n: number) => T): T {
  if (n <= a.length) return a;
  const b = make(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
