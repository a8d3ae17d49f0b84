// Quoting a word for display: the engine splits command lines itself
// (engine.SplitCommand), so a quoted word reads back as the same word.

/** Quotes a word for display when it needs it. */
export function quoteWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `"${w.replace(/(["\\])/g, '\\$1')}"`;
}
