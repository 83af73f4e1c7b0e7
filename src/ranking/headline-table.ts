// The headline table: live headlines in slots (struct of arrays), their served fields, and the lookups
// by id, URL, partner and publication time. A removed slot is reused only after `releaseDead` (the
// index's compaction), once posting lists and recency lists no longer name it.
//
// Headlines are not kept as objects: per slot only the served fields (id, url, title, image, category
// name shared per spelling; partner by id; the three times as numbers, text kept only when it is not
// what toISOString() gives back). `headlineAt` builds a Headline of those fields: summary and tags are
// not served and live on only as terms in the arena (which is what a stored host article's query uses).
import type { Headline } from '../domain.js';
import { parseTime } from '../shared/calendar.js';
import { MAX_SLOTS } from './postings.js';
import { foldKey } from './text.js';
import { TimeList } from './time-list.js';
import { grow } from './typed.js';
import type { HeadlineKind, RankingOptions } from './types.js';
import { urlKey } from './urls.js';

const ISO_SHAPE = '0000-00-00T00:00:00.000Z';
/** Category spellings whose folded key is remembered. */
const CATEGORY_KEYS = 10_000;

/** Whether `text` is what toISOString() makes of `ms` (by its shape; days past the 28th compared in full). */
function isoOf(ms: number, text: string): boolean {
  if (text.length !== 24 || !Number.isFinite(ms)) return false;
  for (let i = 0; i < 24; i++) {
    const c = text.charCodeAt(i);
    const want = ISO_SHAPE.charCodeAt(i);
    if (want === 48 ? c < 48 || c > 57 : c !== want) return false;
  }
  const day = 10 * (text.charCodeAt(8) - 48) + text.charCodeAt(9) - 48;
  const hour = 10 * (text.charCodeAt(11) - 48) + text.charCodeAt(12) - 48;
  return (day <= 28 && hour < 24) || new Date(ms).toISOString() === text;
}

/**
 * A headline's three times (published, expires, updated) as parsed, ms (NaN when unreadable), at `at` of
 * `out`; returns whether one of them is not the text toISOString() gives back (then kept as sent).
 */
export function parseTimes(h: Headline, out: Float64Array, at: number): boolean {
  const pub = parseTime(h.publishedAt);
  const exp = parseTime(h.expiresAt);
  const upd = parseTime(h.updatedAt);
  out[at] = pub;
  out[at + 1] = exp;
  out[at + 2] = upd;
  return !isoOf(pub, h.publishedAt) || !isoOf(exp, h.expiresAt) || !isoOf(upd, h.updatedAt);
}

export class HeadlineTable {
  private readonly defaultHalfLife: number;
  private readonly halfLives = new Map<string, number>();

  /** Slots allocated so far (typed arrays below hold at least this many). */
  capacity = 0;
  /** Slots ever handed out: every slot below is live, dead or free. */
  slotsInUse = 0;
  /** Live headlines. */
  live = 0;
  private freeSlots: number[] = [];
  private deadSlots: number[] = [];

  // The served fields of each headline: strings per slot, times in the typed arrays.
  ids: Array<string | undefined> = [];
  private titles: string[] = [];
  private urls: string[] = [];
  private urlKeys: string[] = [];
  private images: Array<string | undefined> = [];
  private categories: Array<string | undefined> = [];
  private readonly categoryNames = new Map<string, string>();
  /** Folded key per category spelling seen (a stream has a few hundred; cleared past CATEGORY_KEYS). */
  private readonly categoryKeys = new Map<string, string>();
  private partnerNames: string[] = [];
  /** Times whose text is not what toISOString() gives back (kept as sent): slot → [published, expires, updated]. */
  private readonly oddTimes = new Map<number, [string, string, string]>();
  /** Room for one headline's parsed times (store). */
  private readonly times = new Float64Array(3);
  alive = new Uint8Array(0);
  pub = new Float64Array(0);
  exp = new Float64Array(0);
  private upd = new Float64Array(0);
  halfLife = new Float32Array(0);
  partner = new Int32Array(0);
  /** Per partner number: its live headlines. */
  private livePerPartner = new Int32Array(0);

  // Lookups.
  private readonly byId = new Map<string, number>();
  private readonly byUrl = new Map<string, number | number[]>();
  private readonly partnerIds = new Map<string, number>();
  /** Every slot by publication time, for freshest-first fallbacks. */
  readonly byTime = new TimeList();

  constructor(options: RankingOptions) {
    this.defaultHalfLife = options.halfLifeHours;
    for (const [k, v] of Object.entries(options.categoryHalfLifeHours ?? {}))
      this.halfLives.set(foldKey(k), v);
  }

