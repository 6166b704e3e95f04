import fc from 'fast-check';
import { queueCommandSchema } from '../../shared/protocol';
import { paramsOf, ROUTES, type RouteSpec } from './api-routes';
import { at } from './at';

/**
 * What the fuzz test sends, as plain data so fast-check can generate and print it. Values that
 * depend on the app's state (a turn id, an existing meeting) are placeholders (`$turn`,
 * `$meeting.a`...) the runner fills in when it sends; everything else is literal.
 */
export type Who = 'admin' | 'chair' | 'participant' | 'projector' | 'notulis' | 'none' | 'junk';

export type Payload =
  | { kind: 'rest'; route: number; who: Who; segments: Record<string, Seg>; query: string; body: BodyPayload }
  | { kind: 'socket'; who: Exclude<Who, 'junk' | 'none'>; event: string; args: unknown[]; ack: boolean }
  | { kind: 'collab'; who: 'notulis' | 'observer' | 'participant'; frame: Frame }
  | { kind: 'collab-connect'; who: 'admin' | 'participant' | 'none'; path: string };

/** A path segment: a placeholder for a known id, or literal text (encoded, or raw when `raw`). */
export type Seg = { ref: string } | { text: string; raw?: boolean };

export type BodyPayload =
  | { type: 'none' }
  | { type: 'json'; value: unknown }
  /** Bytes sent as they are, with this content type. */
  | { type: 'raw'; text: string; contentType: string };

export type Frame =
  | { type: 'bytes'; bytes: number[] }
  /** A real frame of the y-websocket protocol, cut after `keep` bytes (or whole, when keep is null). */
  | { type: 'sync'; step: 0 | 1 | 2; payload: number[]; keep: number | null }
  | { type: 'awareness'; payload: number[]; keep: number | null }
  /** An awareness update with a real encoding and a random state. */
  | { type: 'presence'; clientId: number; clock: number; state: unknown }
  /** A real edit of the current document: text typed into a section, as an editor would. */
  | { type: 'edit'; section: string; text: string }
  | { type: 'huge'; bytes: number };

// ---------------------------------------------------------------- values

/** encodeURIComponent, for strings with lone surrogates too (made well-formed first). */
export const encode = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
};

const NASTY_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../../etc/passwd',
  '..',
  '.',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\u202E',
  '😀🏳️‍🌈',
  'نص عربي',
  'Ж',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '2022-02-30',
  '24:00',
  'Asia/Makassar',
  'a,b;c\r\n"d"',
  '=HYPERLINK("x")',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 61, max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, -0, 0.5, 1, 2, 3, 180, 181, 2 ** 31, 2 ** 53 + 1, -(2 ** 53), 1e308, Number.MIN_VALUE),
);

/** Deep nesting: objects or arrays `depth` levels down. */
const deep = fc.tuple(fc.integer({ min: 50, max: 500 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
});

const keyArb = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'type', 'meetingId', 'id', ''), fc.string({ maxLength: 8 }));

export const junkValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(keyArb, tie('v'), { maxKeys: 4 }),
    deep,
  ),
})).v;

// ---------------------------------------------------------------- mutation of valid shapes

/** One change of a valid-shaped value: a field replaced, dropped, a prototype key added, or the whole swapped. */
export type Mutation =
  | { op: 'keep' }
  | { op: 'set'; path: number[]; value: unknown }
  | { op: 'drop'; path: number[] }
  | { op: 'proto'; key: '__proto__' | 'constructor'; value: unknown }
  | { op: 'replace'; value: unknown }
  | { op: 'wrap' };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ op: 'keep' as const }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), value: junkValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('proto' as const),
      key: fc.constantFrom('__proto__' as const, 'constructor' as const),
      value: fc.constant({ polluted: 'yes', isAdmin: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('replace' as const), value: junkValue }) },
  { weight: 1, arbitrary: fc.constant({ op: 'wrap' as const }) },
);

