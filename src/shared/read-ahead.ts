// Walking an asynchronous source one item ahead: the next item is fetched while this one is worked on.

/** Calls `visit` with each item of `source` in order, having asked for the next one first. */
export async function forEachReadingAhead<T>(
  source: AsyncIterable<T>,
  visit: (item: T) => Promise<void> | void,
): Promise<void> {
  const it = source[Symbol.asyncIterator]();
  let pending = it.next();
  for (;;) {
    const result = await pending;
    if (result.done) return;
    pending = it.next();
    // A failed read ahead is awaited (and thrown) on the next turn; never left unhandled meanwhile.
    pending.catch(() => {});
    await visit(result.value);
  }
}
