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

const dbName = 'retort';
const store = 'saves';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** The saved projects; every method fails soft (no IndexedDB: nothing is saved). */
export class SaveStore {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      this.db = new Promise((resolve, reject) => {
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
    }
    return this.db;
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
    const v = (await this.tx('readonly', (s) => s.get(key))) as Saved | undefined;
    if (!v || typeof v.files !== 'object' || !(v.db instanceof Uint8Array)) return null;
    return v;
  }

  async save(key: string, value: Saved): Promise<void> {
    await this.tx('readwrite', (s) => s.put(value, key));
  }

  async clear(key: string): Promise<void> {
    await this.tx('readwrite', (s) => s.delete(key));
  }
}
