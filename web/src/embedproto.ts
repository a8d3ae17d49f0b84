// The messages an embedded page (?embed=1, in an iframe) posts to the page
// that embeds it (embed.js's <retort-playground>).

export const messageTag = 'retort-playground';

/** The page has loaded the engine and opened its project. */
export interface ReadyMessage { tag: typeof messageTag; type: 'ready'; lesson: string }
/** A command or step finished: the line it ran (as typed, or a button's alembic command) and the current revisions. */
export interface StepMessage { tag: typeof messageTag; type: 'step'; command: string; current: string[] }
/** The page's content height in CSS pixels, whenever it changes. */
export interface HeightMessage { tag: typeof messageTag; type: 'height'; height: number }

export type EmbedMessage = ReadyMessage | StepMessage | HeightMessage;

export function isEmbedMessage(data: unknown): data is EmbedMessage {
  return typeof data === 'object' && data !== null && (data as { tag?: unknown }).tag === messageTag;
}

/** Text of at most max characters, or null. */
function text(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.length <= max ? v : null;
}

/**
 * The message data holds, rebuilt from its checked fields alone; null for
 * anything else: another type than the documented ones (ready, step, height),
 * a field of the wrong type or out of bounds. What the embedding page sees
 * never carries more than these fields.
 */
export function parseEmbedMessage(data: unknown): EmbedMessage | null {
  if (!isEmbedMessage(data)) return null;
  const m = data as unknown as Record<string, unknown>;
  switch (m.type) {
    case 'ready': {
      const lesson = text(m.lesson, 200);
      return lesson === null ? null : { tag: messageTag, type: 'ready', lesson };
    }
    case 'step': {
      const command = text(m.command, 10_000);
      const current = Array.isArray(m.current) && m.current.length <= 100 ? m.current.map((c) => text(c, 200)) : null;
      if (command === null || current === null || current.some((c) => c === null)) return null;
      return { tag: messageTag, type: 'step', command, current: current as string[] };
    }
    case 'height': {
      const height = m.height;
      return typeof height === 'number' && Number.isFinite(height) && height >= 0 && height <= 100_000 ? { tag: messageTag, type: 'height', height } : null;
    }
  }
  return null;
}
