import { isbot } from 'isbot';
import { describe, expect, it } from 'vitest';
import { BotFilter } from './events.js';

describe('BotFilter', () => {
  it('gives isbot’s verdict, asked once or again, for short and overlong user agents', () => {
    const agents = [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'curl/8.5.0',
      '',
      `Mozilla/5.0 (X11; Linux x86_64) ${'x'.repeat(600)}`,
      `Mozilla/5.0 (compatible; bingbot/2.0) ${'y'.repeat(600)}`,
    ];
    const filter = new BotFilter();
    for (let round = 0; round < 2; round++)
      for (const ua of agents) expect([ua.slice(0, 40), filter.is(ua)]).toEqual([ua.slice(0, 40), isbot(ua)]);
    expect(agents.map((ua) => isbot(ua))).toContain(true);
    expect(agents.map((ua) => isbot(ua))).toContain(false);
  });
});
