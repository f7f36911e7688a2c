// Persists the state store in one SQLite file (--db-filename). Every flush is one transaction,
// so a killed server restarts from the state its last answered RPC left.
import Database from 'better-sqlite3';
import type { HistoryEvent, RunState, TimerRecord } from '../engine/types.js';
import { HistoryEventType } from '../proto.js';
import { decodeState, encodeState } from './codec.js';
import type { Backend, Changes, PersistedState } from './state-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (key TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (run_key TEXT NOT NULL, event_id INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (run_key, event_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS timers (id INTEGER PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export function openSqliteBackend(file: string): Backend {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // A process kill loses nothing the OS already has; only a power loss could drop the last commits.
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const upsertRun = db.prepare('INSERT INTO runs (key, state) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET state = excluded.state');
  const deleteRun = db.prepare('DELETE FROM runs WHERE key = ?');
  const deleteEvents = db.prepare('DELETE FROM events WHERE run_key = ?');
  const insertEvent = db.prepare('INSERT OR REPLACE INTO events (run_key, event_id, data) VALUES (?, ?, ?)');
  const putTimer = db.prepare('INSERT OR REPLACE INTO timers (id, record) VALUES (?, ?)');
  const deleteTimer = db.prepare('DELETE FROM timers WHERE id = ?');
  const putDoc = db.prepare('INSERT OR REPLACE INTO docs (key, value) VALUES (?, ?)');
  const deleteDoc = db.prepare('DELETE FROM docs WHERE key = ?');

  const save = db.transaction((c: Changes) => {
    for (const run of c.runs) upsertRun.run(run.key, encodeState(run));
    for (const { runKey, events } of c.newEvents) {
      for (const ev of events) insertEvent.run(runKey, ev.eventId, Buffer.from(HistoryEventType.encode(ev).finish()));
    }
    for (const key of c.runsDeleted) {
      deleteRun.run(key);
      deleteEvents.run(key);
    }
    for (const t of c.timersPut) putTimer.run(t.id, encodeState(t));
    for (const id of c.timersDeleted) deleteTimer.run(id);
    for (const [k, v] of c.docsPut) putDoc.run(k, encodeState(v));
    for (const k of c.docsDeleted) deleteDoc.run(k);
  });

  return {
    load(): PersistedState {
      // Insertion order (rowid) keeps each workflow id's runs oldest first.
      const runs = (db.prepare('SELECT state FROM runs ORDER BY rowid').all() as { state: string }[]).map((r) => decodeState<RunState>(r.state));
      const histories = new Map<string, HistoryEvent[]>();
      for (const row of db.prepare('SELECT run_key, data FROM events ORDER BY run_key, event_id').iterate() as Iterable<{ run_key: string; data: Buffer }>) {
        const ev = HistoryEventType.toObject(HistoryEventType.decode(row.data), { longs: Number }) as HistoryEvent;
        let list = histories.get(row.run_key);
        if (!list) histories.set(row.run_key, (list = []));
        list.push(ev);
      }
      const timers = (db.prepare('SELECT record FROM timers').all() as { record: string }[]).map((r) => decodeState<TimerRecord>(r.record));
      const docs = new Map<string, unknown>();
      for (const row of db.prepare('SELECT key, value FROM docs').all() as { key: string; value: string }[]) docs.set(row.key, decodeState(row.value));
      return { runs, histories, timers, docs, clockOffsetMs: 0 };
    },
    save: (c) => save(c),
    close: () => db.close(),
  };
}
