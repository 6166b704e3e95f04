import { randomUUID } from 'node:crypto';
import { API } from '../../shared/protocol/api';
import {
  PROTOCOL_VERSION,
  type Ack,
  type JoinSnapshot,
  type Meeting,
  type MeetingLink,
  type QueueCommandInput,
  type QueueCommandResult,
  type QueueEvent,
} from '../../shared/protocol';
import { adminClient, createOpds, meetingInput } from '../factories';
import { HttpClient } from './http-client';
import { connectSocket, emitAck, waitForConnect, type TestSocket } from './socket-client';
import type { TestApp } from './test-app';
import { eventually } from './wait';
import { at, must } from './at';

/** One person at a meeting: an HTTP client with its session and a joined socket recording every queue event. */
export interface Person {
  client: HttpClient;
  socket: TestSocket;
  events: QueueEvent[];
  join: JoinSnapshot;
  /** A fresh command id per call, unless one is given (a retry of the same press). */
  send(command: QueueCommandInput, expectedSeq?: number, commandId?: string): Promise<Ack<QueueCommandResult>>;
  close(): void;
}

/** A browser of its own that opened the personal link: an HTTP client holding that link's session. */
export async function linkClient(baseUrl: string, link: Pick<MeetingLink, 'url'>): Promise<HttpClient> {
  const client = new HttpClient(baseUrl);
  await client.post(API.linkExchange, { token: new URL(link.url).pathname.split('/').pop() });
  return client;
}

export async function openPerson(t: TestApp, link: MeetingLink | HttpClient, meetingId: string): Promise<Person> {
  const client = link instanceof HttpClient ? link : await linkClient(t.baseUrl, link);
  const socket = connectSocket(t.baseUrl, client.cookie);
  const events: QueueEvent[] = [];
  socket.on('queue:event', (e) => events.push(e));
  await waitForConnect(socket);
  const join = await emitAck<JoinSnapshot>(socket, 'meeting:join', { meetingId, protocolVersion: PROTOCOL_VERSION });
  if ('error' in join) throw new Error(`join failed: ${join.error.message}`);
  return {
    client,
    socket,
    events,
    join: join.data,
    send: (command, expectedSeq, commandId = randomUUID()) =>
      emitAck<QueueCommandResult>(socket, 'queue:command', { meetingId, commandId, command, expectedSeq }),
    close: () => socket.disconnect(),
  };
}

/**
 * An admin, OPDs and a meeting with its links. Attendance alternates room and remote (the
 * factory's), unless `remoteFirst` says how many of the first speakers attend by video (the rest in the room).
 */
export async function setUpMeeting(t: TestApp, shortNames = ['Dinkes', 'Dinsos', 'Disdik'], opts: { remoteFirst?: number } = {}) {
  const admin = await adminClient(t);
  const opds = await createOpds(admin, shortNames);
  const input = meetingInput(opds);
  const { remoteFirst } = opts;
  if (remoteFirst !== undefined) input.participants = input.participants.map((p, i) => ({ ...p, attendance: i < remoteFirst ? 'remote' : 'room' }));
  const meeting = (await admin.post<Meeting>(API.meetings, input)).body;
  const links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items;
  // Participants' links by speaking position; other roles by their order in the list.
  const linkFor = (role: string, i = 0): MeetingLink =>
    role === 'participant'
      ? must(
          links.find((l) => l.participantId === at(meeting.participants, i, 'participant').id),
          `the link of participant ${i}`,
        )
      : at(
          links.filter((l) => l.role === role),
          i,
          `${role} link`,
        );
  return { admin, opds, meeting, links, linkFor };
}

/** The person presses a button; a refusal fails the test (or the benchmark) with its message. */
export async function pressOk(person: Person, command: QueueCommandInput): Promise<void> {
  const ack = await person.send(command);
  if ('error' in ack) throw new Error(`${command.type} refused: ${ack.error.message}`);
}

/** Waits until `person` has heard the event with `seq`, failing after `ms`. */
export async function heard(person: Person, seq: number, ms = 5000): Promise<void> {
  await eventually(() => person.events.some((e) => e.seq >= seq), {
    what: `seq ${seq} to be heard`,
    timeoutMs: ms,
    seen: () => `last seq ${person.events.at(-1)?.seq}`,
  });
}
