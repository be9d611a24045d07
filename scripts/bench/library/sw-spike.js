/* global chrome, idb, indexedDB, self */
/*
 * Runs inside the extension's service worker (evaluated over CDP by spike-storage.ts, after idb's
 * UMD build): three library layouts on the real storage, each operation timed in the worker itself.
 *   a  today's: one index key with every entry + one storage.local key per record
 *   b  storage.local with the index cut into chunks of CHUNK entries (oldest first) + a small meta key
 *   c  IndexedDB through idb: a `records` store and an `entries` store indexed by savedAt
 * Plain JavaScript on purpose: it is sent as text, not bundled.
 */
(() => {
  const CHUNK = 500;
  const A_INDEX = 'spike-a:index';
  const recKey = (id) => `spike-a:article:${id}`;
  const B_META = 'spike-b:meta';
  const chunkKey = (n) => `spike-b:index:${n}`;
  const local = chrome.storage.local;
  const time = async (fn) => {
    const t0 = performance.now();
    const value = await fn();
    return { ms: performance.now() - t0, value };
  };
  let db = null;
  const openDb = () =>
    idb.openDB('spike-library', 1, {
      upgrade(d) {
        d.createObjectStore('records', { keyPath: 'id' });
        d.createObjectStore('entries', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
      },
    });
  const state = { aEntries: [], bMeta: { chunks: [] }, bChunk: [] };

  self.__spike = {
    stage(batch) {
      state.staged = batch;
      return batch.records.length;
    },
    // Batch write (import): the staged records into each layout; a and b share the record keys.
    async writeA() {
      const { records, entries } = state.staged;
      state.aEntries.push(...entries);
      return (await time(() => local.set(Object.fromEntries(records.map((r) => [recKey(r.id), r]))))).ms;
    },
    async finishA() {
      const entries = state.aEntries.slice().reverse();
      state.aEntries = [];
      return (await time(() => local.set({ [A_INDEX]: { schemaVersion: 1, entries } }))).ms;
    },
    async writeB() {
      // Only the index chunks: b's records are a's keys (the same cost, measured once).
      const { entries } = state.staged;
      const writes = {};
      for (const e of entries) {
        if (state.bChunk.length === CHUNK) {
          state.bMeta.chunks.push({ key: chunkKey(state.bMeta.chunks.length), min: state.bChunk[0].savedAt, max: state.bChunk.at(-1).savedAt, n: CHUNK });
          writes[state.bMeta.chunks.at(-1).key] = state.bChunk;
          state.bChunk = [];
        }
        state.bChunk.push(e);
      }
      const tail = { key: chunkKey(state.bMeta.chunks.length), min: state.bChunk[0].savedAt, max: state.bChunk.at(-1).savedAt, n: state.bChunk.length };
      writes[tail.key] = state.bChunk;
      writes[B_META] = { count: state.bMeta.chunks.reduce((s, c) => s + c.n, 0) + tail.n, chunks: [...state.bMeta.chunks, tail] };
      return (await time(() => local.set(writes))).ms;
    },
    async writeC() {
      const { records, entries } = state.staged;
      db ??= await openDb();
      return (
        await time(async () => {
          const tx = db.transaction(['records', 'entries'], 'readwrite');
          const rs = tx.objectStore('records');
          const es = tx.objectStore('entries');
          for (const r of records) void rs.put(r);
          for (const e of entries) void es.put(e);
          await tx.done;
        })
      ).ms;
    },

    // Single operations, each from cold caches of this worker's JS (storage's own caches stay).
    async aOps(fresh) {
      const out = {};
      out.readIndex = (await time(async () => (await local.get(A_INDEX))[A_INDEX].entries.length)).ms;
      out.firstPage = (
        await time(async () => {
          const entries = (await local.get(A_INDEX))[A_INDEX].entries;
          return entries
            .filter((e) => e.deletedAt === null)
            .sort((x, y) => y.savedAt - x.savedAt)
            .slice(0, 50).length;
        })
      ).ms;
      out.count = (await time(async () => (await local.get(A_INDEX))[A_INDEX].entries.filter((e) => e.deletedAt === null).length)).ms;
      out.save = (
        await time(async () => {
          const index = (await local.get(A_INDEX))[A_INDEX];
          await local.set({ [recKey(fresh.record.id)]: fresh.record, [A_INDEX]: { schemaVersion: 1, entries: [fresh.entry, ...index.entries] } });
        })
      ).ms;
      out.open = (await time(async () => (await local.get(recKey(fresh.record.id)))[recKey(fresh.record.id)].article.contentHtml.length)).ms;
      out.delete = (
        await time(async () => {
          const index = (await local.get(A_INDEX))[A_INDEX];
          await local.set({ [A_INDEX]: { schemaVersion: 1, entries: index.entries.filter((e) => e.id !== fresh.record.id) } });
          await local.remove(recKey(fresh.record.id));
        })
      ).ms;
      return out;
    },
    async bOps(fresh) {
      const out = {};
      out.readIndex = (
        await time(async () => {
          const meta = (await local.get(B_META))[B_META];
          const got = await local.get(meta.chunks.map((c) => c.key));
          return meta.chunks.reduce((s, c) => s + got[c.key].length, 0);
        })
      ).ms;
      out.firstPage = (
        await time(async () => {
          const meta = (await local.get(B_META))[B_META];
          const keys = meta.chunks.slice(-2).map((c) => c.key);
          const got = await local.get(keys);
          return keys
            .flatMap((k) => got[k])
            .filter((e) => e.deletedAt === null)
            .sort((x, y) => y.savedAt - x.savedAt)
            .slice(0, 50).length;
        })
      ).ms;
      out.count = (await time(async () => (await local.get(B_META))[B_META].count)).ms;
      out.save = (
        await time(async () => {
          const meta = (await local.get(B_META))[B_META];
          const tail = meta.chunks.at(-1);
          const chunk = (await local.get(tail.key))[tail.key];
          chunk.push(fresh.entry);
          tail.n++;
          tail.max = fresh.entry.savedAt;
          meta.count++;
          await local.set({ [recKey(fresh.record.id)]: fresh.record, [tail.key]: chunk, [B_META]: meta });
        })
      ).ms;
      out.open = (await time(async () => (await local.get(recKey(fresh.record.id)))[recKey(fresh.record.id)].article.contentHtml.length)).ms;
      out.delete = (
        await time(async () => {
          const meta = (await local.get(B_META))[B_META];
          const at = meta.chunks.find((c) => fresh.entry.savedAt >= c.min && fresh.entry.savedAt <= c.max);
          const chunk = (await local.get(at.key))[at.key].filter((e) => e.id !== fresh.record.id);
          at.n = chunk.length;
          meta.count--;
          await local.set({ [at.key]: chunk, [B_META]: meta });
          await local.remove(recKey(fresh.record.id));
        })
      ).ms;
      return out;
    },
    async cOps(fresh) {
      const out = {};
      if (db) db.close();
      const opened = await time(() => openDb());
      db = opened.value;
      out.openDb = opened.ms;
      out.readIndex = (await time(async () => (await db.getAll('entries')).length)).ms;
      out.firstPage = (
        await time(async () => {
          const page = [];
          let cursor = await db.transaction('entries').store.index('savedAt').openCursor(null, 'prev');
          while (cursor && page.length < 50) {
            if (cursor.value.deletedAt === null) page.push(cursor.value);
            cursor = await cursor.continue();
          }
          return page.length;
        })
      ).ms;
      out.count = (await time(() => db.count('entries'))).ms;
      out.save = (
        await time(async () => {
          const tx = db.transaction(['records', 'entries'], 'readwrite');
          void tx.objectStore('records').put(fresh.record);
          void tx.objectStore('entries').put(fresh.entry);
          await tx.done;
        })
      ).ms;
      out.open = (await time(async () => (await db.get('records', fresh.record.id)).article.contentHtml.length)).ms;
      out.delete = (
        await time(async () => {
          const tx = db.transaction(['records', 'entries'], 'readwrite');
          void tx.objectStore('records').delete(fresh.record.id);
          void tx.objectStore('entries').delete(fresh.record.id);
          await tx.done;
        })
      ).ms;
      return out;
    },
    async sizes() {
      const a = await local.getBytesInUse(null);
      const meta = (await local.get(B_META))[B_META];
      const b = await local.getBytesInUse([B_META, ...meta.chunks.map((c) => c.key)]);
      const aIndex = await local.getBytesInUse(A_INDEX);
      const est = await navigator.storage.estimate();
      return { storageLocalAll: a, aIndex, bIndex: b, idbUsage: est.usage ?? null };
    },
  };
  return typeof indexedDB;
})();
