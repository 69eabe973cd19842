import type { CardDocument } from './card-document.js';

/** Markdown text that shows as written: the characters Markdown would act on are escaped. */
export function mdEscape(s: string): string {
  return s.replace(/([\\`*_{}[\]<>#|!~])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** A card as Markdown (GitHub-flavoured tables). */
export function cardMarkdown(doc: CardDocument): string {
  const out = [`# ${mdEscape(doc.title)}`, ''];
  for (const [k, v] of doc.facts) out.push(`- **${mdEscape(k)}:** ${mdEscape(v)}`);
  if (doc.note) out.push('', `> ${mdEscape(doc.note)}`);
  for (const s of doc.sections) {
    out.push('', `## ${mdEscape(s.title)}`, '');
    for (const [k, v] of s.fields) out.push(`- **${mdEscape(k)}:** ${mdEscape(v)}`);
    for (const t of s.tables) {
      if (t.rows.length === 0) continue;
      if (out.at(-1) !== '') out.push('');
      if (t.title) out.push(`**${mdEscape(t.title)}**`, '');
      out.push(`| ${t.header.map(mdEscape).join(' | ')} |`, `|${t.header.map(() => ' --- |').join('')}`);
      for (const r of t.rows) out.push(`| ${r.map(mdEscape).join(' | ')} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Text for HTML content and attribute values. */
export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Print-ready: A4 pages with margins, sections kept whole where they fit, table headers repeated
// on each page; no fonts, images or scripts from anywhere, so the file prints offline as it is.
const STYLE = `
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1b1f24; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 18pt; margin: 0 0 6pt; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; border-bottom: 1px solid #c9ced6; padding-bottom: 2pt; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 12pt; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border: 1px solid #c9ced6; padding: 3pt 6pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead { display: table-header-group; }
th { background: #eef1f5; }
.note { border-left: 3pt solid #8a94a3; padding: 2pt 8pt; color: #444c56; }
section { break-inside: avoid-page; }
h2, h3 { break-after: avoid-page; }
tr { break-inside: avoid; }
@media print { body { max-width: none; } a { color: inherit; text-decoration: none; } }
`;

/** A card as one self-contained HTML page, ready to print to PDF. Every text is escaped. */
export function cardHtml(doc: CardDocument): string {
  const e = htmlEscape;
  const dl = (rows: readonly (readonly [string, string])[]) =>
    rows.length ? `<dl>${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>` : '';
  const body = [
    `<h1>${e(doc.title)}</h1>`,
    dl(doc.facts),
    doc.note ? `<p class="note">${e(doc.note)}</p>` : '',
    ...doc.sections.map((s) =>
      [
        `<section><h2>${e(s.title)}</h2>`,
        dl(s.fields),
        ...s.tables
          .filter((t) => t.rows.length > 0)
          .map(
            (t) =>
              `${t.title ? `<h3>${e(t.title)}</h3>` : ''}<table><thead><tr>${t.header.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
                .map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`)
                .join('')}</tbody></table>`,
          ),
        '</section>',
      ].join('\n'),
    ),
  ].filter(Boolean);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