/** Applies `m` to a copy of `value`; paths pick keys by index modulo the keys present. */
export function mutate(value: unknown, m: Mutation): unknown {
  if (m.op === 'keep') return value;
  if (m.op === 'replace') return m.value;
  if (m.op === 'wrap') return [value];
  const copy = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  if (m.op === 'proto') {
    if (typeof copy !== 'object' || copy === null) return copy;
    // JSON.parse makes `__proto__` an own key, as it arrives from the network.
    return JSON.parse(
      JSON.stringify(copy)
        .replace(/^\{/, `{${JSON.stringify(m.key)}:${JSON.stringify(m.value)},`)
        .replace(/,\}$/, '}'),
    ) as unknown;
  }
  let node = copy;
  for (let i = 0; i < m.path.length; i++) {
    if (typeof node !== 'object' || node === null) return copy;
    const keys = Object.keys(node);
    if (keys.length === 0) return copy;
    const key = at(keys, at(m.path, i, 'path step') % keys.length, 'key');
    const last = i === m.path.length - 1;
    if (last) {
      if (m.op === 'drop') {
        if (Array.isArray(node)) node.splice(Number(key), 1);
        else delete (node as Record<string, unknown>)[key];
      } else (node as Record<string, unknown>)[key] = m.value;
      return copy;
    }
    node = (node as Record<string, unknown>)[key];
  }
  return copy;
}

// ---------------------------------------------------------------- REST

/** Known ids a path parameter may take (resolved by the runner), per parameter name. */
const REFS: Record<string, string[]> = {
  id: ['$meeting.a', '$meeting.b', '$meeting.c', '$meeting.occurrence', '$opd', '$series'],
  linkId: ['$link.c', '$link.b', '$link.a.revoked'],
  opdId: ['$opd'],
  seriesId: ['$series'],
  date: ['$holiday'],
  format: ['md', 'docx', 'pdf'],
  // A finalised version of meeting A's minutes, or one it does not have.
  version: ['1', '2', '0'],
};

const BAD_PERCENT = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%ff', '%u0041', '%%', '%2', '%00', '%2e%2e', '%2F'];

const segArb = (name: string): fc.Arbitrary<Seg> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...(REFS[name] ?? ['$meeting.a'])).map((ref) => ({ ref })) },
    { weight: 3, arbitrary: nastyString.map((text) => ({ text })) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_PERCENT).map((text) => ({ text, raw: true })) },
  );

const queryArb = (route: RouteSpec): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...(route.query ?? ['q']), 'participant', 'token', '__proto__', 'a[b]', 'from[]'), fc.string({ maxLength: 6 })),
        fc.oneof(nastyString, fc.constantFrom('2022-06-13', '2022-07-13', 'true', 'false', '$participant', '$feedToken'), fc.constantFrom(...BAD_PERCENT)),
        fc.boolean(),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([k, v, raw]) => `${encode(k)}=${raw ? v : encode(v)}`).join('&'));

const rawBodyArb: fc.Arbitrary<BodyPayload> = fc.oneof(
  fc.record({
    type: fc.constant('raw' as const),
    text: fc.oneof(
      fc.constantFrom('{', '{"a":', '[1,2', 'null', '"x"', '{"__proto__":{"polluted":"yes"}}', '\u0000', '', '{}{}', 'true'),
      fc.integer({ min: 100, max: 20_000 }).map((n) => '['.repeat(n)),
      fc.integer({ min: 100, max: 5000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
      fc.string({ maxLength: 50 }),
    ),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
    ),
  }),
  // Past the 2 MB limit of the JSON parser.
  fc.constant({ type: 'raw' as const, text: JSON.stringify({ csv: 'x'.repeat(2_200_000) }), contentType: 'application/json' }),
);

/** How a body is built: a valid-shaped sample of the route mutated, random JSON, or raw bytes. */
export type BodyRecipe = { type: 'sample'; mutation: Mutation } | BodyPayload;

const bodyArb: fc.Arbitrary<BodyRecipe> = fc.oneof(
  { weight: 120, arbitrary: mutationArb.map((mutation) => ({ type: 'sample' as const, mutation })) },
  { weight: 40, arbitrary: junkValue.map((value) => ({ type: 'json' as const, value })) },
  { weight: 20, arbitrary: fc.constant({ type: 'none' as const }) },
  { weight: 20, arbitrary: rawBodyArb.filter((b) => b.type !== 'raw' || b.text.length < 2_000_000) },
  { weight: 1, arbitrary: rawBodyArb },
);

const whoArb: fc.Arbitrary<Who> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('admin' as const) },
  { weight: 2, arbitrary: fc.constantFrom('chair' as const, 'participant' as const, 'projector' as const, 'notulis' as const) },
  { weight: 1, arbitrary: fc.constantFrom('none' as const, 'junk' as const) },
);

