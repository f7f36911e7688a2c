// SQLite persistence (placeholder until implemented).
import type { Backend } from './state-store.js';

export function openSqliteBackend(_file: string): Backend {
  throw new Error('--db-filename is not supported yet');
}
