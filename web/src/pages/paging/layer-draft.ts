// A rotation layer as the schedule form edits it (numbers and choices as typed), made from a saved
// layer or blank, and turned back into a layer with an id derived from its name.
import type { Layer } from '../../api/types.ts';
import { formatLocalDate, localDateOf } from './schedule-time.ts';

/** A layer being edited; `key` tells the form's rows apart, `id` is empty until first saved. */
export interface LayerDraft {
  key: string;
  id: string;
  name: string;
  users: string[];
  rotation: 'daily' | 'weekly' | 'custom';
  hours: number | string;
  handoffTime: string;
  handoffDay: string;
  start: string;
  restrictions?: Layer['restrictions'];
}

let keySeq = 0;
const nextKey = () => `layer-draft-${++keySeq}`;

/** The draft of a saved layer. */
export function fromLayer(l: Layer): LayerDraft {
  return {
    key: nextKey(),
    id: l.id,
    name: l.name,
    users: [...l.users],
    rotation: l.rotation.kind,
    hours: l.rotation.kind === 'custom' ? l.rotation.hours : 12,
    handoffTime: l.handoffTime,
    handoffDay: l.handoffDay ? String(l.handoffDay) : '',
    start: l.start,
    restrictions: l.restrictions,
  };
}

/** A new layer, the `n`th: weekly, handing off at 09:00, from today in `zone`. */
export function blankLayer(n: number, zone: string): LayerDraft {
  return {
    key: nextKey(),
    id: '',
    name: n === 1 ? 'Primary' : `Layer ${n}`,
    users: [],
    rotation: 'weekly',
    hours: 12,
    handoffTime: '09:00',
    handoffDay: '',
    start: formatLocalDate(localDateOf(new Date(), zone)),
  };
}

/** A layer id from its name, unique among `taken`. */
export function layerId(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'layer';
  let id = base === 'override' ? 'override-layer' : base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** The layer to save from a draft, under `id`. */
export function toLayer(d: LayerDraft, id: string): Layer {
  const rotation: Layer['rotation'] =
    d.rotation === 'custom' ? { kind: 'custom', hours: Number(d.hours) } : { kind: d.rotation };
  return {
    id,
    name: d.name.trim(),
    users: d.users,
    rotation,
    handoffTime: d.handoffTime,
    ...(d.rotation === 'weekly' && d.handoffDay ? { handoffDay: Number(d.handoffDay) } : {}),
    start: d.start,
    ...(d.restrictions ? { restrictions: d.restrictions } : {}),
  };
}