  /** The folded key of a category name (foldKey), remembered per spelling: every headline asks for it. */
  categoryKey(category: string): string {
    let key = this.categoryKeys.get(category);
    if (key === undefined) {
      if (this.categoryKeys.size >= CATEGORY_KEYS) this.categoryKeys.clear();
      key = foldKey(category);
      this.categoryKeys.set(category, key);
    }
    return key;
  }

  /** A slot for a new headline (counted live at once); the typed arrays grow to `capacity`. */
  allocate(): number {
    const slot = this.freeSlots.pop() ?? this.slotsInUse++;
    const n = slot + 1;
    if (n > this.capacity) {
      if (n > MAX_SLOTS) throw new RangeError('HeadlineIndex: too many headlines');
      const c = Math.max(n, this.capacity * 2, 1024);
      this.alive = grow(this.alive, c, (k) => new Uint8Array(k));
      this.pub = grow(this.pub, c, (k) => new Float64Array(k));
      this.exp = grow(this.exp, c, (k) => new Float64Array(k));
      this.upd = grow(this.upd, c, (k) => new Float64Array(k));
      this.halfLife = grow(this.halfLife, c, (k) => new Float32Array(k));
      this.partner = grow(this.partner, c, (k) => new Int32Array(k));
      this.capacity = c;
    }
    this.live++;
    return slot;
  }

  /** Stores the served fields of `h` (category folded to `catKey`) in its slot, findable by id and URL. */
  store(slot: number, h: Headline, catKey: string): void {
    const odd = parseTimes(h, this.times, 0);
    this.storeParsed(slot, h, catKey, this.times, 0, odd);
  }

  /** `store` with the headline's times already parsed (parseTimes: at `at` of `times`, `odd` its answer). */
  storeParsed(
    slot: number,
    h: Headline,
    catKey: string,
    times: Float64Array,
    at: number,
    odd: boolean,
  ): void {
    const pubMs = times[at] ?? Number.NaN;
    const expMs = times[at + 1] ?? Number.NaN;
    const updMs = times[at + 2] ?? Number.NaN;
    this.ids[slot] = h.id;
    this.titles[slot] = h.title;
    this.urls[slot] = h.url;
    this.images[slot] = h.imageUrl;
    let category = h.category;
    if (category !== undefined) {
      const shared = this.categoryNames.get(category);
      if (shared !== undefined) category = shared;
      else {
        // Sharing one string per spelling saves memory; a flood of spellings only stops the sharing.
        if (this.categoryNames.size >= CATEGORY_KEYS) this.categoryNames.clear();
        this.categoryNames.set(category, category);
      }
    }
    this.categories[slot] = category;
    this.alive[slot] = 1;
    this.pub[slot] = Number.isFinite(pubMs) ? pubMs : 0;
    this.exp[slot] = Number.isNaN(expMs) ? Number.POSITIVE_INFINITY : expMs;
    this.upd[slot] = updMs;
    if (odd) this.oddTimes.set(slot, [h.publishedAt, h.expiresAt, h.updatedAt]);
    this.halfLife[slot] = this.halfLives.get(catKey) ?? this.defaultHalfLife;
    let partner = this.partnerIds.get(h.partnerId);
    if (partner === undefined) {
      partner = this.partnerIds.size;
      this.partnerIds.set(h.partnerId, partner);
      this.partnerNames.push(h.partnerId);
      this.livePerPartner = grow(this.livePerPartner, partner + 1, (k) => new Int32Array(k));
    }
    this.partner[slot] = partner;
    this.livePerPartner[partner] = (this.livePerPartner[partner] ?? 0) + 1;
    const key = urlKey(h.url);
    this.urlKeys[slot] = key === h.url ? h.url : key;
    this.byId.set(h.id, slot);
    const urls = this.byUrl.get(key);
    if (urls === undefined) this.byUrl.set(key, slot);
    else if (typeof urls === 'number') this.byUrl.set(key, [urls, slot]);
    else urls.push(slot);
    this.byTime.insert(slot, this.pub[slot] ?? 0);
  }

  /** The live slot of a headline id. */
  slotOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** Whether a headline is live, unexpired at `nowMs` and still at the version (updatedAt ms) given. */
  isCurrent(id: string, updatedMs: number, nowMs: number): boolean {
    const slot = this.byId.get(id);
    return slot !== undefined && this.upd[slot] === updatedMs && (this.exp[slot] ?? 0) > nowMs;
  }

  /** The slots stored under a URL's comparison key (one number, or several for one URL). */
  slotsAt(key: string): number | number[] | undefined {
    return this.byUrl.get(key);
  }

  /** Partner number of a partner id (undefined: no headline of it was ever stored). */
  partnerOf(partnerId: string): number | undefined {
    return this.partnerIds.get(partnerId);
  }

