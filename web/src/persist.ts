// Saved work: each lesson's project files and database bytes in IndexedDB
// (no special headers needed), keyed by lesson id.

import type { FileMap } from './snapshot';

export interface Saved {
  lesson: string;
  files: FileMap;
  db: Uint8Array;
  /** Date.now() when saved. */
  savedAt: number;
}

/**
 * Work put aside: a project the page did not open, or replaced, and keeps
 * until the learner opens or discards it (a share link opened over it, it
 * could not be restored, it stopped the engine).
 */
export interface Kept extends Saved {
  /** Why it was put aside, in a sentence's middle ("it stopped the engine: …"). */
  reason: string;
  /** Date.now() when put aside. */
  keptAt: number;
}

/** How many projects are kept aside per lesson (the oldest goes first). */
export const maxKept = 5;

const dbName = 'retort';
const store = 'saves';

/**
 * How long the page waits for IndexedDB to open (or list its databases)
 * before it goes on without the saved work. Another page of this origin
 * that is upgrading the database — creating it, say, as it was left and
 * frozen in the back/forward cache — holds every other open until it is
 * done: without a limit the page's load waited for good.
 */
export const openTimeout = 5000;

/** p, or a rejection after ms milliseconds (then onLate gets p's result, when it comes). */
function within<T>(p: Promise<T>, ms: number, what: string, onLate?: (v: T) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new DOMException(`${what}: no answer in ${ms / 1000} s`, 'TimeoutError'));
    }, ms);
    p.then((v) => {
      clearTimeout(timer);
      if (late) onLate?.(v);
      else resolve(v);
    }, (err: unknown) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function isTimeout(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'TimeoutError';
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** The saved projects; every method fails soft (no IndexedDB: nothing is saved). */
export class SaveStore {
  private db: Promise<IDBDatabase> | null = null;

  /**
   * The open database. An open that fails or does not finish within
   * openTimeout fails this call, and the next call tries again (a
   * connection that opens too late is closed). The connection closes itself
   * when another page asks to upgrade or delete the database, so that this
   * page never holds that one up.
   */
  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      const opened = new Promise<IDBDatabase>((resolve, reject) => {
        if (typeof indexedDB === 'undefined') {
          reject(new Error('this browser keeps no IndexedDB'));
          return;
        }
        const r = indexedDB.open(dbName, 1);
        r.onupgradeneeded = () => {
          if (!r.result.objectStoreNames.contains(store)) r.result.createObjectStore(store);
        };
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('could not open IndexedDB'));
        r.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
      });
      const db = within(opened, openTimeout, 'opening IndexedDB', (late) => late.close()).then((conn) => {
        this.stalled = false;
        conn.onversionchange = () => {
          conn.close();
          if (this.db === db) this.db = null;
        };
        return conn;
      });
      db.catch((err: unknown) => {
        if (isTimeout(err)) this.stalled = true;
        if (this.db === db) this.db = null;
      });
      this.db = db;
    }
    return this.db;
  }

  /**
   * Whether there can be anything to read: the database is open, or the
   * browser lists it. A first visit (the page's load reads the saved work)
   * neither opens nor creates it to learn that it holds nothing: in a new
   * profile that cost ~50 ms of the main thread (~220 ms on a slow CPU).
   * The page creates it once ready (prepare).
   */
  private async readable(): Promise<boolean> {
    if (this.stalled) return false;
    if (this.db || typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
    try {
      return (await within(indexedDB.databases(), openTimeout, 'listing IndexedDB')).some((d) => d.name === dbName);
    } catch (err) {
      if (!isTimeout(err)) return true; // cannot tell: open it
      this.stalled = true; // an open would wait the same
      return false;
    }
  }

  /**
   * Set when IndexedDB did not answer within openTimeout (an open, or the
   * list of databases): until an open succeeds, the page's reads find
   * nothing at once rather than wait again; writes still try.
   */
  private stalled = false;

  /**
   * Opens the database now, creating it when it is missing, so that no later
   * save creates it: a page that first creates it as it is left (the save
   * when it is hidden) can keep the next page's open waiting for that
   * upgrade for good (seen in Chromium, the left page in its back/forward
   * cache).
   */
  prepare(): void {
    this.open().catch(() => undefined);
  }

  /** Reads in a readonly transaction; without the database, there is nothing (undefined). */
  private async read(fn: (s: IDBObjectStore) => IDBRequest): Promise<unknown> {
    if (!(await this.readable())) return undefined;
    return this.tx('readonly', fn);
  }

  private async tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    const t = db.transaction(store, mode);
    const result = request(fn(t.objectStore(store)));
    await new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction failed'));
      t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  }

  async load(key: string): Promise<Saved | null> {
    const v = (await this.read((s) => s.get(key))) as Saved | undefined;
    if (!v || typeof v.files !== 'object' || !(v.db instanceof Uint8Array)) return null;
    return v;
  }

  async save(key: string, value: Saved): Promise<void> {
    await this.tx('readwrite', (s) => s.put(value, key));
  }

  async clear(key: string): Promise<void> {
    await this.tx('readwrite', (s) => s.delete(key));
  }

  /** The work kept aside for a lesson, newest first. */
  async kept(key: string): Promise<Kept[]> {
    const v = (await this.read((s) => s.get(`${key}@kept`))) as Kept[] | undefined;
    return Array.isArray(v) ? v.filter((k) => typeof k.files === 'object' && k.db instanceof Uint8Array) : [];
  }

  /** Keeps work aside (first in the list; past maxKept the oldest goes). */
  async keep(key: string, item: Kept): Promise<Kept[]> {
    const list = [item, ...(await this.kept(key))].slice(0, maxKept);
    await this.tx('readwrite', (s) => s.put(list, `${key}@kept`));
    return list;
  }

  /** Drops the kept work put aside at keptAt. */
  async unkeep(key: string, keptAt: number): Promise<Kept[]> {
    const list = (await this.kept(key)).filter((k) => k.keptAt !== keptAt);
    await this.tx('readwrite', (s) => s.put(list, `${key}@kept`));
    return list;
  }

  /**
   * Marks that the saved work of savedAt is being opened; cleared once it
   * opened (or failed to, and was put aside). Found still set by the next
   * visit, it says that the page stopped or hung while opening it.
   */
  async setOpening(key: string, savedAt: number | null): Promise<void> {
    if (savedAt === null) await this.tx('readwrite', (s) => s.delete(`${key}@opening`));
    else await this.tx('readwrite', (s) => s.put(savedAt, `${key}@opening`));
  }

  async opening(key: string): Promise<number | null> {
    const v = await this.read((s) => s.get(`${key}@opening`));
    return typeof v === 'number' ? v : null;
  }
}
