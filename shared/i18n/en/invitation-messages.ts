import type { invitationId } from '../invitation-messages';

/** The English texts of invitation-messages.ts: the same keys, checked by the compiler and by test L4. */
export const invitationEn: Record<keyof typeof invitationId, string> = {
  'invitation.subject': 'Invitation: {title}, {date}',
  'invitation.turnMinutes': '{time} ({n} minutes)',
  'invitation.to': 'To {opd}',
  'invitation.attention': 'attn. {name}',
  'invitation.greeting': 'Dear Sir or Madam,',
  'invitation.inviting': 'we invite you to attend the following meeting:',
  'invitation.date': 'Day/date: {date}',
  'invitation.time': 'Time: {range}',
  'invitation.place': 'Place: {place}',
  'invitation.mode': 'Form: {mode}',
  'invitation.mode.room': 'In person (in the meeting room)',
  'invitation.mode.online': 'Online (video)',
  'invitation.mode.hybrid': 'Hybrid (in the meeting room and online)',
  'invitation.callLink': 'Online meeting link ({provider}): {url}',
  'invitation.chair': 'Chaired by: {chair}',
  'invitation.session': 'Session: session {n}, {range}',
  'invitation.turn': 'Presentation slot of {opd}: {range} ({n} minutes)',
  'invitation.attendance.remote': 'Attendance: online, through the personal link',
  'invitation.attendance.room': 'Attendance: in the meeting room',
  'invitation.link': 'Personal link of {opd} (speaking order, turn and meeting video; do not forward):',
  'invitation.closing': 'Thank you for your attention and attendance.',
};
