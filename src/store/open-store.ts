import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ScalegapError } from '../core/errors.js';
import { MIGRATIONS } from './migrations.js';
import { storeError } from './store-error.js';

export type StoreDatabase = Database.Database;

/** Applies every migration above `user_version`, each in its own transaction. */
export function migrate(db: StoreDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new ScalegapError('STORE_FAILED', `the store has schema version ${current}, newer than this scalegap (${MIGRATIONS.length}); upgrade scalegap`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/**
 * Opens (or creates) a results store: WAL journal, synchronous NORMAL (a committed result survives
 * a process kill), foreign keys, migrations applied. `readonly` opens an existing file only.
 */
export function openStore(file: string, options: { readonly?: boolean } = {}): StoreDatabase {
  let db: StoreDatabase;
  try {
    if (!options.readonly) mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new ScalegapError('STORE_FAILED', `cannot open the store ${file} (${(error as Error).message})`, { cause: error });
  }
  try {
    if (options.readonly) {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version === 0) throw new ScalegapError('INPUT_INVALID', `${file} is not a scalegap store`, { location: { file } });
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw storeError(file, error);
  }
}
