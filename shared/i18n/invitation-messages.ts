import { messageArea } from './message-area';

/**
 * The invitation a secretariat sends each OPD (shared/domain/meeting/invitation.ts). It is an
 * official letter and is always written from the `id` texts; `en` is kept for the catalogue's rule
 * that both locales hold every key.
 */
const invitationId = {
  'invitation.subject': 'Undangan: {title}, {date}',
  'invitation.turnMinutes': '{time} ({n} menit)',
  'invitation.to': 'Yth. {opd}',
  'invitation.attention': 'u.p. {name}',
  'invitation.greeting': 'Dengan hormat,',
  'invitation.inviting': 'kami mengundang Bapak/Ibu untuk menghadiri rapat berikut:',
  'invitation.date': 'Hari/tanggal: {date}',
  'invitation.time': 'Waktu: {range}',
  'invitation.place': 'Tempat: {place}',
  'invitation.mode': 'Bentuk: {mode}',
  'invitation.mode.room': 'Luring (tatap muka di ruang rapat)',
  'invitation.mode.online': 'Daring (video)',
  'invitation.mode.hybrid': 'Hibrida (di ruang rapat dan daring)',
  'invitation.callLink': 'Tautan rapat daring ({provider}): {url}',
  'invitation.chair': 'Pimpinan rapat: {chair}',
  'invitation.session': 'Sesi: sesi {n}, {range}',
  'invitation.turn': 'Jadwal paparan {opd}: pukul {range} ({n} menit)',
  'invitation.attendance.remote': 'Kehadiran: daring, melalui tautan pribadi',
  'invitation.attendance.room': 'Kehadiran: di ruang rapat',
  'invitation.link': 'Tautan pribadi {opd} (urutan bicara, giliran, dan video rapat; jangan diteruskan):',
  'invitation.closing': 'Atas perhatian dan kehadiran Bapak/Ibu, kami ucapkan terima kasih.',
} as const;

const invitationEn: Record<keyof typeof invitationId, string> = {
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

export const invitationMessages = messageArea(invitationId, invitationEn);
