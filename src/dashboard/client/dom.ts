// DOM shortcuts: elements of the page shell by id, new elements with text set through textContent.

/** An element of the page shell (src/dashboard/page.ts); its absence is a bug in the shell. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`dashboard: no #${id} in the page`);
  return node as T;
}

export const input = (id: string): HTMLInputElement => byId<HTMLInputElement>(id);

/** The first tbody of a table of the shell. */
export function tableBody(id: string): HTMLTableSectionElement {
  const body = byId<HTMLTableElement>(id).tBodies[0];
  if (!body) throw new Error(`dashboard: #${id} has no tbody`);
  return body;
}

type Attrs = { text?: string; className?: string } & Record<string, string>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | null | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'className') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function status(text: string): void {
  byId('status').textContent = text;
}
