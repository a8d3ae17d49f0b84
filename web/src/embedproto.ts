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
