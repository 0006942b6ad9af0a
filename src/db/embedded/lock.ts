/**
 * The data-dir lock: one Expedite server per data directory. The lock file holds the owner's pid
 * and process start time, so a lock left by a killed server (kill -9) is recognised as stale and
 * taken over, while a live server makes a second one refuse to start.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive, processStartTime } from './process.ts';

interface LockContent {
  pid: number;
  startTime?: string;
}

function holder(file: string): LockContent | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockContent;
  } catch {
    return undefined;
  }
}

/** Takes the lock on `dataDir` or throws a clear error naming the server holding it. */
export function acquireDataDirLock(dataDir: string): { release(): void } {
  const file = path.join(dataDir, 'expedite.lock');
  const mine: LockContent = { pid: process.pid, startTime: processStartTime(process.pid) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const current = holder(file);
        if (current?.pid === process.pid) unlinkSync(file);
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const other = holder(file);
    const live =
      other !== undefined &&
      other.pid !== process.pid &&
      isAlive(other.pid) &&
      (other.startTime === undefined || other.startTime === processStartTime(other.pid));
    if (live) {
      throw new Error(
        `Another Expedite server (pid ${other.pid}) is already using the data directory ${dataDir}. ` +
          'Stop it first, or point EXPEDITE_DATA_DIR at another directory.',
      );
    }
    // Stale: its owner is gone (killed or crashed). Remove and try again.
    try {
      unlinkSync(file);
    } catch {
      /* another starter removed it first */
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
