/**
 * `godwit submit --dry-run`: the requests as they would go on the wire, and the files the compiled
 * pipeline expects in the cloud (which Godwit does not upload yet).
 */
import type { Upload } from '../compile/target.js';
import { formatUpload } from '../compile/uploads.js';
import type { PlannedRequest } from './submit-target.js';

export function formatPlan(requests: readonly PlannedRequest[], uploads: readonly Upload[]): string {
  const lines = ['Dry run: nothing was sent. These are the requests godwit submit would send, in order.', ''];
  requests.forEach((r, i) => {
    lines.push(`${i + 1}. ${r.service} ${r.operation}${r.when ? `, ${r.when}` : ''}`);
    lines.push(`   ${r.method} ${r.url}`);
    for (const [k, v] of Object.entries(r.headers)) lines.push(`   ${k}: ${v}`);
    if (r.body !== undefined) lines.push(indent(bodyText(r)));
    lines.push('');
  });
  lines.push(...uploadLines(uploads));
  return `${lines.join('\n')}\n`;
}

/** The upload to-do list, also printed after a real submission. */
export function uploadLines(uploads: readonly Upload[]): string[] {
  if (uploads.length === 0) return ['The compiled pipeline needs no local files in the cloud.'];
  return [
    'To do before the run reaches them: copy these local files to their cloud URIs. Godwit does not upload',
    'them yet (the S3 and GCS artifact stores come in a later release); paths are relative to the pipeline file.',
    ...uploads.map(formatUpload),
  ];
}

function bodyText(r: PlannedRequest): string {
  const body = r.body as Record<string, unknown>;
  const file = body?.uploadfile as { filename: string; contentType: string; content: string } | undefined;
  if (file) {
    return [
      `Content-Type: multipart/form-data`,
      `--- form field "uploadfile", file ${file.filename} (${file.contentType}, ${Buffer.byteLength(file.content)} bytes):`,
      file.content.trimEnd(),
      '---',
    ].join('\n');
  }
  return JSON.stringify(r.body, null, 2);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
}
