// FNV-1a, the one 32-bit string hash of the service: cheap, stable across processes and versions (tokens and
// URLs carry values of it), not for anything a stranger may want to collide.

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a of the UTF-16 code units of `text[from, to)`, unsigned. */
export function fnv1a(text: string, from = 0, to = text.length): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}