const weightOf = (r: RouteSpec) => Math.max(1, Math.round(60 / (r.cost ?? 1)));

export type RestRecipe = { kind: 'rest'; route: number; who: Who; segments: Record<string, Seg>; query: string; body: BodyRecipe };

export const restArb: fc.Arbitrary<RestRecipe> = fc.oneof(
  ...ROUTES.map((route, index) => ({
    weight: weightOf(route),
    arbitrary: fc.record({
      kind: fc.constant('rest' as const),
      route: fc.constant(index),
      who: whoArb,
      segments: fc.record(Object.fromEntries(paramsOf(route).map((p) => [p, segArb(p)])) as Record<string, fc.Arbitrary<Seg>>),
      query: fc.oneof(fc.constant(''), queryArb(route)),
      body: route.body || route.method !== 'GET' ? bodyArb : fc.constant({ type: 'none' as const }),
    }),
  })),
);

// ---------------------------------------------------------------- Socket.IO

const SOCKET_EVENTS = ['meeting:join', 'meeting:leave', 'queue:command', 'queue:sync', 'clock:ping'] as const;

/** Every queue command type, read from the schema; `meeting.end` is left to the matrix, so one lucky payload does not end meeting A for the rest of the run. */
export const QUEUE_COMMAND_TYPES: string[] = queueCommandSchema.options.map((o) => o.shape.type.value);
const QUEUE_COMMAND_TYPES_FOR_FUZZ = QUEUE_COMMAND_TYPES.filter((t) => t !== 'meeting.end');

const idRef = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('$turn', '$request', '$participant') }, { weight: 1, arbitrary: nastyString });

/** A valid-shaped queue command of every type, with plausible and edge values. */
const commandArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  ...QUEUE_COMMAND_TYPES_FOR_FUZZ.map((type) =>
    fc.record({
      type: fc.constant(type),
      session: fc.constantFrom(1, 2, 3, 0),
      turnId: idRef,
      requestId: idRef,
      participantId: idRef,
      minutes: fc.oneof(fc.constantFrom(0.5, 1, 2, 5), nastyNumber),
      allotmentMinutes: fc.oneof(fc.constantFrom(1, 3), nastyNumber),
      warningMinutes: fc.oneof(fc.constantFrom(0, 1, 2), nastyNumber),
      label: nastyString,
      detail: nastyString,
      placement: fc.constantFrom('next', 'end', 'middle'),
      kind: fc.constantFrom('response', 'point_of_order', 'shout'),
      status: fc.constantFrom('present_room', 'present_online', 'represented', 'excused', 'absent', 'unknown', 'gone'),
      representativeName: nastyString,
      reason: nastyString,
      turnIds: fc.constantFrom('$order', '$order.reversed', '$order.short'),
    }),
  ),
);

const meetingRef = fc.oneof(
  { weight: 6, arbitrary: fc.constant('$meeting.a') },
  { weight: 1, arbitrary: fc.constantFrom('$meeting.b', '$meeting.c') },
  { weight: 1, arbitrary: nastyString },
);

