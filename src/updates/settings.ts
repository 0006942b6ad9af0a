/** The admin's settings of updates: templates, cadence per urgency, and stakeholder lists. */
import { urgencies } from '../classification/codes.ts';
import { withTransaction, type Queryable } from '../db/pool.ts';
import { invalidField } from '../errors.ts';
import type { Deps } from '../http/types.ts';
import { templateKeys, type Settings, type SettingsBody } from './schema.ts';
import {
  cadence,
  exists,
  setCadence,
  setStakeholderList,
  setTemplate,
  stakeholderLists,
  templates,
} from './store.ts';
import { defaultTemplates } from './templates.ts';

/** The settings as they apply now (defaults where an admin set nothing). */
export async function readSettings(db: Queryable): Promise<Settings> {
  return {
    templates: await templates(db, defaultTemplates),
    cadence: await cadence(db),
    stakeholders: await stakeholderLists(db),
  };
}

/** Changes what the body names and leaves the rest; 400 naming an unknown service or client. */
export async function writeSettings(deps: Deps, body: SettingsBody): Promise<Settings> {
  return withTransaction(deps.pool, async (tx) => {
    for (const key of templateKeys) {
      const t = body.templates?.[key];
      if (t !== undefined) await setTemplate(tx, key, t, deps.clock.now());
    }
    for (const u of urgencies) {
      const m = body.cadence?.[u];
      if (m !== undefined) await setCadence(tx, u, m);
    }
    const s = body.stakeholders;
    if (s?.default || s?.defaultChannel !== undefined) {
      const kept = s.default ?? (await stakeholderLists(tx)).default;
      await setStakeholderList(tx, 'default', null, kept, s.defaultChannel);
    }
    for (const kind of ['service', 'client'] as const) {
      const lists = kind === 'service' ? s?.services : s?.clients;
      for (const [i, l] of (lists ?? []).entries()) {
        if (!(await exists(tx, kind, l.id)))
          throw invalidField(`body.stakeholders.${kind}s.${i}.id`, `no ${kind} has this id`);
        await setStakeholderList(tx, kind, l.id, l.emails, l.channel);
      }
    }
    return readSettings(tx);
  });
}
