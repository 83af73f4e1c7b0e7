// Field names of the daily counter hashes, shared by both stores so they count and read alike.
import type {
  DailyCount,
  EventRecord,
  HeadlineDailyCount,
  HeadlineStatsDelta,
  VariantDailyCount,
} from './types.js';

type Counts = { widgetLoads: number; impressions: number; viewable: number; clicks: number };

const COUNTER: Record<string, keyof Counts> = {
  w: 'widgetLoads',
  i: 'impressions',
  v: 'viewable',
  c: 'clicks',
};

/** Groups "a|b|…|letter" fields by their key part (everything before the letter). */
function group<T extends Counts>(
  flat: Record<string, string>,
  parts: number,
  make: (key: string[]) => T | undefined,
): T[] {
  const rows = new Map<string, T>();
  for (const [field, value] of Object.entries(flat)) {
    const cut = field.lastIndexOf('|');
    const counter = COUNTER[field.slice(cut + 1)];
    const head = field.slice(0, cut);
    const key = head.split('|');
    if (counter === undefined || key.length !== parts) continue;
    let row = rows.get(head);
    if (row === undefined) {
      row = make(key);
      if (row === undefined) continue;
      rows.set(head, row);
    }
    row[counter] = Number(value);
  }
  return [...rows.values()];
}

/** "publisher|outlet|letter" → rows of one day. */
export function parseDailyFields(day: string, flat: Record<string, string>): DailyCount[] {
  return group(flat, 2, ([publisherId = '', outletId = '']) => ({
    day,
    publisherId,
    outletId,
    widgetLoads: 0,
    impressions: 0,
    viewable: 0,
    clicks: 0,
  }));
}

/** "publisher|outlet|headline|letter" → rows of one day, of one publisher when given. */
export function parseHeadlineFields(
  day: string,
  flat: Record<string, string>,
  publisher?: string,
): HeadlineDailyCount[] {
  return group(flat, 3, ([publisherId = '', outletId = '', headlineId = '']) =>
    publisher !== undefined && publisherId !== publisher
      ? undefined
      : { day, publisherId, outletId, headlineId, widgetLoads: 0, impressions: 0, viewable: 0, clicks: 0 },
  ).map(({ widgetLoads: _, ...row }) => row);
}

/** "publisher|variant|letter" → rows of one day, of one publisher when given. */
export function parseVariantFields(
  day: string,
  flat: Record<string, string>,
  publisher?: string,
): VariantDailyCount[] {
  return group(flat, 2, ([publisherId = '', variant = '0']) =>
    publisher !== undefined && publisherId !== publisher
      ? undefined
      : {
          day,
          publisherId,
          variant: Number(variant),
          widgetLoads: 0,
          impressions: 0,
          viewable: 0,
          clicks: 0,
        },
  );
}

/** Counts one counted event of a headline into per-headline deltas. */
export function bump(into: Map<string, HeadlineStatsDelta>, id: string, type: EventRecord['type']): void {
  let s = into.get(id);
  if (!s) {
    s = { id, impressions: 0, viewable: 0, clicks: 0 };
    into.set(id, s);
  }
  if (type === 'impression') s.impressions += 1;
  else if (type === 'viewable') s.viewable += 1;
  else s.clicks += 1;
}