const socketPayloadArb = (event: string): fc.Arbitrary<unknown> => {
  const valid =
    event === 'queue:command'
      ? fc.record({
          meetingId: meetingRef,
          // `$commandId` is a fresh UUID per send; a fixed one is a retry of an earlier press.
          commandId: fc.oneof(
            { weight: 8, arbitrary: fc.constant('$commandId') },
            { weight: 1, arbitrary: fc.constant('fuzz-retry-0001') },
            { weight: 1, arbitrary: nastyString },
          ),
          command: commandArb,
          expectedSeq: fc.oneof(fc.constant(undefined), fc.constantFrom('$seq', -1, 1e9, 0.5)),
        })
      : event === 'queue:sync'
        ? fc.record({ meetingId: meetingRef, sinceSeq: fc.oneof(fc.constantFrom('$seq', 0, 1, -1, 1e9), nastyNumber) })
        : event === 'meeting:join'
          ? fc.record({ meetingId: meetingRef, protocolVersion: fc.constantFrom(1, 2, 0, -1, 1.5) })
          : fc.constant({});
  return fc.oneof({ weight: 5, arbitrary: fc.tuple(valid, mutationArb).map(([v, m]) => mutate(v, m)) }, { weight: 2, arbitrary: junkValue });
};

export const socketArb: fc.Arbitrary<Payload> = fc
  .tuple(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...SOCKET_EVENTS) },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'session:ended', 'queue:event', 'x'.repeat(300), '') },
    ),
    fc.constantFrom('admin' as const, 'chair' as const, 'participant' as const, 'projector' as const, 'notulis' as const),
    fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  )
  .chain(([event, who, ack, extra]) =>
    fc.tuple(socketPayloadArb(event), fc.array(junkValue, { minLength: extra, maxLength: extra })).map(([payload, more]) => ({
      kind: 'socket' as const,
      who,
      event,
      args: [payload, ...more],
      ack,
    })),
  );

// ---------------------------------------------------------------- minutes socket

const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => [...a]);

const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 60, arbitrary: fc.record({ type: fc.constant('bytes' as const), bytes: bytes(64) }) },
  {
    weight: 60,
    arbitrary: fc.record({
      type: fc.constant('sync' as const),
      step: fc.constantFrom(0 as const, 1 as const, 2 as const),
      payload: bytes(64),
      keep: fc.oneof(fc.constant(null), fc.nat(70)),
    }),
  },
  { weight: 40, arbitrary: fc.record({ type: fc.constant('awareness' as const), payload: bytes(64), keep: fc.oneof(fc.constant(null), fc.nat(70)) }) },
  {
    weight: 40,
    arbitrary: fc.record({
      type: fc.constant('presence' as const),
      clientId: fc.oneof(fc.nat(), fc.constant(0)),
      clock: fc.nat(1000),
      state: fc.oneof(junkValue, fc.record({ user: fc.record({ name: nastyString, color: nastyString }) })),
    }),
  },
  {
    weight: 60,
    arbitrary: fc.record({
      type: fc.constant('edit' as const),
      section: fc.constantFrom('pembukaan', 'pembahasan', 'kesimpulan', 'penutup'),
      text: nastyString.map((s) => s.slice(0, 2000)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('huge' as const), bytes: fc.constant(1024 * 1024 + 16) }) },
);

export const collabArb: fc.Arbitrary<Payload> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('collab' as const),
      who: fc.constantFrom('notulis' as const, 'observer' as const, 'participant' as const),
      frame: frameArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('collab-connect' as const),
      who: fc.constantFrom('admin' as const, 'participant' as const, 'none' as const),
      path: fc.oneof(
        fc.constantFrom('$meeting.b', '$meeting.a', ...BAD_PERCENT, '', '/', '..%2F'),
        nastyString.map((s) => encode(s.slice(0, 300))),
      ),
    }),
  },
);

export type Recipe = RestRecipe | Exclude<Payload, { kind: 'rest' }>;

/** The mix of one run: REST, Socket.IO and the minutes socket. */
export const recipeArb: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 6, arbitrary: restArb },
  { weight: 3, arbitrary: socketArb },
  { weight: 2, arbitrary: collabArb },
);
