import { describe, expect, it } from 'vitest';
import {
  dueInText,
  followUpReminderText,
  formatWhatsapp,
  meetingReminderText,
  normaliseWhatsapp,
  parseWhatsapp,
  reminderNumber,
  waMeUrl,
  type MeetingReminderInput,
  type WhatsappProblem,
} from '../../shared/domain/reminders/whatsapp';
import { whatsappSchema } from '../../shared/domain/reminders/schemas';
import { opdInputSchema, opdPatchSchema, participantInputSchema, validationError } from '../../shared/protocol';
import type { TimeZone } from '../../shared/protocol';

/** Pictographs, dingbats, flags and the emoji variation selector: none belongs in a reminder. */
const EMOJI = /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}]|\u{FE0F}/u;

describe('WhatsApp numbers as the directory keeps them', () => {
  it.each<[string, string]>([
    ['0812-3456-7890', '6281234567890'],
    ['+62 812 3456 7890', '6281234567890'],
    ['+62 (0)812 3456 7890', '6281234567890'],
    ['62812-3456-7890', '6281234567890'],
    ['6281234567890', '6281234567890'],
    ['812 3456 7890', '6281234567890'],
    ['0062 812 3456 7890', '6281234567890'],
    ['0812.3456.7890', '6281234567890'],
    ['(0812) 3456 7890', '6281234567890'],
    ['0812345678', '62812345678'],
    ['0812-3456-78901', '62812345678901'],
    ['0853 4712 0099', '6285347120099'],
    ['  ', ''],
    ['', ''],
  ])('WA1 "%s" is stored as "%s"', (typed, digits) => {
    expect(parseWhatsapp(typed)).toEqual({ ok: true, number: digits });
    expect(normaliseWhatsapp(typed)).toBe(digits);
    // A stored number reads back the same: the form shows formatWhatsapp, the server parses it again.
    if (digits) expect(normaliseWhatsapp(formatWhatsapp(digits))).toBe(digits);
  });

  it.each<[string, WhatsappProblem]>([
    ['0812-3456-789O', 'field.whatsappChars'],
    ['wa: 0812 3456 7890', 'field.whatsappChars'],
    ['6.28123E+12', 'field.whatsappChars'],
    ['0812+3456', 'field.whatsappChars'],
    ['+60 12 345 6789', 'field.whatsappCountry'],
    ['+1 415 555 0100', 'field.whatsappCountry'],
    ['0065 8123 4567', 'field.whatsappCountry'],
    ['021-3456-789', 'field.whatsappNotMobile'],
    ['(0541) 741 234', 'field.whatsappNotMobile'],
    ['0800 123 4567', 'field.whatsappNotMobile'],
    ['+62 21 345 6789', 'field.whatsappNotMobile'],
    ['0812-345-67', 'field.whatsappLength'],
    ['0812-3456-7890-12', 'field.whatsappLength'],
    ['08', 'field.whatsappLength'],
  ])('WA2 "%s" is refused: %s', (typed, reason) => {
    expect(parseWhatsapp(typed)).toEqual({ ok: false, reason });
    expect(normaliseWhatsapp(typed)).toBeNull();
  });

  it.each<[string, string]>([
    ['6281234567890', '+62 812-3456-7890'],
    ['62812345678', '+62 812-3456-78'],
    ['62812345678901', '+62 812-3456-7890-1'],
    ['', ''],
  ])('WA1 %s reads as "%s"', (digits, shown) => {
    expect(formatWhatsapp(digits)).toBe(shown);
  });

  it('WA1 the reminder goes to the representative’s number, else the OPD’s', () => {
    expect(reminderNumber('6281111111111', '6282222222222')).toBe('6281111111111');
    expect(reminderNumber('', '6282222222222')).toBe('6282222222222');
    expect(reminderNumber('', '')).toBe('');
  });

  it('WA2 the schemas store the digits and name the field of a refused number with its reason', () => {
    expect(whatsappSchema.parse(' 0812-3456-7890 ')).toBe('6281234567890');
    expect(opdInputSchema.parse({ name: 'Dinas Kesehatan', shortName: 'Dinkes', kind: 'dinas', group: 'Asisten I' }).whatsapp).toBe('');
    expect(opdPatchSchema.parse({ whatsapp: '+62 853 4712 0099' })).toEqual({ whatsapp: '6285347120099' });
    expect(participantInputSchema.parse({ opdId: 'o1' }).representativeWhatsapp).toBe('');
    expect(participantInputSchema.parse({ opdId: 'o1', representativeWhatsapp: '0853-4712-0099' }).representativeWhatsapp).toBe('6285347120099');

    const bad = opdPatchSchema.safeParse({ whatsapp: '021-3456-789' });
    expect(bad.success).toBe(false);
    expect(validationError(bad.error!)).toMatchObject({
      code: 'bad_request',
      field: 'whatsapp',
      key: 'field.whatsappNotMobile',
      message: 'whatsapp: not a mobile number: a WhatsApp number starts with 08 or +62 8',
    });
    const long = whatsappSchema.safeParse('0'.repeat(41));
    expect(long.success ? null : validationError(long.error).key).toBe('field.maxChars');
  });
});

