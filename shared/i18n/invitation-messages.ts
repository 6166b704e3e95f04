/**
 * The invitation a secretariat sends each OPD (shared/domain/meeting/invitation.ts). It is an
 * official letter and is always written from the `id` texts; `en` is kept for the catalogue's rule
 * that both locales hold every key.
 */
export const invitationId = {
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
