import { describe, expect, it } from 'vitest';
import { ingest } from './stages.js';
import {
  economySections,
  headline,
  nth,
  politics,
  slotOf,
  sport,
  stagesOf,
  worldSections,
} from './test-fixtures.js';

describe('DocumentTopics', () => {
  const unlabelled = nth(politics, 2);
  const s = stagesOf([...sport, ...politics]);
  const t = s.topics;
  const cat = (h: typeof unlabelled) => t.cat[slotOf(s, h)] ?? -2;
  const fotbal = cat(nth(sport, 0));
  const politica = cat(nth(politics, 0));

  it('gives one category id per folded name and keeps each category’s slots by time', () => {
    expect(cat(nth(politics, 1))).toBe(politica);
    expect(cat(unlabelled)).toBe(-1);
    expect(cat(nth(sport, 2))).not.toBe(fotbal);
    const slots: number[] = [];
    t.byCategory[politica]?.forEachNewest((slot) => slots.push(slot) > 0);
    expect(slots.sort()).toEqual([slotOf(s, nth(politics, 0)), slotOf(s, nth(politics, 1))].sort());
  });

  it('estimates a topic from the label until distributions are cached, neutral when unlabelled', () => {
    const projected = new Float64Array(t.model.categories);
    projected[fotbal] = 0.9;
    expect(t.quickTopic(slotOf(s, nth(sport, 1)), projected)).toBe(0.9);
    expect(t.quickTopic(slotOf(s, nth(politics, 0)), projected)).toBe(0);
    expect(t.quickTopic(slotOf(s, unlabelled), projected)).toBe(0.5);
  });

  it('learns what a headline is about from its label and words', () => {
    t.refreshForQuery();
    const towardsPolitics = t.model.project({ ids: [politica], p: [1] });
    const politicsSlot = slotOf(s, nth(politics, 0));
    const sportSlot = slotOf(s, nth(sport, 0));
    expect(t.affinity(politicsSlot, towardsPolitics)).toBeGreaterThan(t.affinity(sportSlot, towardsPolitics));
  });

  it('mixes the categories of the best lexical hits into a predicted topic', () => {
    t.refreshForQuery();
    const acc = new Float64Array(s.table.capacity);
    const hit = slotOf(s, nth(sport, 0));
    acc[hit] = 2;
    const mixed = t.feedback({ ids: [politica], p: [1] }, [hit], acc, 5);
    const share = new Map(mixed.ids.map((id, i) => [id, mixed.p[i] ?? 0]));
    expect(share.get(politica)).toBeGreaterThanOrEqual(0.8);
    expect([...share.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
    expect(share.get(fotbal) ?? 0).toBeGreaterThan(0);
    // No lexical hits: the prediction as it was.
    expect(t.feedback({ ids: [politica], p: [1] }, [], acc, 5)).toEqual({ ids: [politica], p: [1] });
  });

  it('forgets removed headlines in the category lists after compaction', () => {
    const local = stagesOf([headline('a', 'Meci de tenis', { category: 'Tenis' })]);
    const c = local.topics.cat[0] ?? -1;
    local.table.remove(local.table.ids[0] ?? '');
    local.topics.remove(0);
    local.topics.compact((slot) => local.table.alive[slot] === 1);
    expect(local.topics.byCategory[c]).toBeUndefined();
  });

  it('gives a headline that made its category active its label’s mass once the model refreshes', () => {
    // "Tenis" has one headline when the model learns; the second, pushed later, makes it active.
    const first = headline('prosport', 'Simona Halep câștigă turneul de la Cluj', { category: 'Tenis' });
    const second = headline('prosport', 'Halep urcă în clasamentul WTA după finala de la Cluj', {
      category: 'Tenis',
    });
    const local = stagesOf([...worldSections, ...economySections, ...sport, first]);
    local.topics.refreshForQuery();
    ingest(local, second);
    local.topics.refreshForQuery();
    const tenis = local.topics.cat[slotOf(local, second)] ?? -1;
    const towardsTennis = local.topics.model.project({ ids: [tenis], p: [1] });
    const mate = local.topics.affinity(slotOf(local, first), towardsTennis);
    expect(local.topics.affinity(slotOf(local, second), towardsTennis)).toBeGreaterThan(0.5);
    expect(local.topics.affinity(slotOf(local, second), towardsTennis)).toBeCloseTo(mate, 1);
  });
});
