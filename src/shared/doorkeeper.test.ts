import { describe, expect, it } from 'vitest';
import { Doorkeeper } from './doorkeeper.js';

describe('Doorkeeper', () => {
  it('admits a key on its second sight, not its first', () => {
    const door = new Doorkeeper(8);
    expect(door.admit('/v1/widget?title=Alegeri')).toBe(false);
    expect(door.admit('/v1/widget?title=Alegeri')).toBe(true);
    expect(door.admit('/v1/widget?title=Alegeri')).toBe(true);
    expect(door.admit('/v1/widget?title=Buget')).toBe(false);
  });

  it('admits every key of a working set on its second sight, whatever its hash', () => {
    const door = new Doorkeeper();
    const keys = Array.from(
      { length: 1_000 },
      (_, i) => `/v1/widget?publisher=evz&url=https://evz.ro/a/${i}`,
    );
    for (const key of keys) door.admit(key);
    expect(keys.filter((key) => door.admit(key)).length).toBeGreaterThan(990);
  });

  it('forgets old keys as new ones take their slots, in a table of fixed size', () => {
    const door = new Doorkeeper(4);
    door.admit('first');
    for (let i = 0; i < 1_000; i++) door.admit(`stranger ${i}`);
    expect(door.admit('first')).toBe(false);
    let admitted = 0;
    for (let i = 0; i < 1_000; i++) if (door.admit(`another ${i}`)) admitted++;
    expect(admitted).toBeLessThan(5);
  });
});
