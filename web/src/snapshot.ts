// A project's state as data: its files, and its database either as the
// engine's exported bytes (persistence) or as SQL that rebuilds it (share
// links). Capturing and restoring go through the engine, so neither depends
// on which SQLite build runs underneath.

import type { Cell, Engine } from './engine';

/** The project's files, by path. */
export type FileMap = Record<string, string>;

export interface Snapshot {
  files: FileMap;
  /** The database file's bytes (ExportDB). */
  db?: Uint8Array;
  /** SQL that rebuilds the database from empty (dumpSQL). */
  sql?: string;
}

/** Reads every project file from the engine. */
export async function captureFiles(engine: Engine): Promise<FileMap> {
  const files: FileMap = {};
  for (const path of await engine.call('files', {})) {
    files[path] = await engine.call('readFile', { path });
  }
  return files;
}

/** The files and the database's bytes. */
export async function captureBytes(engine: Engine): Promise<Snapshot> {
  const files = await captureFiles(engine);
  const db = await engine.call('exportDB', {});
  return { files, db };
}

/**
 * Replaces the project with a snapshot: a new session on its files, then its
 * database (bytes, or SQL run inside one transaction). A database that cannot
 * be restored leaves the files open and an empty database, and throws.
 */
export async function restore(engine: Engine, snap: Snapshot): Promise<void> {
  await engine.call('open', { files: snap.files });
  if (snap.db && snap.db.length) {
    await engine.call('importDB', { data: snap.db });
  } else if (snap.sql) {
    try {
      await engine.call('exec', { sql: snap.sql });
    } catch (err) {
      // A failed statement leaves the dump's transaction open: end it.
      await engine.call('exec', { sql: 'ROLLBACK;' }).catch(() => undefined);
      await engine.call('open', { files: snap.files });
      throw err;
    }
  }
}

/** "name" as an SQL identifier. */
export function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** 'text' as an SQL string literal. */
export function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

async function query(engine: Engine, sql: string): Promise<Cell[][]> {
  const [r] = await engine.call('exec', { sql });
  return r?.rows ?? [];
}

export interface DumpOptions {
  /**
   * Whether to include every table's rows. Without, only alembic_version's
   * rows are kept (where `current` comes from) and sqlite_sequence's.
   */
  rows: boolean;
}

export interface Dump {
  sql: string;
  /** The rows included, and the rows left out. */
  rows: number;
  omitted: number;
}

/**
 * SQL that rebuilds the database exactly, as sqlite3's .dump writes it: the
 * schema's own CREATE statements (sqlite_master's text), the rows as INSERTs
 * with every value quote()d by SQLite itself (so integers, reals, text and
 * blobs come back as they were), sqlite_sequence, then indexes, triggers and
 * views, in one transaction with foreign keys off.
 */
export async function dumpSQL(engine: Engine, opts: DumpOptions): Promise<Dump> {
  const schema = await query(engine,
    `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid;`);
  const fk = Number((await query(engine, 'PRAGMA foreign_keys;'))[0]?.[0] ?? 0);
  const userVersion = Number((await query(engine, 'PRAGMA user_version;'))[0]?.[0] ?? 0);
  const tables: string[] = [];
  const virtual: string[] = [];
  const later: string[] = [];
  const out: string[] = ['PRAGMA foreign_keys=OFF;', 'BEGIN;'];
  for (const [type, name, sql] of schema as [string, string, string][]) {
    if (type === 'table') {
      // A virtual table's shadow tables are made by its CREATE VIRTUAL TABLE.
      if (virtual.some((v) => name.startsWith(`${v}_`))) continue;
      if (/^\s*CREATE\s+VIRTUAL\s/i.test(sql)) virtual.push(name);
      out.push(`${sql};`);
      tables.push(name);
    } else {
      later.push(`${sql};`);
    }
  }
  let rows = 0;
  let omitted = 0;
  for (const table of tables) {
    const keep = opts.rows || table === 'alembic_version';
    const cols = (await query(engine, `SELECT name FROM pragma_table_xinfo(${quoteLiteral(table)}) WHERE hidden = 0 ORDER BY cid;`)).map((r) => String(r[0]));
    if (!cols.length) continue;
    if (!keep) {
      omitted += Number((await query(engine, `SELECT count(*) FROM ${quoteIdent(table)};`))[0]?.[0] ?? 0);
      continue;
    }
    const prefix = `INSERT INTO ${quoteIdent(table)}(${cols.map(quoteIdent).join(',')}) VALUES(`;
    const values = cols.map((c) => `quote(${quoteIdent(c)})`).join(` || ',' || `);
    const [row] = await query(engine,
      `SELECT count(*), group_concat(${quoteLiteral(prefix)} || ${values} || ');', char(10)) FROM ${quoteIdent(table)};`);
    const n = Number(row?.[0] ?? 0);
    if (n > 0) out.push(String(row?.[1]));
    rows += n;
  }
  const seq = await query(engine, `SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence';`);
  if (Number(seq[0]?.[0]) > 0) {
    const [row] = await query(engine,
      `SELECT group_concat('INSERT INTO sqlite_sequence(name,seq) VALUES(' || quote(name) || ',' || quote(seq) || ');', char(10)) FROM sqlite_sequence;`);
    if (row?.[0]) out.push('DELETE FROM sqlite_sequence;', String(row[0]));
  }
  out.push(...later);
  if (userVersion) out.push(`PRAGMA user_version=${userVersion};`);
  out.push('COMMIT;');
  if (fk) out.push('PRAGMA foreign_keys=ON;');
  return { sql: out.join('\n') + '\n', rows, omitted };
}
