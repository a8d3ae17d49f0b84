// Share links: a project's state compressed into the URL fragment
// (#share=…), so a link holds everything and no server keeps anything.
//
// The fragment is "#share=" + a format letter + base64url of the compressed
// UTF-8 JSON payload: "r" for deflate-raw, "g" for gzip (a browser without
// deflate-raw). The payload is {v: 1, lesson, files, sql} — the whole project
// and the SQL that rebuilds its database — or {v: 1, lesson, overlay, sql}:
// files laid over the lesson's start (the embed element's inline project).
//
// This module has no DOM dependencies beyond the streams API, so embed.js
// bundles it too.

import type { FileMap } from './snapshot';

export interface SharePayload {
  v: 1;
  /** The lesson the state belongs to ("" for the tutorial's start). */
  lesson: string;
  /** The whole project: replaces the lesson's files. */
  files?: FileMap;
  /** Files written over the lesson's start. */
  overlay?: FileMap;
  /** SQL that builds the database (after the files are open). */
  sql?: string;
}

export const fragmentKey = 'share';

/** The longest link the page offers (URLs beyond ~32 KB break in chat apps, mail and some browsers). */
export const maxLinkLength = 32 * 1024;

/**
 * The most a link may hold once unpacked: 4 MiB of JSON. The links the page
 * makes are at most 32 KB, about 300 KB of SQL and files at the ratio they
 * compress at; 4 MiB leaves room for links made by hand thirteen times
 * larger, and stops a decompression bomb (a 548 KB link unpacks to 419 MB)
 * after 4 MiB of work, before anything reaches the engine or the saved work.
 * It also bounds every file a link carries below the engine's 4 MiB.
 */
export const maxUnpacked = 4 << 20;

/** The longest fragment the page reads: 1 MiB (Chromium's URLs stop at 2 MB). */
export const maxFragment = 1 << 20;

/** The most files a link may carry (a project has a dozen or so). */
const maxFiles = 1000;

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([data as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

class TooLarge extends Error {}

/** Decompresses data, refusing (TooLarge) output beyond limit bytes as soon as it gets there. */
async function unpack(data: Uint8Array, stream: DecompressionStream, limit: number): Promise<Uint8Array> {
  const reader = new Blob([data as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function supportsDeflateRaw(): boolean {
  try {
    new CompressionStream('deflate-raw');
    return true;
  } catch {
    return false;
  }
}

export function toBase64url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The fragment value (without "#share=") holding payload. */
export async function encodePayload(payload: SharePayload): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(payload));
  const raw = supportsDeflateRaw();
  const packed = await pipe(json, new CompressionStream(raw ? 'deflate-raw' : 'gzip'));
  return (raw ? 'r' : 'g') + toBase64url(packed);
}

export class ShareLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareLinkError';
  }
}

/**
 * Decodes a fragment value; a damaged, oversized or malformed link throws a
 * ShareLinkError saying so. What it returns has been checked field by field:
 * files are an object of project paths (relative, no "..") to text.
 */
export async function decodePayload(value: string): Promise<SharePayload> {
  const kind = value[0];
  if (kind !== 'r' && kind !== 'g') throw new ShareLinkError('the share link is not one Retort made');
  if (value.length > maxFragment) throw new ShareLinkError(`the share link is longer than ${maxFragment >> 20} MiB, longer than any Retort makes`);
  let payload: unknown;
  try {
    const json = await unpack(fromBase64url(value.slice(1)), new DecompressionStream(kind === 'r' ? 'deflate-raw' : 'gzip'), maxUnpacked);
    payload = JSON.parse(new TextDecoder().decode(json));
  } catch (err) {
    if (err instanceof TooLarge) {
      throw new ShareLinkError(`the share link holds more than ${maxUnpacked >> 20} MiB once unpacked, more than a project Retort shares (a link is at most 32 KB)`);
    }
    throw new ShareLinkError('the share link is damaged (was it cut short when it was copied?)');
  }
  const problem = payloadProblem(payload);
  if (problem) throw new ShareLinkError(`the share link is not one this version of Retort reads: ${problem}`);
  return payload as SharePayload;
}

/** What is wrong with a decoded payload, or null. */
function payloadProblem(p: unknown): string | null {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return 'it holds no project';
  const o = p as Record<string, unknown>;
  if (o.v !== 1) return 'its version is not 1';
  if (o.lesson !== undefined && typeof o.lesson !== 'string') return 'its lesson is not text';
  if (o.sql !== undefined && typeof o.sql !== 'string') return 'its SQL is not text';
  if (o.files === undefined && o.overlay === undefined) return 'it holds no files';
  for (const field of ['files', 'overlay'] as const) {
    const files = o[field];
    if (files === undefined) continue;
    if (typeof files !== 'object' || files === null || Array.isArray(files)) return `its ${field} are not an object of path: text`;
    const entries = Object.entries(files);
    if (field === 'files' && entries.length === 0) return 'it holds no files';
    if (entries.length > maxFiles) return `it holds more than ${maxFiles} files`;
    for (const [path, text] of entries) {
      if (!isProjectPath(path)) return `${JSON.stringify(path.slice(0, 80))} is not a file of a project`;
      if (typeof text !== 'string') return `${path} is not text`;
    }
  }
  return null;
}

/** A relative, slash-separated path with no empty, "." or ".." part (what the engine takes). */
export function isProjectPath(path: string): boolean {
  if (path.length === 0 || path.length > 255 || /[\\\0]/.test(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** The fragment value in a location hash ("#share=…"), or null. */
export function shareValue(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(fragmentKey);
}
