/** Running an app's due jobs in tests, as its worker would over the next few seconds. */
import type { TestApp } from './app.ts';

/**
 * Runs the due jobs; a message a busy machine failed to send (still `sending`) is retried a second
 * later, up to five times.
 */
export async function runJobs(t: TestApp): Promise<void> {
  await t.app.worker.runDue();
  for (let i = 0; i < 5; i++) {
    const { rows } = await t.db.pool.query("SELECT 1 FROM messages WHERE status = 'sending' LIMIT 1");
    if (rows.length === 0) return;
    t.clock.advance(1_000);
    await t.app.worker.runDue();
  }
}