  get partners(): number {
    return this.partnerIds.size;
  }

  /** Live headlines of a partner number. */
  liveOf(partner: number): number {
    return this.livePerPartner[partner] ?? 0;
  }

  /**
   * Takes the headline out of the lookups and marks its slot dead; its slot, or undefined when it was not
   * live. The slot waits in the dead list for `releaseDead`.
   */
  remove(id: string): number | undefined {
    const slot = this.byId.get(id);
    if (slot === undefined) return undefined;
    this.byId.delete(id);
    if (this.alive[slot] !== 1) return undefined;
    this.alive[slot] = 0;
    this.ids[slot] = undefined;
    this.titles[slot] = '';
    this.urls[slot] = '';
    this.images[slot] = undefined;
    this.categories[slot] = undefined;
    this.oddTimes.delete(slot);
    this.live--;
    const partner = this.partner[slot] ?? 0;
    this.livePerPartner[partner] = (this.livePerPartner[partner] ?? 1) - 1;
    const key = this.urlKeys[slot] ?? '';
    const urls = this.byUrl.get(key);
    if (urls === slot) this.byUrl.delete(key);
    else if (Array.isArray(urls)) {
      const rest = urls.filter((s) => s !== slot);
      if (rest.length === 1) this.byUrl.set(key, rest[0] ?? 0);
      else this.byUrl.set(key, rest);
    }
    this.deadSlots.push(slot);
    return slot;
  }

  /** Whether enough slots died that the index should compact. */
  get compactionDue(): boolean {
    return this.deadSlots.length > Math.max(1024, this.live / 4);
  }

  /** Dead slots become free for reuse (after every list naming them was compacted). */
  releaseDead(): void {
    this.byTime.compact((s) => this.alive[s] === 1);
    for (const s of this.deadSlots) this.urlKeys[s] = '';
    this.freeSlots.push(...this.deadSlots);
    this.deadSlots = [];
  }

  /** Ids of the live headlines expired at `nowMs`. */
  expired(nowMs: number): string[] {
    const ids: string[] = [];
    for (let s = 0; s < this.slotsInUse; s++) {
      if (this.alive[s] !== 1 || (this.exp[s] ?? 0) > nowMs) continue;
      const id = this.ids[s];
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }

  clear(): void {
    this.ids = [];
    this.titles = [];
    this.urls = [];
    this.images = [];
    this.categories = [];
    this.oddTimes.clear();
    this.urlKeys = [];
    this.alive.fill(0);
    this.slotsInUse = 0;
    this.freeSlots = [];
    this.deadSlots = [];
    this.byId.clear();
    this.byUrl.clear();
    this.byTime.clear();
    this.live = 0;
    this.livePerPartner.fill(0);
  }

  /** A live headline's id, outlet and category, without building its times and texts (as headlineAt does). */
  kindAt(slot: number): HeadlineKind | undefined {
    const id = this.ids[slot];
    if (id === undefined || this.alive[slot] !== 1) return undefined;
    const partnerId = this.partnerNames[this.partner[slot] ?? 0] ?? '';
    const category = this.categories[slot];
    return category === undefined ? { id, partnerId } : { id, partnerId, category };
  }

  /**
   * The served fields of the headline in a slot: id, partnerId, url, title, imageUrl, category and the
   * three times. Summary and tags are not kept (the index has their terms): `tags` is empty.
   */
  headlineAt(slot: number): Headline | undefined {
    const id = this.ids[slot];
    if (id === undefined || this.alive[slot] !== 1) return undefined;
    const odd = this.oddTimes.get(slot);
    const h: Headline = {
      id,
      partnerId: this.partnerNames[this.partner[slot] ?? 0] ?? '',
      url: this.urls[slot] ?? '',
      title: this.titles[slot] ?? '',
      tags: [],
      publishedAt: odd?.[0] ?? new Date(this.pub[slot] ?? 0).toISOString(),
      expiresAt: odd?.[1] ?? new Date(this.exp[slot] ?? 0).toISOString(),
      updatedAt: odd?.[2] ?? new Date(this.upd[slot] ?? 0).toISOString(),
    };
    const image = this.images[slot];
    if (image !== undefined) h.imageUrl = image;
    const category = this.categories[slot];
    if (category !== undefined) h.category = category;
    return h;
  }

  findByUrl(url: string): Headline[] {
    const out: Headline[] = [];
    const slots = this.byUrl.get(urlKey(url));
    if (slots === undefined) return out;
    for (const slot of typeof slots === 'number' ? [slots] : slots) {
      const h = this.headlineAt(slot);
      if (h !== undefined) out.push(h);
    }
    return out;
  }
}
