import { describe, expect, it } from 'vitest';
import { headline, slotOf, stagesOf } from './test-fixtures.js';

describe('Stories', () => {
  const xi = headline('adevarul', 'Xi Jinping sprijină Rusia în obținerea de garanții de securitate', {
    category: 'Externe',
    ageHours: 20,
  });
  const videoconference = headline(
    'romaniatv',
    'Putin și Xi Jinping, videoconferință de o oră despre relațiile ruso-chineze',
    { category: 'Externe', ageHours: 2 },
  );
  const weekOld = headline('digi24', 'Xi Jinping, vizită la Moscova: Putin îl primește la Kremlin', {
    category: 'Externe',
    ageHours: 70,
  });
  const other = headline('hotnews', 'Ucraina cere noi sisteme de apărare aeriană', { category: 'Externe' });
  const bnr = headline('digi24', 'BNR a menținut dobânda de politică monetară la 6,5%');
  const bnrCopy = headline('mediafax', 'BNR a menţinut dobânda de politica monetara la 6,5%', {
    ageHours: 90,
  });
  const s = stagesOf([xi, videoconference, weekOld, other, bnr, bnrCopy]);
  const same = (a: typeof xi, b: typeof xi) => {
    const x = slotOf(s, a);
    const y = slotOf(s, b);
    return s.stories.same(x, s.arena.titleIds(x), y, s.arena.titleIds(y));
  };

  it('is one story when most title words are shared, whenever published', () => {
    expect(same(bnr, bnrCopy)).toBe(true);
  });

  it('is one story when two outlets share rare names within two days', () => {
    expect(same(xi, videoconference)).toBe(true);
    expect(same(videoconference, weekOld)).toBe(false);
    expect(same(xi, other)).toBe(false);
  });
});
