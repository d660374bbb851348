import type { EventPeak, EventReply, PeakRole, Row } from '@dance/api';
import { h, nsToIso } from '../format.js';

/** A value as the tables show it: NaN/absent as '—', floats to 6 significant digits, times as they are. */
export function shown(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toPrecision(6)));
  return String(value);
}

const ROLES: readonly PeakRole[] = ['s1', 'alt_s1', 's2', 'alt_s2'];

/** The role a field describes and the property it gives ('s2_area' → s2, area), longest prefix first. */
function roleField(name: string): [PeakRole, string] | undefined {
  const role = [...ROLES].sort((a, b) => b.length - a.length).find((r) => name.startsWith(`${r}_`));
  return role && [role, name.slice(role.length + 1)];
}

/**
 * The event's row as two tables: the event's own fields (times, drift time, corrected areas), and the
 * main/alt S1/S2 fields as a property × peak matrix. Each value's cell has id `ev-<field>`.
 */
export function eventTables(event: Row): HTMLElement[] {
  const cell = (name: string) => h('td', { class: 'num', id: `ev-${name}`, title: name }, shown(event[name]));
  const own = Object.keys(event).filter((name) => !roleField(name));
  const properties: string[] = [];
  for (const name of Object.keys(event)) {
    const found = roleField(name);
    if (found && !properties.includes(found[1])) properties.push(found[1]);
  }
  const ownTable = h(
    'table',
    { id: 'event-info' },
    ...own.map((name) =>
      h('tr', {}, h('th', {}, name), cell(name), h('td', { class: 'muted' }, isoTime(name, event[name]))),
    ),
  );
  const peakMatrix = h(
    'table',
    { id: 'event-main-peaks' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), ...ROLES.map((r) => h('th', {}, r)))),
    h(
      'tbody',
      {},
      ...properties.map((property) =>
        h(
          'tr',
          {},
          h('th', {}, property),
          ...ROLES.map((role) => (`${role}_${property}` in event ? cell(`${role}_${property}`) : h('td', {}, ''))),
        ),
      ),
    ),
  );
  return [ownTable, peakMatrix];
}

/** An event time as ISO 8601 beside its ns value (absent peaks have time −1). */
function isoTime(name: string, value: Row[string]): string {
  return /(^|_)time$/.test(name) && typeof value === 'string' && value !== '-1' ? nsToIso(value) : '';
}

const TYPE_NAMES: Record<number, string> = { 0: 'unknown', 1: 'S1', 2: 'S2' };

/** The peaks in the window: row number in peaks, role, type, start from the event start, area, shape, position. */
export function peakTable(peaks: EventPeak[], start: bigint): HTMLElement {
  const columns = [
    '#',
    'role',
    'type',
    'start (µs)',
    'length (µs)',
    'area (PE)',
    'channels',
    'area fraction top',
    'width 50 % (ns)',
    'x (cm)',
    'y (cm)',
  ];
  return h(
    'table',
    { id: 'event-peaks' },
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', {}, c)))),
    h(
      'tbody',
      {},
      ...peaks.map((p) =>
        h(
          'tr',
          { 'data-index': p.index, 'data-role': p.role ?? undefined },
          h('td', { class: 'num' }, p.index),
          h('td', {}, p.role ?? ''),
          h('td', {}, TYPE_NAMES[p.type] ?? String(p.type)),
          h('td', { class: 'num' }, (Number(BigInt(p.time) - start) / 1000).toFixed(3)),
          h('td', { class: 'num' }, (Number(BigInt(p.endtime) - BigInt(p.time)) / 1000).toFixed(3)),
          ...[p.area, p.n_channels, p.area_fraction_top, p.range_50p_area, p.x, p.y].map((v) =>
            h('td', { class: 'num' }, shown(v)),
          ),
        ),
      ),
    ),
  );
}

/** The simulator's energy deposits in the window (simulated runs). */
export function truthTable(truth: NonNullable<EventReply['truth']>, start: bigint): HTMLElement {
  const columns = ['event_id', 'interaction', 'x', 'y', 'z', 'energy', 'recoil_type', 's1_area', 's2_area'];
  return h(
    'table',
    { id: 'truth' },
    h('thead', {}, h('tr', {}, h('th', {}, 'time (µs)'), ...columns.map((c) => h('th', {}, c)))),
    h(
      'tbody',
      {},
      ...truth.interactions.map((t) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, (Number(BigInt(String(t.time)) - start) / 1000).toFixed(3)),
          ...columns.map((c) => h('td', { class: 'num' }, shown(t[c]))),
        ),
      ),
    ),
  );
}