describe('the wa.me link', () => {
  it('WA3 opens a chat with the number’s digits and the text encoded, line breaks as %0A', () => {
    const url = waMeUrl('0812-3456-7890', 'Yth. Bapak/Ibu\n*Rakor* besok & lusa? 100% hadir #1');
    expect(url).toBe('https://wa.me/6281234567890?text=Yth.%20Bapak%2FIbu%0A*Rakor*%20besok%20%26%20lusa%3F%20100%25%20hadir%20%231');
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://wa.me/6281234567890');
    expect(parsed.searchParams.get('text')).toBe('Yth. Bapak/Ibu\n*Rakor* besok & lusa? 100% hadir #1');
    // The personal link inside the text survives the round trip, its own query and fragment too.
    const link = 'https://rakor.kutaitimurkab.go.id/l/abc_DEF-123?x=1#turn';
    expect(new URL(waMeUrl('6281234567890', `Tautan:\n${link}`)).searchParams.get('text')).toBe(`Tautan:\n${link}`);
  });

  it.each(['', '021-3456-789', 'nomor'])('WA3 refuses to build a link to "%s"', (number) => {
    expect(() => waMeUrl(number, 'teks')).toThrow(RangeError);
  });
});

const MEETING = {
  title: 'Coffee Morning Asisten I',
  date: '2022-06-13',
  startTime: '08:30',
  endTime: '11:45',
  timeZone: 'Asia/Makassar' as TimeZone,
  place: 'Ruang Meranti',
  externalCallUrl: '',
};
const LINK = 'https://rakor.example.go.id/l/tok_123';
const reminder = (over: Partial<MeetingReminderInput> = {}, meeting: Partial<typeof MEETING> = {}) =>
  meetingReminderText({
    meeting: { ...MEETING, ...meeting },
    recipientName: 'dr. Ahmad Rifa’i',
    opdName: 'Dinas Kesehatan',
    attendance: 'room',
    url: LINK,
    today: '2022-06-12',
    ...over,
  });

