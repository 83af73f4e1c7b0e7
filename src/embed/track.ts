// Reports card events to the service and remembers clicked headlines; no cookies, nothing about the reader.

/** Wraps a callback the browser calls later, so nothing it does can throw into the host page. */
export const safe =
  <A extends unknown[]>(fn: (...args: A) => void) =>
  (...args: A): void => {
    try {
      fn(...args);
    } catch {
      // The host page must never see our errors.
    }
  };

/** A random id for one page view (16 bytes, base64url), so the service can count each card once. */
export const pageViewId = (): string =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export interface EventBody {
  token: string;
  type: 'impression' | 'viewable' | 'click';
  items: string[];
  impressionId: string;
}

/** text/plain needs no CORS preflight; sendBeacon survives the navigation a click starts. */
export function send(origin: string, body: EventBody): void {
  const url = `${origin}/v1/events`;
  const data = JSON.stringify(body);
  try {
    if (navigator.sendBeacon(url, new Blob([data], { type: 'text/plain' }))) return;
  } catch {
    // No sendBeacon, or it refused the payload: fall back to fetch.
  }
  fetch(url, {
    method: 'POST',
    keepalive: true,
    credentials: 'omit',
    body: data,
    headers: { 'Content-Type': 'text/plain' },
  }).catch(() => {});
}

const CLICKED = 'citesteSi.clicked';

/** Ids of headlines this reader clicked on this site, oldest first (storage may be blocked). */
export function clickedIds(): string[] {
  try {
    const ids: unknown = JSON.parse(localStorage.getItem(CLICKED) || '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberClick(id: string): void {
  try {
    const ids = clickedIds().filter((x) => x !== id);
    ids.push(id);
    localStorage.setItem(CLICKED, JSON.stringify(ids.slice(-100)));
  } catch {
    // Blocked storage: the headline may simply show again.
  }
}

/**
 * Calls `report` with the ids of cards that stayed at least half on screen for one continuous second,
 * batched over 200 ms. Returns a function that flushes what is waiting; `stop` ends the watch.
 */
export function watchViewable(
  cards: Map<Element, string>,
  report: (ids: string[]) => void,
): { flush: () => void; stop: () => void } {
  const timers = new Map<Element, number>();
  let batch: string[] = [];
  let batchTimer = 0;
  const flush = () => {
    clearTimeout(batchTimer);
    batchTimer = 0;
    if (batch.length) report(batch);
    batch = [];
  };
  if (!('IntersectionObserver' in window)) return { flush, stop: flush };

  const seen = safe((card: Element) => {
    // A hidden tab is not a reader looking at the card: wait for another full second.
    if (document.hidden) return void timers.set(card, window.setTimeout(seen, 1000, card));
    io.unobserve(card);
    batch.push(cards.get(card) || '');
    if (!batchTimer) batchTimer = window.setTimeout(safe(flush), 200);
  });
  const io = new IntersectionObserver(
    safe((entries: IntersectionObserverEntry[]) => {
      for (const e of entries) {
        if (e.isIntersecting && e.intersectionRatio >= 0.5) {
          if (!timers.has(e.target)) timers.set(e.target, window.setTimeout(seen, 1000, e.target));
        } else {
          clearTimeout(timers.get(e.target));
          timers.delete(e.target);
        }
      }
    }),
    { threshold: [0, 0.5] },
  );
  for (const card of cards.keys()) io.observe(card);
  return {
    flush,
    stop: () => {
      io.disconnect();
      for (const t of timers.values()) clearTimeout(t);
      flush();
    },
  };
}
