import type { Meeting, QueueCommand, QueueCommandInput, QueueEvent, QueueState } from '../../shared/protocol';
import { queueCommandSchema } from '../../shared/protocol';
import { decide, decideSystem } from '../../shared/domain/speaking-queue/decide';
import { evolve } from '../../shared/domain/speaking-queue/evolve';
import { initialQueueState } from '../../shared/domain/speaking-queue/plan';
import type { Actor } from '../../shared/domain/roles/roles';
import type { SystemCommand } from '../../shared/protocol';
import { get } from './at';

export const T0 = Date.parse('2022-06-13T00:30:00Z'); // 08.30 WITA
export const MIN = 60_000;

export const chair: Actor = { role: 'chair', meetingId: 'm1', participantId: null };
export const admin: Actor = { role: 'admin', meetingId: null, participantId: null };
export const projector: Actor = { role: 'projector', meetingId: 'm1', participantId: null };
export const participant = (id: string): Actor => ({ role: 'participant', meetingId: 'm1', participantId: id });

/** A meeting with `n` OPDs speaking 10 minutes each (the first two 12), one in session 2 when asked. */
export function fixtureMeeting(n = 3, sessions = false): Meeting {
  return {
    id: 'm1',
    title: 'Coffee Morning',
    kind: 'Coffee Morning',
    date: '2022-06-13',
    startTime: '08:30',
    endTime: '11:45',
    timeZone: 'Asia/Makassar',
    place: 'Ruang Meranti',
    mode: 'hybrid',
    chairName: 'Wabup',
    chairTitle: '',
    notulis: ['Rina'],
    defaultAllotmentMinutes: 10,
    floorMode: 'floor',
    externalCallUrl: '',
    participants: Array.from({ length: n }, (_, i) => ({
      id: `o${i + 1}`,
      opdId: `opd${i + 1}`,
      opdName: `Dinas ${i + 1}`,
      opdShortName: `D${i + 1}`,
      opdGroup: 'Asisten I',
      representativeName: `Kepala ${i + 1}`,
      representativeTitle: 'Kepala Dinas',
      representativeWhatsapp: '',
      opdWhatsapp: '',
      attendance: 'room' as const,
      session: sessions && i === n - 1 ? 2 : 1,
      position: i + 1,
      allotmentMinutes: i < 2 ? 12 : null,
    })),
    sessions: [],
    agenda: [],
    createdAt: '',
    updatedAt: '',
  };
}

export class QueueHarness {
  state: QueueState;
  events: QueueEvent[] = [];
  private ids = 0;

  constructor(meeting = fixtureMeeting()) {
    this.state = initialQueueState(meeting);
  }

  /** Gives a command at `now`; returns the error code, or null when accepted. */
  give(command: QueueCommandInput, actor: Actor = chair, now = T0): string | null {
    const parsed: QueueCommand = queueCommandSchema.parse(command);
    const d = decide(this.state, parsed, actor, { now, newId: () => `n${++this.ids}` });
    if ('error' in d) return d.error.code;
    for (const body of d.events) this.apply(body, now);
    return null;
  }

  system(command: SystemCommand, now: number): number {
    const bodies = decideSystem(this.state, command, { now, newId: () => `n${++this.ids}` });
    for (const body of bodies) this.apply(body, now);
    return bodies.length;
  }

  private apply(body: QueueEvent['body'], at: number) {
    const event: QueueEvent = { seq: this.state.seq + 1, at, meetingId: this.state.meetingId, body };
    this.events.push(event);
    this.state = evolve(this.state, event);
  }

  get current() {
    return this.state.currentTurnId ? this.state.turns[this.state.currentTurnId] : null;
  }

  statuses(): string {
    return this.state.order
      .map((id) => get(this.state.turns, id, 'turn'))
      .map((turn) => `${turn.label}:${turn.status}`)
      .join(' ');
  }
}
