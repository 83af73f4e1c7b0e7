// The "Citește și" embed: fills every [data-citeste-si] box with partner headlines, lazily, in a shadow root.
import { readArticle } from './page';
import { el, fill, frame, type Options, usable } from './render';
import { clickedIds, pageViewId, rememberClick, safe, send, watchViewable } from './track';

interface Box {
  host: Element;
  /** Sends viewable events still waiting in their batch. */
  flush(): void;
  /** Forgets the box: cancels its request and timers (refresh() or a page change). */
  stop(): void;
}

declare global {
  interface Window {
    citesteSi?: { refresh(): void };
  }
}

const PUBLISHER = /^[a-z0-9][a-z0-9-]{1,39}$/;
const NEAR_VIEWPORT = '600px 0px';
const TIMEOUT_MS = 5000;

const number = (value: string | undefined, min: number, max: number, fallback: number): number => {
  const n = Number.parseInt(value || '', 10);
  return n >= min && n <= max ? n : fallback;
};

function options(host: HTMLElement): Options | undefined {
  const d = host.dataset;
  const publisher = d.publisher || '';
  if (!PUBLISHER.test(publisher)) return undefined;
  const list = d.layout === 'list';
  return {
    publisher,
    limit: number(d.limit, 1, 20, 0),
    list,
    columns: number(d.columns, 1, 6, list ? 1 : 3),
  };
}

/**
 * Runs `fn` once, when the element comes within 600px of the viewport, or with `below` when it is wholly
 * below the viewport, where resizing it moves nothing the reader sees. Without IntersectionObserver: at once.
 */
function once(target: Element, fn: () => void, below?: boolean): () => void {
  if (!('IntersectionObserver' in window)) {
    fn();
    return () => {};
  }
  const io = new IntersectionObserver(
    safe((entries: IntersectionObserverEntry[]) => {
      const e = entries[entries.length - 1];
      if (e && (below ? !e.isIntersecting && e.boundingClientRect.top > 0 : e.isIntersecting)) {
        io.disconnect();
        fn();
      }
    }),
    below ? {} : { rootMargin: NEAR_VIEWPORT },
  );
  io.observe(target);
  return () => io.disconnect();
}

function start(origin: string): void {
  let boxes: Box[] = [];
  let impressionId = pageViewId();
  /** Ids already on this page, so a second box shows other headlines. */
  let shown: string[] = [];

  function mount(host: HTMLElement, o: Options): Box {
    const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
    const section = frame(root, o);
    const ctl = new AbortController();
    // Events of this rendering keep its page view id, even if refresh() has started another.
    const view = impressionId;
    let stopped = false;
    let views = { flush: () => {}, stop: () => {} };
    let release = () => {};

    const load = async () => {
      const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
      let items: ReturnType<typeof usable> = [];
      let answer: { token?: unknown; title?: unknown; items?: unknown } = {};
      try {
        const article = readArticle();
        // pv: the page view, so a publisher's experiment keeps one reader's view on one variant.
        const query = new URLSearchParams({
          publisher: o.publisher,
          url: article.url,
          title: article.title,
          pv: view,
        });
        if (article.section) query.set('section', article.section);
        if (article.keywords) query.set('keywords', article.keywords);
        if (o.limit) query.set('limit', String(o.limit));
        // The API takes at most 50 ids: the latest clicks first, then what other boxes show.
        const exclude = clickedIds().slice(-50).reverse().concat(shown).slice(0, 50);
        if (exclude.length) query.set('exclude', exclude.join(','));
        const res = await fetch(`${origin}/v1/widget?${query}`, { signal: ctl.signal, credentials: 'omit' });
        if (res.ok) answer = await res.json();
        if (typeof answer.token === 'string') items = usable(answer.items);
      } catch {
        // Unknown publisher, network error, timeout: the box stays empty.
      }
      clearTimeout(timer);
      if (stopped) return;
      // Keep the reserved height while the box is on screen; give back what is unused once it is below.
      section.style.minHeight = `${section.offsetHeight}px`;
      release = once(
        host,
        () => {
          section.style.minHeight = '';
        },
        true,
      );
      if (!items.length) {
        // Nothing to show: an empty box, and the publisher's own fallback content, if any, reappears.
        section.textContent = '';
        el('slot', section);
        return;
      }
      const token = String(answer.token);
      const ids = items.map((i) => i.id);
      shown = shown.concat(ids);
      const cards = fill(section, answer.title, items, origin);
      const report = (type: 'impression' | 'viewable' | 'click', list: string[]) =>
        send(origin, { token, type, items: list, impressionId: view });
      report('impression', ids);
      for (const [card, id] of cards) {
        const click = safe((e: MouseEvent) => {
          if (e.type === 'auxclick' && e.button !== 1) return;
          rememberClick(id);
          report('click', [id]);
        });
        card.addEventListener('click', click as EventListener);
        card.addEventListener('auxclick', click as EventListener);
      }
      views = watchViewable(cards, (list) => report('viewable', list));
    };

    const cancelNear = once(host, () => {
      load().catch(() => {});
    });
    return {
      host,
      flush: () => views.flush(),
      stop: () => {
        stopped = true;
        ctl.abort();
        cancelNear();
        release();
        views.stop();
      },
    };
  }

  /** Mounts every box not mounted yet (boxes parsed after this script ran, or added by the page). */
  const scan = safe(() => {
    for (const host of document.querySelectorAll<HTMLElement>('[data-citeste-si]')) {
      const o = options(host);
      if (o && !boxes.some((b) => b.host === host)) boxes.push(mount(host, o));
    }
  });

  window.citesteSi = {
    /** For single-page sites: the page now shows another article; render every box for it. */
    refresh: safe(() => {
      for (const box of boxes) box.stop();
      boxes = [];
      shown = [];
      impressionId = pageViewId();
      scan();
    }),
  };
  scan();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  document.addEventListener(
    'visibilitychange',
    safe(() => {
      if (document.hidden) for (const box of boxes) box.flush();
    }),
  );
}

try {
  // Captured now: document.currentScript is only set while this script first runs.
  const script = document.currentScript as HTMLScriptElement | null;
  if (!window.citesteSi && script && script.src) start(new URL(script.src).origin);
} catch {
  // Never into the host page.
}
