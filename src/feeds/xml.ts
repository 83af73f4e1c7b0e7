// Turning a fetched body into XML text that is safe to parse: the right character set, and no DTD to expand.

/** The document is refused before parsing (a DTD with entity declarations: "billion laughs", XXE). */
export class HostileXmlError extends Error {
  override readonly name = 'HostileXmlError';
}

/** Decodes the body by its BOM, its XML declaration, then the Content-Type charset; UTF-8 otherwise. */
export function decodeXml(body: Buffer, contentType?: string): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return body.subarray(3).toString('utf8');
  if (body[0] === 0xff && body[1] === 0xfe) return new TextDecoder('utf-16le').decode(body.subarray(2));
  if (body[0] === 0xfe && body[1] === 0xff) return new TextDecoder('utf-16be').decode(body.subarray(2));
  const head = body.subarray(0, 256).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/.exec(head)?.[1];
  const fromHeader = /;\s*charset\s*=\s*"?([A-Za-z0-9._-]{1,40})/i.exec(contentType ?? '')?.[1];
  for (const label of [declared, fromHeader]) {
    if (!label) continue;
    try {
      // Romanian sites still serve ISO-8859-2 and windows-1250 now and then.
      return new TextDecoder(label).decode(body);
    } catch {
      // an unknown label: try the next source
    }
  }
  return body.toString('utf8');
}

// A DOCTYPE with only external identifiers (legacy RSS 0.91 feeds have one); quoted literals may hold '>'.
const PLAIN_DOCTYPE = /<!DOCTYPE(?:\s+(?:"[^"]*"|'[^']*'|[^\s"'[>]+))*\s*>/gi;

/**
 * Refuses documents that declare entities or carry a DTD internal subset, and removes plain DOCTYPEs, so no parser
 * ever sees a DTD: nothing to expand exponentially, no external entity to resolve. Real feeds never need one.
 */
export function withoutDoctype(xml: string): string {
  if (/<!ENTITY/i.test(xml)) throw new HostileXmlError('the document declares DTD entities; refused');
  const stripped = xml.replace(PLAIN_DOCTYPE, '');
  if (/<!DOCTYPE/i.test(stripped))
    throw new HostileXmlError('the document has a DTD internal subset; refused');
  return stripped;
}

/** The name of the document element (prefix included), skipping the prolog; undefined when there is none. */
export function rootElementName(xml: string): string | undefined {
  const prolog = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/.exec(xml)?.[0].length ?? 0;
  return /^<([A-Za-z_][\w.:-]*)/.exec(xml.slice(prolog, prolog + 300))?.[1];
}
