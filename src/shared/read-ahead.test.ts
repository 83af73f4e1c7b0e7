import { describe, expect, it } from 'vitest';
import { forEachReadingAhead } from './read-ahead.js';

describe('forEachReadingAhead', () => {
  it('visits every item in order, having asked for the next one first', async () => {
    const log: string[] = [];
    async function* source() {
      for (const item of ['a', 'b', 'c']) {
        log.push(`fetch ${item}`);
        yield item;
      }
    }
    await forEachReadingAhead(source(), async (item) => {
      log.push(`visit ${item}`);
    });
    expect(log).toEqual(['fetch a', 'fetch b', 'visit a', 'fetch c', 'visit b', 'visit c']);
  });

  it('throws a failed read ahead on the next turn, after the item before it was visited', async () => {
    const visited: number[] = [];
    async function* source() {
      yield 1;
      throw new Error('the store went away');
    }
    await expect(forEachReadingAhead(source(), (n) => void visited.push(n))).rejects.toThrow('went away');
    expect(visited).toEqual([1]);
  });
});
