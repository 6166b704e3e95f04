import * as Y from 'yjs';
import { API } from '../../shared/protocol/api';
import type { Meeting, MeetingLink } from '../../shared/protocol';
import { MINUTES_PARTS } from '../../shared/minutes/layout';
import { meetingInput } from '../factories';
import { openCollab } from '../helpers/collab-client';
import type { HttpClient } from '../helpers/http-client';
import { linkClient } from '../helpers/meeting-people';
import type { TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/wait';
import { must } from '../helpers/at';

/** A tindak lanjut as the notulis writes it in the minutes. */
export interface WrittenFollowUp {
  id: string;
  action: string;
  opdIds: string[];
  dueDate: string;
}

/**
 * The notulis of `meetingId` writes a tindak lanjut into its minutes (the Yjs document, as the
 * editor does), and the tracker has it once this resolves.
 */
export async function writeFollowUp(t: TestApp, notulisLink: MeetingLink, meetingId: string, item: WrittenFollowUp): Promise<void> {
  const notulis = await linkClient(t.baseUrl, notulisLink);
  const editor = openCollab(t.baseUrl, notulis.cookie, meetingId);
  try {
    await editor.synced();
    editor.doc.transact(() => {
      const f = new Y.Map<unknown>();
      f.set('id', item.id);
      f.set('action', item.action);
      f.set('opdIds', item.opdIds);
      f.set('dueDate', item.dueDate);
      f.set('status', 'open');
      editor.doc.getArray<Y.Map<unknown>>(MINUTES_PARTS.followUps).push([f]);
    });
    await eventually(async () => Boolean(await t.store.followUps.get(meetingId, item.id)), { what: `the tindak lanjut ${item.id} in the tracker` });
  } finally {
    editor.destroy();
  }
}

/** A later meeting of the same OPDs (their representatives, their order), with its links. */
export async function laterMeeting(admin: HttpClient, first: Meeting, overrides: { title: string; date: string }) {
  const input = meetingInput([], overrides);
  input.participants = first.participants.map((p) => ({ ...p, id: undefined }));
  const created = await admin.post<Meeting>(API.meetings, input);
  if (created.status !== 201) throw new Error(`later meeting: ${JSON.stringify(created.body)}`);
  const meeting = created.body;
  const links = (await admin.get<{ items: MeetingLink[] }>(API.meetingLinks(meeting.id))).body.items;
  const linkOf = (participantIndex: number) =>
    must(
      links.find((l) => l.participantId === meeting.participants[participantIndex]?.id),
      `the link of participant ${participantIndex}`,
    );
  const chairLink = must(
    links.find((l) => l.role === 'chair'),
    'the chair link',
  );
  return { meeting, links, linkOf, chairLink };
}
