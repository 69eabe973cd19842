/** Escapes text for an SVG (XML) text node or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A coordinate rounded to 0.01 px, so output is stable and short. */
export function px(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** An element with attributes (escaped) and optional children (already SVG). */
export function element(name: string, attrs: Record<string, string | number | undefined>, children?: string): string {
  const parts = [name];
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    parts.push(`${key}="${escapeXml(typeof value === 'number' ? px(value) : value)}"`);
  }
  const open = parts.join(' ');
  return children === undefined ? `<${open}/>` : `<${open}>${children}</${name}>`;
}

/** A `<text>` element whose content is escaped. */
export function textElement(attrs: Record<string, string | number | undefined>, text: string): string {
  return element('text', attrs, escapeXml(text));
}
