// The box inside its shadow root: styles, placeholder cards that reserve the space, and the real cards.

export interface Item {
  id: string;
  url: string;
  title: string;
  imageUrl?: string;
  /** Card-sized versions of the image, served by the service. */
  thumbnail?: { src?: unknown; srcset?: unknown };
  outlet: { name: string; logoUrl?: string };
}

export interface Options {
  publisher: string;
  /** 0: the publisher's own setting decides. */
  limit: number;
  list: boolean;
  columns: number;
}

// Every height is fixed (one-line heading, three-line titles, 16:9 tiles), so the placeholders
// take exactly the space of the cards and nothing below the box moves when they arrive.
const CSS =
  ':host{all:initial;display:block;font-family:var(--cs-font,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif);color:var(--cs-text,#1b1d21);' +
  '}' +
  'aside{background:var(--cs-bg,transparent);padding:var(--cs-padding,0)}' +
  'h2{margin:0 0 14px;padding-top:8px;height:20px;border-top:3px solid var(--cs-accent,#c8102e);font-size:13px;line-height:20px;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:var(--cs-accent,#c8102e);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}' +
  'ul{display:grid;gap:var(--cs-gap,18px);grid-template-columns:repeat(auto-fill,minmax(max(var(--m),calc((100% - (var(--c) - 1)*var(--cs-gap,18px))/var(--c))),1fr));margin:0;padding:0;list-style:none}' +
  'a{display:flex;flex-direction:column;height:100%;color:inherit;text-decoration:none;border-radius:var(--cs-radius,6px);outline-offset:3px}' +
  'a[href]:focus-visible{outline:2px solid var(--cs-accent,#c8102e)}a[href]:hover .t{color:var(--cs-accent,#c8102e)}' +
  '.i{order:-2;aspect-ratio:16/9;overflow:hidden;border-radius:var(--cs-radius,6px);background:var(--cs-tile,#e9ecef)}' +
  'img{display:block;width:100%;height:100%;object-fit:cover}.g{object-fit:contain;padding:12%;box-sizing:border-box}' +
  '.t{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;overflow:hidden;height:4.05em;margin-top:4px;font-size:15px;line-height:1.35;font-weight:600;overflow-wrap:anywhere}' +
  '.o{order:-1;height:16px;margin-top:8px;font-size:12px;line-height:16px;font-weight:600;color:var(--cs-muted,#6b717a);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}' +
  '.l a{display:grid;grid-template:auto 1fr/var(--cs-thumb,120px) 1fr;align-items:start;column-gap:12px}' +
  '.l .i{grid-area:1/1/3}.l .o{grid-area:1/2;margin:0}.l .t{grid-area:2/2}' +
  '[aria-hidden] .t,[aria-hidden] .o{border-radius:4px;background:var(--cs-tile,#e9ecef)}[aria-hidden] .o{width:40%}';

const TITLE = 'Citește și';

export const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  parent: Node,
  className?: string,
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return parent.appendChild(node);
};

/** Style, heading and one placeholder card per expected item; returns the section to fill later. */
export function frame(root: ShadowRoot, o: Options): HTMLElement {
  root.textContent = '';
  el('style', root).textContent = CSS;
  const section = el('aside', root, o.list ? 'l' : '');
  section.style.setProperty('--c', String(o.columns));
  section.style.setProperty('--m', o.list ? '280px' : '150px');
  el('h2', section).textContent = TITLE;
  const ul = el('ul', section);
  ul.setAttribute('aria-hidden', 'true');
  for (let i = 0; i < (o.limit || 6); i++) tile(el('a', el('li', ul)));
  return section;
}

const tile = (a: HTMLAnchorElement) => [el('span', a, 'i'), el('span', a, 't'), el('span', a, 'o')];

const web = (url: unknown): url is string => typeof url === 'string' && /^https?:\/\//i.test(url);

/** The items that are safe to show: well-formed, with an http(s) link. */
export const usable = (items: unknown): Item[] =>
  Array.isArray(items)
    ? items.filter(
        (i: Item) => i && typeof i.id === 'string' && typeof i.title === 'string' && i.outlet && web(i.url),
      )
    : [];

/**
 * Replaces the placeholders with the cards; returns each card's link element with its item id. Thumbnail paths
 * are relative to the service (`origin`) unless it has a PUBLIC_URL.
 */
export function fill(
  section: HTMLElement,
  title: unknown,
  items: Item[],
  origin: string,
): Map<Element, string> {
  const cards = new Map<Element, string>();
  const [heading, old] = section.children;
  if (heading) {
    heading.id = 'h';
    heading.textContent = typeof title === 'string' && title ? title : TITLE;
  }
  section.setAttribute('aria-labelledby', 'h');
  const ul = document.createElement('ul');
  // Cards take the placeholders' place exactly, so a placeholder tile's width is the image's display width.
  const width = (old?.querySelector('.i') as HTMLElement | null)?.offsetWidth;
  for (const item of items) {
    const a = el('a', el('li', ul));
    a.href = item.url;
    a.rel = 'noopener';
    const [image, text, outlet] = tile(a);
    const thumb = item.thumbnail;
    const at = (path: unknown) => (typeof path === 'string' && path[0] === '/' ? origin + path : path);
    if (thumb) {
      thumb.src = at(thumb.src);
      if (typeof thumb.srcset === 'string') thumb.srcset = thumb.srcset.split(', ').map(at).join(', ');
    }
    const small = thumb && web(thumb.src);
    // The thumbnail (else the original image), then the outlet's logo, then the bare tile.
    const logo = item.outlet.logoUrl;
    const sources = [small ? thumb.src : item.imageUrl, logo].filter(web);
    if (image && sources.length) {
      const img = el('img', image);
      // The title says what the picture shows; an alt repeating it would be read twice.
      img.alt = '';
      img.loading = 'lazy';
      img.decoding = 'async';
      img.referrerPolicy = 'no-referrer';
      if (small && typeof thumb.srcset === 'string') {
        img.srcset = thumb.srcset;
        img.sizes = `${width || 320}px`;
      }
      const next = () => {
        const src = sources.shift();
        if (!src) return img.remove();
        if (src === logo) img.className = 'g';
        img.src = src;
      };
      img.onerror = () => {
        img.removeAttribute('srcset');
        next();
      };
      next();
    }
    if (text) text.textContent = item.title;
    if (outlet) outlet.textContent = String(item.outlet.name);
    cards.set(a, item.id);
  }
  if (old) section.replaceChild(ul, old);
  return cards;
}
