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

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([data as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
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

/** Decodes a fragment value; a damaged link throws a ShareLinkError saying so. */
export async function decodePayload(value: string): Promise<SharePayload> {
  const kind = value[0];
  if (kind !== 'r' && kind !== 'g') throw new ShareLinkError('the share link is not one Retort made');
  let payload: SharePayload;
  try {
    const json = await pipe(fromBase64url(value.slice(1)), new DecompressionStream(kind === 'r' ? 'deflate-raw' : 'gzip'));
    payload = JSON.parse(new TextDecoder().decode(json)) as SharePayload;
  } catch {
    throw new ShareLinkError('the share link is damaged (was it cut short when it was copied?)');
  }
  if (!payload || payload.v !== 1 || (payload.files && typeof payload.files !== 'object') || (payload.overlay && typeof payload.overlay !== 'object')) {
    throw new ShareLinkError('the share link is not one this version of Retort reads');
  }
  return payload;
}

/** The fragment value in a location hash ("#share=…"), or null. */
export function shareValue(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(fragmentKey);
}
