/**
 * What the server refuses and why: the key of every AppError and domain refusal, and of the
 * field messages of the zod schemas that the application area does not already carry. The
 * English text is also the `message` of the error, the fallback a client without the key shows.
 */
export const errorsId = {
  'errors.commandIdReused': 'Id perintah ini sudah dipakai untuk perintah lain.',
  'errors.staleView': 'Tampilan Anda tertinggal (terlihat {seen}, kini {now}); sudah diperbarui, coba lagi.',
  'errors.meetingCancelled': 'Rapat ini dibatalkan oleh sekretariat; tidak dapat dimulai.',
  'errors.checkinCodeForbidden': 'Hanya proyektor, pimpinan rapat, dan sekretariat yang menampilkan kode daftar hadir.',
  'errors.checkinNoSession': 'Buka dulu tautan pribadi Anda di ponsel ini, lalu pindai lagi kode daftar hadir.',
  'errors.checkinNotParticipant': 'Daftar hadir diisi oleh peserta OPD, dengan tautan pribadi rapat ini.',
  'errors.checkinOtherMeeting': 'Ponsel ini memegang tautan rapat lain: buka dulu tautan Anda untuk rapat ini.',
  'errors.checkinLinkGone': 'Tautan Anda tidak lagi termasuk rapat ini.',
  'errors.checkinBadCode': 'Kode ini bukan kode daftar hadir rapat ini: pindai kode yang tampil di ruang rapat.',
  'errors.linkUnknown': 'Tautan ini tidak dikenal. Periksa bahwa seluruh tautan tersalin, atau minta tautan baru kepada sekretariat.',
  'errors.linkRevoked': 'Tautan ini sudah dicabut. Minta tautan baru kepada sekretariat.',
  'errors.noSession': 'Masuk, atau buka lagi tautan pribadi Anda.',
  'errors.roleForbidden': 'Peran Anda tidak boleh melakukan ini.',
  'errors.upcomingForbidden': 'Hanya tautan OPD itu sendiri yang menampilkan rapat-rapat berikutnya.',
  'errors.socketOrigin': 'Halaman ini tidak boleh membuka soket Rakor: buka Rakor di alamatnya sendiri.',
  'errors.protocolMismatch': 'Halaman ini memakai protokol {client}, server {server}: muat ulang halaman.',
  'errors.otherMeeting': 'Tautan Anda untuk rapat lain.',
  'errors.sessionGone': 'Sesi Anda berakhir. Masuk lagi atau buka tautan pribadi Anda.',
  'errors.videoUnconfigured': 'Video belum diatur di server ini (LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET).',
  'errors.videoNotParticipant': 'Tautan Anda tidak lagi menjadi peserta rapat ini.',
  'errors.videoInRoom': 'Anda hadir di ruang rapat: kamera dan mikrofon ruang membawa Anda, jadi Anda tidak bergabung ke panggilan.',
  'errors.roomFeedForbidden': 'Hanya pimpinan rapat, sekretariat, atau proyektor yang menjalankan siaran ruang rapat.',
  'errors.internalFallback': 'Terjadi kesalahan di server. Coba lagi; bila berlanjut, sampaikan kepada sekretariat.',

  'errors.queue.onlyParticipantAsks': 'Hanya peserta OPD yang dapat meminta bicara.',
  'errors.queue.notRunning': 'Rapat tidak sedang berlangsung.',
  'errors.queue.requestPending': 'Permintaan Anda ini masih menunggu.',
  'errors.queue.responseToOwnTurn':
    'Anda sedang memegang giliran bicara: tanggapan untuk giliran Anda sendiri tidak perlu diminta. Ajukan interupsi bila perlu.',
  'errors.queue.noSuchOwnRequest': 'Tidak ada permintaan Anda yang seperti itu.',
  'errors.queue.requestAnswered': 'Permintaan ini sudah dijawab.',
  'errors.queue.onlyChair': 'Hanya pimpinan rapat yang mengatur urutan bicara.',
  'errors.queue.participantMissing': 'Peserta ini tidak ada di rapat.',
  'errors.queue.checkinClosed': 'Rapat sudah selesai: daftar hadir ditutup.',
  // A personal link refused on opening: the landing page shows it.
  'errors.linkSuperseded': 'Sudah ada tautan yang lebih baru untuk orang ini: muat ulang daftar.',
  'errors.linksFromNetwork': 'Terlalu banyak tautan dibuka dari jaringan ini. Tunggu satu menit lalu coba lagi.',
} as const;
