import { describe, expect, it } from 'vitest';
import { seeded } from '../ranking/test-fixtures.js';
import { parseTime } from './calendar.js';

describe('parseTime', () => {
  it('reads every time as Date.parse does', () => {
    const random = seeded(3);
    const texts = [
      '2026-11-29T09:00:00.000Z',
      '2026-02-28T23:59:59.999Z',
      '2026-02-29T10:00:00.000Z',
      '2026-02-30T10:00:00.000Z',
      '2024-02-29T24:00:00.000Z',
      '2026-13-01T10:00:00.000Z',
      '2026-00-10T10:00:00.000Z',
      '0099-01-01T00:00:00.000Z',
      '2026-11-29T09:60:00.000Z',
      '2026-11-29T09:00:61.000Z',
      '2026-11-29T09:00:00Z',
      '2026-11-29T11:00:00+02:00',
      '2026-11-29T09:00:00.000+00:00',
      '2026-1a-29T09:00:00.000Z',
      '2026-11-29 09:00:00.000Z',
      'not a date at all, 24 ch',
      '',
    ];
    for (let i = 0; i < 5000; i++) texts.push(new Date(Math.floor(random() * 4e12)).toISOString());
    for (const text of texts) expect([text, parseTime(text)]).toEqual([text, Date.parse(text)]);
  });
});
