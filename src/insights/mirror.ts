/**
 * The incident columns and pages (columns.ts, pages.ts) kept up to date with the database: before
 * each use, the rows written since the last read are read again, by transaction id (see
 * `readWrittenSince`), so every change committed before a query is in the figures it answers. The
 * first use reads them all.
 */
import type pg from 'pg';
import { IncidentColumns } from './columns.ts';
import { PageColumns } from './pages.ts';
import { readWrittenSince } from './store.ts';

export class InsightsMirror {
  private readonly incidents = new IncidentColumns();
  private readonly pages = new PageColumns();
  private readonly pool: pg.Pool;
  /** Reads start from this transaction id. */
  private since = '0';
  private reading: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** The incidents and pages with every change committed before the call. */
  async current(): Promise<{ incidents: IncidentColumns; pages: PageColumns }> {
    await this.refresh();
    return { incidents: this.incidents, pages: this.pages };
  }

  private refresh(): Promise<void> {
    if (!this.reading) {
      this.reading = this.read().finally(() => (this.reading = null));
      return this.reading;
    }
    // The read under way may have begun before the caller's change: one more read after it serves
    // every caller arriving meanwhile.
    this.queued ??= this.reading
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.refresh();
      });
    return this.queued;
  }

  private async read(): Promise<void> {
    this.since = await readWrittenSince(this.pool, this.since, {
      facts: (rows) => {
        for (const row of rows) this.incidents.put(row);
      },
      // After the facts, so that a page's incident has its row.
      pages: (rows) => {
        for (const p of rows)
          this.pages.put({
            id: p.id,
            sentAt: p.sentAt,
            userId: p.userId,
            incidentRow: p.incidentId === null ? -1 : this.incidents.row(p.incidentId),
          });
      },
    });
  }
}
