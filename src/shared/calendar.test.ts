import { describe, expect, it } from 'vitest';
import { seeded } from '../ranking/test-fixtures.js';
import { bucharestDay, parseTime } from './calendar.js';

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

describe('bucharestDay', () => {
  const zone = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Bucharest',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });

  it('gives the zone’s own day around midnights and both clock changes, asked in any order', () => {
    const around = [
      Date.parse('2026-03-28T21:00:00Z'), // 29 March, spring forward at 03:00 local
      Date.parse('2026-10-24T20:00:00Z'), // 25 October, fall back at 04:00 local
      Date.parse('2026-12-31T21:00:00Z'), // new year, local midnight
    ];
    const times: number[] = [];
    for (const start of around)
      for (let ms = start - 3 * 3_600_000; ms <= start + 8 * 3_600_000; ms += 59_999) times.push(ms);
    // Forward, then backward, then jumping: the remembered minute must never answer for another.
    const orders = [times, [...times].reverse(), times.map((_, i) => times[(i * 7919) % times.length] ?? 0)];
    for (const order of orders)
      for (const ms of order) expect(bucharestDay(ms)).toBe(zone.format(new Date(ms)));
  });
});
