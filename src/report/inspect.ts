/** Reading rendered charts and pages back: outside references, mark items and texts (tests, self-containment checks). */

/** Namespace URIs: names, not addresses; nothing ever fetches them. */
export const NAMESPACE_URIS = new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink', 'http://www.w3.org/1999/xhtml']);

/**
 * Every reference to something outside the document: http(s) URLs that are not namespace URIs in an
 * xmlns attribute, protocol-relative or other-scheme url()/href/src values, and @import rules.
 */
export function externalReferences(markup: string): string[] {
  const found: string[] = [];
  const withoutNamespaces = markup.replace(/\sxmlns(?::[\w-]+)?="([^"]*)"/g, (m, uri: string) => {
    if (NAMESPACE_URIS.has(uri)) return '';
    found.push(uri);
    return '';
  });
  for (const m of withoutNamespaces.matchAll(/https?:\/\/[^\s"'<>)]*/gi)) found.push(m[0]);
  for (const m of withoutNamespaces.matchAll(/url\(\s*['"]?([^)'"]*)/gi)) if (!m[1].startsWith('#')) found.push(`url(${m[1]})`);
  for (const m of withoutNamespaces.matchAll(/\s(?:xlink:)?(href|src|srcset|action|poster|data)\s*=\s*["']?([^"'\s>]*)/gi)) {
    if (!m[2].startsWith('#')) found.push(`${m[1]}=${m[2]}`);
  }
  for (const m of withoutNamespaces.matchAll(/@import[^;]*/gi)) found.push(m[0]);
  for (const m of withoutNamespaces.matchAll(/(?:^|[\s"'(=])\/\/[\w.-]+\.[a-z]{2,}/gi)) found.push(m[0].trim());
  return found;
}

/** The items of every `mark-<type>` group with role `role` (vega writes one element per item). */
export function markItems(svg: string, markType: string, role = 'mark'): string[] {
  const element = markType === 'text' ? 'text' : markType === 'rule' ? 'line' : 'path';
  const items: string[] = [];
  const open = new RegExp(`<g class="mark-${markType} role-${role}[ "][^>]*>`, 'g');
  for (const m of svg.matchAll(open)) {
    const start = m.index + m[0].length;
    const body = svg.slice(start, svg.indexOf('</g>', start));
    for (const item of body.matchAll(new RegExp(`<${element}\\b[^>]*>`, 'g'))) items.push(item[0]);
  }
  return items;
}

/** The text of every <text> element, one entry per line of multi-line text (<tspan>), unescaped. */
export function svgTexts(svg: string): string[] {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].flatMap((m) => {
    const lines = [...m[1].matchAll(/<tspan\b[^>]*>([\s\S]*?)<\/tspan>/g)].map((t) => t[1]);
    return (lines.length ? lines : [m[1]]).map((l) => unescape(l.replace(/<[^>]+>/g, '')));
  });
}
