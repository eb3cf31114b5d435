import { invalid } from './errors.js';

export interface StoredFile {
  readonly id: string;
  readonly filename: string;
  readonly purpose: string;
  readonly bytes: Buffer;
  readonly createdAt: number;
}

export function fileObject(file: StoredFile): Record<string, unknown> {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes.length,
    created_at: file.createdAt,
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    status_details: null,
    expires_at: null,
  };
}

interface Part {
  readonly name: string;
  readonly filename?: string;
  readonly data: Buffer;
}

/** Splits a multipart/form-data body (RFC 7578) into its parts. */
export function parseMultipart(body: Buffer, contentType: string | undefined): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!contentType?.startsWith('multipart/form-data') || !boundary) {
    throw invalid('file uploads must be multipart/form-data with a boundary', 'file');
  }
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Part[] = [];
  let position = body.indexOf(delimiter);
  while (position >= 0) {
    const start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw invalid('the multipart body is cut short (no closing boundary)', 'file');
    const chunk = body.subarray(start + 2, next - 2); // skip the CRLF after the boundary and before the next
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw invalid('a multipart part has no headers', 'file');
    const headers = chunk.subarray(0, headerEnd).toString('utf8');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers);
    const name = disposition ? /\bname="([^"]*)"/.exec(disposition[1])?.[1] : undefined;
    if (!name) throw invalid('a multipart part has no name', 'file');
    const filename = disposition ? /\bfilename="([^"]*)"/.exec(disposition[1])?.[1] : undefined;
    parts.push({ name, filename, data: chunk.subarray(headerEnd + 4) });
    position = next;
  }
  return parts;
}