describe('the H-1 reminder of a meeting', () => {
  it('WA4 greets the person, names the meeting, its day in words, time with zone, place, attendance and the personal link', () => {
    expect(reminder()).toBe(
      [
        'Yth. Bapak/Ibu dr. Ahmad Rifa’i (Dinas Kesehatan)',
        '',
        'Dengan hormat, kami mengingatkan rapat besok:',
        '',
        '*Coffee Morning Asisten I*',
        'Hari/tanggal: Senin, 13 Juni 2022',
        'Jam: 08.30–11.45 WITA',
        'Tempat: Ruang Meranti',
        'Kehadiran: hadir di ruang rapat',
        '',
        'Tautan pribadi Bapak/Ibu (urutan bicara, giliran, dan video rapat; jangan diteruskan):',
        LINK,
        '',
        'Atas perhatian Bapak/Ibu, kami ucapkan terima kasih.',
        'Sekretariat Rapat',
      ].join('\n'),
    );
  });

  it.each<[string, string]>([
    ['2022-06-12', 'kami mengingatkan rapat besok:'],
    ['2022-06-13', 'kami mengingatkan rapat hari ini:'],
    ['2022-06-10', 'kami mengingatkan rapat pada Senin, 13 Juni 2022:'],
    ['2022-06-14', 'kami mengingatkan rapat pada Senin, 13 Juni 2022:'],
  ])('WA4 sent on %s it says "%s"', (today, said) => {
    expect(reminder({ today })).toContain(said);
  });

  it.each<[TimeZone, string]>([
    ['Asia/Jakarta', 'Jam: 08.30–11.45 WIB'],
    ['Asia/Makassar', 'Jam: 08.30–11.45 WITA'],
    ['Asia/Jayapura', 'Jam: 08.30–11.45 WIT'],
  ])('WA4 in %s the time reads "%s"', (timeZone, line) => {
    expect(reminder({}, { timeZone }).split('\n')).toContain(line);
  });

  it('WA4 a remote participant is told to join online, with the call link; no name greets the OPD; no place, no link: no line', () => {
    const remote = reminder({ attendance: 'remote' }, { externalCallUrl: 'https://zoom.us/j/123456789' }).split('\n');
    expect(remote).toContain('Kehadiran: daring, melalui tautan pribadi di bawah');
    expect(remote).toContain('Tautan rapat daring (Zoom): https://zoom.us/j/123456789');
    // The room's people need no call link.
    expect(reminder({}, { externalCallUrl: 'https://zoom.us/j/123456789' })).not.toContain('zoom.us');

    const bare = reminder({ recipientName: '', url: '' }, { place: '' });
    expect(bare.split('\n')[0]).toBe('Yth. Dinas Kesehatan');
    expect(bare).not.toContain('Tempat:');
    expect(bare).not.toContain('Tautan pribadi');
  });

  it('WA4 the text holds no emoji, and survives the wa.me link whole', () => {
    const text = reminder({ attendance: 'remote' }, { externalCallUrl: 'https://meet.google.com/abc-defg-hij' });
    expect(text).not.toMatch(EMOJI);
    const url = waMeUrl('081234567890', text);
    expect(url).not.toContain('\n');
    expect(url).toContain('%0A');
    expect(new URL(url).searchParams.get('text')).toBe(text);
  });
});

describe('a follow-up’s reminder near its due date', () => {
  it.each<[string, string]>([
    ['2022-06-27', '3 hari lagi'],
    ['2022-06-29', 'besok'],
    ['2022-06-30', 'hari ini'],
    ['2022-07-01', 'terlambat 1 hari'],
    ['2022-07-15', 'terlambat 15 hari'],
  ])('WA5 seen on %s a due date of 30 June reads "%s"', (today, left) => {
    expect(dueInText('2022-06-30', today)).toBe(left);
  });

  it('WA5 names the action, the due date in words with the days left, the meeting it came from and the link', () => {
    const text = followUpReminderText({
      recipientName: 'Sulastri',
      opdName: 'Badan Kepegawaian dan Pengembangan SDM',
      action: 'Usulkan anggaran P3K dalam APBD Perubahan',
      dueDate: '2022-06-30',
      today: '2022-06-27',
      meeting: { title: 'Coffee Morning Asisten I', date: '2022-06-13' },
      url: 'https://rakor.example.go.id/opd/xyz',
    });
    expect(text).toBe(
      [
        'Yth. Bapak/Ibu Sulastri (Badan Kepegawaian dan Pengembangan SDM)',
        '',
        'Dengan hormat, kami mengingatkan tindak lanjut hasil rapat berikut:',
        '',
        '*Usulkan anggaran P3K dalam APBD Perubahan*',
        'Batas waktu: Kamis, 30 Juni 2022 (3 hari lagi)',
        'Dari rapat: Coffee Morning Asisten I, Senin, 13 Juni 2022',
        '',
        'Perkembangannya dapat dilaporkan melalui:',
        'https://rakor.example.go.id/opd/xyz',
        '',
        'Atas perhatian Bapak/Ibu, kami ucapkan terima kasih.',
        'Sekretariat Rapat',
      ].join('\n'),
    );
    expect(text).not.toMatch(EMOJI);
    const overdue = followUpReminderText({
      recipientName: '',
      opdName: 'Kecamatan Sangatta Selatan',
      action: 'Siapkan lahan pasar',
      dueDate: '2022-06-30',
      today: '2022-07-02',
      meeting: { title: 'Coffee Morning', date: '2022-06-13' },
      url: '',
    });
    expect(overdue.split('\n')[0]).toBe('Yth. Kecamatan Sangatta Selatan');
    expect(overdue).toContain('Batas waktu: Kamis, 30 Juni 2022 (terlambat 2 hari)');
    expect(overdue).not.toContain('dilaporkan melalui');
  });
});
