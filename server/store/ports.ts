import type { LinkRole, Role } from '../../shared/domain/roles/roles';
import type { FollowUp, FollowUpStatus } from '../../shared/minutes/layout';
import type { ReviewDecision } from '../../shared/protocol/follow-ups';
import type { Meeting, MeetingInput, MeetingMode, MeetingSummary, Opd, OpdListQuery, QueueEvent, QueueState, TimeZone } from '../../shared/protocol';
import type { CalendarEntry, Holiday, SeriesInput } from '../../shared/protocol/schedule';

/**
 * The storage ports. Services speak only these interfaces, so a PostgreSQL store can be
 * added beside the SQLite one without touching a service or the domain.
 */

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  createdAt: string;
}

export interface SessionRecord {
  idHash: string;
  role: Role;
  name: string;
  userId: string | null;
  meetingId: string | null;
  participantId: string | null;
  linkId: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface LinkRecord {
  id: string;
  meetingId: string;
  role: LinkRole;
  participantId: string | null;
  notulisIndex: number | null;
  label: string;
  nonce: string;
  tokenHash: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface UserRepository {
  count(): Promise<number>;
  findByUsername(username: string): Promise<UserRecord | null>;
  insert(user: UserRecord): Promise<void>;
}

export interface SetupTokenRepository {
  /** Replaces any unused token: only the newest printed setup link works. */
  replace(tokenHash: string, now: string): Promise<void>;
  /** Marks the token used; false when it is unknown or already used. */
  consume(tokenHash: string, now: string): Promise<boolean>;
}

export interface SessionRepository {
  insert(session: SessionRecord): Promise<void>;
  find(idHash: string): Promise<SessionRecord | null>;
  touch(idHash: string, expiresAt: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  deleteByLink(linkId: string): Promise<void>;
  /** Deletes the sessions expired at `now` and returns their id hashes. */
  deleteExpired(now: string): Promise<string[]>;
}

export interface OpdRepository {
  list(query: OpdListQuery): Promise<Opd[]>;
  get(id: string): Promise<Opd | null>;
  getMany(ids: readonly string[]): Promise<Opd[]>;
  findByShortNames(shortNames: readonly string[]): Promise<Opd[]>;
  groups(): Promise<string[]>;
  insert(opd: Opd): Promise<void>;
  update(opd: Opd): Promise<void>;
  /** The highest position in a group (archived units included), 0 when it is empty. */
  lastPosition(group: string): Promise<number>;
  /** Moves a unit within its group; its other fields and updatedAt stay. */
  setPosition(id: string, position: number): Promise<void>;
}

export interface NewParticipant {
  id: string;
  opdId: string;
  representativeName: string;
  representativeTitle: string;
  /** E.164 digits, '' for none. */
  representativeWhatsapp: string;
  attendance: 'room' | 'remote';
  session: number;
  allotmentMinutes: number | null;
}

export interface MeetingRecord extends Omit<MeetingInput, 'participants'> {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export interface MeetingRepository {
  list(): Promise<MeetingSummary[]>;
  get(id: string): Promise<Meeting | null>;
  insert(meeting: MeetingRecord): Promise<void>;
  update(meeting: MeetingRecord): Promise<void>;
  /** Replaces the participant list; array order is the speaking order. */
  replaceParticipants(meetingId: string, participants: readonly NewParticipant[]): Promise<void>;
  setOrder(meetingId: string, participantIds: readonly string[]): Promise<void>;
  /** Meetings on or after `fromDate` where the OPD takes part, by date and start time. */
  idsWithOpd(opdId: string, fromDate: string): Promise<string[]>;
  /** The SEQUENCE its calendar events carry (0 for an unknown meeting). */
  calendarSequence(meetingId: string): Promise<number>;
  /** Its calendar events changed (moved, cancelled): SEQUENCE one up, updated at `at`. */
  bumpCalendar(meetingId: string, at: string): Promise<void>;
  /**
   * The meetings dated on one of `dates` that may still clash (CW5): not a cancelled occurrence,
   * not ended; with their series (or null) and invited OPDs. By date and start time.
   */
  clashCandidates(dates: readonly string[]): Promise<ClashCandidate[]>;
}

/** What a clash check needs of a stored meeting. */
export interface ClashCandidate {
  id: string;
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: TimeZone;
  place: string;
  mode: MeetingMode;
  chairName: string;
  seriesId: string | null;
  /** Its participants' OPDs, in speaking order. */
  opds: { id: string; shortName: string }[];
}

export interface LinkRepository {
  listByMeeting(meetingId: string): Promise<LinkRecord[]>;
  get(id: string): Promise<LinkRecord | null>;
  findByTokenHash(tokenHash: string): Promise<LinkRecord | null>;
  insert(link: LinkRecord): Promise<void>;
  revoke(id: string, now: string): Promise<void>;
  updateLabel(id: string, label: string): Promise<void>;
}

export interface QueueRepository {
  /** The state after the last stored event, or null when the queue was never touched. */
  loadState(meetingId: string): Promise<QueueState | null>;
  /** Meetings whose queue is running: their timers are rescheduled at boot. */
  runningMeetingIds(): Promise<string[]>;
  /**
   * Appends events and the state they lead to, atomically, with the command that made them (kept
   * for deduplication; commands older than QUEUE_COMMAND_WINDOW events are forgotten).
   */
  append(events: readonly QueueEvent[], state: QueueState, command?: QueueCommandRecord): Promise<void>;
  eventsSince(meetingId: string, seq: number, limit: number): Promise<QueueEvent[]>;
  /**
   * Inside a transaction: holds the meeting's queue for the rest of it, so commands of one meeting
   * run one at a time across every node (PostgreSQL: an advisory transaction lock; SQLite: one
   * process writes, and its transactions already run one at a time).
   */
  lock(meetingId: string): Promise<void>;
  /** The seq of the stored state, or null when the queue was never touched: a cache is checked against it. */
  storedSeq(meetingId: string): Promise<number | null>;
  /** An accepted command of the meeting by its client-made id. */
  findCommand(meetingId: string, commandId: string): Promise<QueueCommandRecord | null>;
  /** An accepted command given from `expectedSeq` with this fingerprint (the first tap of a double tap). */
  findCommandFrom(meetingId: string, expectedSeq: number, fingerprint: string): Promise<QueueCommandRecord | null>;
  /**
   * Inside a transaction: waits until no other transaction, in this process or another, holds the
   * meeting's queue, and holds it until this transaction ends, so one command at a time reads and
   * writes it across the cluster. Outside a transaction it holds nothing. On SQLite one process
   * writes the database and its transactions already run one at a time: nothing to wait for.
   */
  lock(meetingId: string): Promise<void>;
  /** The seq of the stored state (what the last event numbered), or null when the queue was never touched. */
  storedSeq(meetingId: string): Promise<number | null>;
}

/** How many events back the command ids of a meeting are kept. */
export const QUEUE_COMMAND_WINDOW = 500;

/** An accepted queue command, as deduplication needs it. */
export interface QueueCommandRecord {
  meetingId: string;
  commandId: string;
  expectedSeq: number | null;
  /** Who gave which command, as canonical JSON. */
  fingerprint: string;
  /** The seq the command led to: what its ack said. */
  resultSeq: number;
  at: number;
}

export interface MinutesLog {
  snapshot: Uint8Array | null;
  /** The last update id the snapshot folds in (0 without one). */
  snapshotThrough: number;
  /** Updates after the snapshot, in the order they were accepted. */
  updates: { id: number; update: Uint8Array }[];
}

export interface MinutesStatusRecord {
  meetingId: string;
  finalizedAt: string | null;
  finalizedBy: string | null;
  version: number;
  reopenedAt: string | null;
  reopenedBy: string | null;
}

export interface MinutesRepository {
  load(meetingId: string): Promise<MinutesLog>;
  /**
   * Inside a transaction: holds the meeting's minutes log for the rest of it across every node
   * (PostgreSQL: an advisory transaction lock; SQLite: one process writes). Loads, the server's
   * own edits and compactions run under it; client updates are appended without it.
   */
  lock(meetingId: string): Promise<void>;
  /** Appends one accepted update; returns its id in the log. */
  appendUpdate(meetingId: string, update: Uint8Array, at: number): Promise<number>;
  /** Stores `state` as the snapshot and drops the updates it covers (id <= throughId). */
  compact(meetingId: string, state: Uint8Array, throughId: number, at: number): Promise<void>;
  updateCount(meetingId: string): Promise<number>;
  /**
   * What the log holds past `afterId`, cheaply: the ids of later updates and the id the snapshot
   * covers. A node compares it with what it heard from the others to find a relay it missed.
   */
  logHead(meetingId: string, afterId: number): Promise<{ snapshotThrough: number; ids: number[] }>;
  status(meetingId: string): Promise<MinutesStatusRecord | null>;
  saveStatus(status: MinutesStatusRecord): Promise<void>;
  /** `createdRole`: the finaliser's role, listed beside the name in the version history. */
  addVersion(meetingId: string, version: number, state: Uint8Array, createdAt: string, createdBy: string, createdRole?: string): Promise<void>;
  /** Every finalised version of the meeting's minutes, oldest first, without their states. */
  versions(meetingId: string): Promise<MinutesVersionRecord[]>;
  /** One version with the document state it froze; null when there is no such version. */
  version(meetingId: string, version: number): Promise<(MinutesVersionRecord & { state: Uint8Array }) | null>;
  /** The nomor the meeting's minutes got, or null before their first finalisation. */
  number(meetingId: string): Promise<MinutesNumberRecord | null>;
  /**
   * Inside the finalisation's transaction: the meeting's nomor, claimed from the counter of `year`
   * when it has none yet (the counter row is incremented in place, so two nodes finalising at once
   * get two numbers), spelt by `spell(seq)`. A meeting that has one keeps it.
   */
  claimNumber(meetingId: string, year: number, spell: (seq: number) => string, at: string): Promise<MinutesNumberRecord>;
}

export interface MinutesVersionRecord {
  meetingId: string;
  version: number;
  createdAt: string;
  createdBy: string;
  createdRole: string;
}

export interface MinutesNumberRecord {
  meetingId: string;
  year: number;
  seq: number;
  nomor: string;
  assignedAt: string;
}

/** The kop surat's texts and numbering pattern as stored (the logo's bytes apart). */
export interface LetterheadRecord {
  government: string;
  office: string;
  address: string;
  phone: string;
  email: string;
  website: string;
  numberingPattern: string;
  logo: { mime: string; widthPx: number; heightPx: number; sizeBytes: number; updatedAt: string } | null;
  updatedAt: string;
  updatedBy: string;
}

export interface LetterheadRepository {
  /** The saved kop surat, or null before the admin saved one. */
  get(): Promise<LetterheadRecord | null>;
  /** Saves the texts and pattern, keeping the logo. */
  save(record: Omit<LetterheadRecord, 'logo'>): Promise<void>;
  /** Sets the logo of a saved kop surat; false when none is saved yet. */
  setLogo(logo: { bytes: Uint8Array; mime: string; widthPx: number; heightPx: number }, at: string, by: string): Promise<boolean>;
  clearLogo(at: string, by: string): Promise<void>;
  logo(): Promise<{ bytes: Uint8Array; mime: string; widthPx: number; heightPx: number } | null>;
}

/** A tracked follow-up as stored: the document's fields, the tracker's, and the document's last-seen values. */
export interface FollowUpRow extends FollowUp {
  meetingId: string;
  position: number;
  /** Status and due date as the document last held them (see server/services/follow-up-sync.ts). */
  docStatus: FollowUpStatus;
  docDueDate: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** A row of the tracker's lists: the item and the meeting it came from. */
export interface FollowUpListRow extends FollowUpRow {
  meetingTitle: string;
  meetingDate: string;
  meetingTimeZone: string;
  seriesId: string | null;
  noteCount: number;
}

export interface FollowUpSearch {
  opdIds?: readonly string[];
  meetingIds?: readonly string[];
  seriesId?: string;
  statuses?: readonly FollowUpStatus[];
  /** Only items due before this date (YYYY-MM-DD); '' due dates never match. */
  dueBefore?: string;
  /** Only items of meetings dated before this date. */
  meetingBefore?: string;
}

export interface ProgressNoteRow {
  id: string;
  meetingId: string;
  followUpId: string;
  createdAt: string;
  authorName: string;
  authorOpdId: string | null;
  statusFrom: FollowUpStatus | null;
  statusTo: FollowUpStatus | null;
  text: string;
  linkUrl: string;
  fileId: string | null;
}

export interface StoredFileMeta {
  id: string;
  name: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

export interface StoredFile extends StoredFileMeta {
  bytes: Uint8Array;
}

export interface ReviewRow {
  meetingId: string;
  fromMeetingId: string;
  followUpId: string;
  decision: ReviewDecision;
  decidedBy: string;
  decidedAt: string;
}

/** The tracker: follow-ups across meetings, their notes and files, later meetings' reviews, OPD page links. */
export interface FollowUpRepository {
  forMeeting(meetingId: string): Promise<FollowUpRow[]>;
  get(meetingId: string, id: string): Promise<FollowUpRow | null>;
  /** Inserts or updates the item and rewrites its owners. */
  upsert(row: FollowUpRow): Promise<void>;
  remove(meetingId: string, ids: readonly string[]): Promise<void>;
  search(query: FollowUpSearch): Promise<FollowUpListRow[]>;
  addNote(note: ProgressNoteRow): Promise<void>;
  notes(meetingId: string, followUpId: string): Promise<ProgressNoteRow[]>;
  addFile(file: StoredFile): Promise<void>;
  fileMeta(ids: readonly string[]): Promise<StoredFileMeta[]>;
  file(id: string): Promise<StoredFile | null>;
  /** How many files are kept: what a refused upload must leave unchanged. */
  fileCount(): Promise<number>;
  /** Records a review; false when that meeting already reviewed the item (the first one stays). */
  addReview(review: ReviewRow): Promise<boolean>;
  reviews(meetingId: string): Promise<ReviewRow[]>;
  /** The OPD's standing page link: a new one replaces (revokes) the old. */
  addPageLink(opdId: string, tokenHash: string, createdAt: string, createdBy: string): Promise<void>;
  revokePageLinks(opdId: string, at: string): Promise<number>;
  /** The OPD a live page link belongs to, or null (unknown or revoked). */
  pageLinkOpd(tokenHash: string): Promise<string | null>;
  activePageLink(opdId: string): Promise<{ createdAt: string; createdBy: string } | null>;
}

/** A participant's current paparan: the row beside its file's meta (the bytes stay in stored_files). */
export interface MaterialRow {
  meetingId: string;
  participantId: string;
  fileId: string;
  title: string;
  pageCount: number;
  uploadedAt: string;
  uploadedBy: string;
  fileName: string;
  sizeBytes: number;
}

export interface MaterialDisplayRow {
  meetingId: string;
  participantId: string | null;
  page: number;
  turnId: string | null;
  updatedAt: string;
}

/** Bahan rapat: one paparan per participant of a meeting, and what the room's projector shows of them. */
export interface MaterialRepository {
  /** Stores the file and makes it the participant's paparan; the file it replaces is deleted. */
  put(row: Omit<MaterialRow, 'fileName' | 'sizeBytes'>, file: StoredFile): Promise<void>;
  forMeeting(meetingId: string): Promise<MaterialRow[]>;
  get(meetingId: string, participantId: string): Promise<MaterialRow | null>;
  /** Removes the paparan and its file; false when there was none. */
  remove(meetingId: string, participantId: string): Promise<boolean>;
  display(meetingId: string): Promise<MaterialDisplayRow | null>;
  setDisplay(row: MaterialDisplayRow): Promise<void>;
  /** Hides what is shown when it was shown on another turn than `currentTurnId`; true when it did. */
  clearDisplayUnlessTurn(meetingId: string, currentTurnId: string | null, at: string): Promise<boolean>;
}

/** One connection to a meeting's LiveKit room, as LiveKit reported it. */
export interface PresenceRecord {
  meetingId: string;
  /** LiveKit's participant sid: one per connection. */
  sid: string;
  identity: string;
  /** The meeting participant behind the identity; null for the room feed and watchers. */
  participantId: string | null;
  name: string;
  joinedAt: string;
  leftAt: string | null;
}

/** A LiveKit failure moving a meeting's floor, as the chair reads it. */
export interface FloorError {
  message: string;
  /** ISO time of the failure. */
  at: string;
}

export interface VideoRepository {
  /** Remembers a handled webhook event; false when it was handled before (LiveKit may deliver twice). */
  recordEvent(eventId: string, meetingId: string, at: string): Promise<boolean>;
  /** Forgets the handled events received before `before` (ISO time); returns how many went. */
  pruneEvents(before: string): Promise<number>;
  /** The last failure moving the meeting's floor in LiveKit, or null. */
  floorError(meetingId: string): Promise<FloorError | null>;
  /** Keeps `error` as the meeting's last floor failure, replacing any before it. */
  setFloorError(meetingId: string, error: FloorError): Promise<void>;
  /** Forgets the meeting's floor failure; true when there was one. */
  clearFloorError(meetingId: string): Promise<boolean>;
  /** A connection began; a second report of the same sid changes nothing. True when it was new. */
  joined(record: Omit<PresenceRecord, 'leftAt'>): Promise<boolean>;
  /**
   * A connection ended. A leave whose join was lost (or arrives first) is stored with both times.
   * True when something changed.
   */
  left(record: Omit<PresenceRecord, 'leftAt'> & { leftAt: string }): Promise<boolean>;
  /** Every connection of the meeting, oldest first. */
  list(meetingId: string): Promise<PresenceRecord[]>;
  /** The connections not known to have ended. */
  connected(meetingId: string): Promise<PresenceRecord[]>;
}

export interface SeriesRecord {
  id: string;
  input: SeriesInput;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One generated occurrence of a series: a meeting, and its slot in the plan. */
export interface OccurrenceRecord {
  meetingId: string;
  seriesId: string;
  /** The slot's date in the plan (the meeting's own date may differ after a hand move). */
  date: string;
  groupLabel: string;
  extra: boolean;
  detached: boolean;
  cancelled: boolean;
  movedFrom: string | null;
}

export interface CalendarFilter {
  from: string;
  to: string;
  /** Meetings with a participant of this directory group, or occurrences of a rotation group so named. */
  group?: string;
  opdId?: string;
}

export interface ScheduleRepository {
  listSeries(): Promise<SeriesRecord[]>;
  getSeries(id: string): Promise<SeriesRecord | null>;
  insertSeries(series: SeriesRecord): Promise<void>;
  updateSeries(series: SeriesRecord): Promise<void>;
  /** A series' occurrences by slot date. */
  listOccurrences(seriesId: string): Promise<OccurrenceRecord[]>;
  occurrenceOfMeeting(meetingId: string): Promise<OccurrenceRecord | null>;
  insertOccurrence(occurrence: OccurrenceRecord): Promise<void>;
  updateOccurrence(occurrence: OccurrenceRecord): Promise<void>;
  listHolidays(): Promise<Holiday[]>;
  getHoliday(date: string): Promise<Holiday | null>;
  insertHoliday(holiday: Holiday): Promise<void>;
  /** False when there was no such holiday. */
  deleteHoliday(date: string): Promise<boolean>;
  /** Every meeting between `from` and `to` (inclusive), in a series or not, by date and time. */
  calendar(filter: CalendarFilter): Promise<CalendarEntry[]>;
}

export interface SecretRepository {
  /**
   * The secret of that name; the first caller's `create()` makes it, and every caller, on any node
   * and at the same moment too, gets the one value that was stored.
   */
  getOrCreate(name: string, create: () => Uint8Array): Promise<Uint8Array>;
}

export interface JobRepository {
  /**
   * Claims the periodic job `name` for the period starting at `now`: true for exactly one caller
   * per period across every node (whose `now` has reached the job's next run), which should then
   * do the work; false for the others. The next run is `now + periodMs`.
   */
  claim(name: string, now: number, periodMs: number, owner: string): Promise<boolean>;
}

export interface Repositories {
  secrets: SecretRepository;
  jobs: JobRepository;
  schedule: ScheduleRepository;
  video: VideoRepository;
  minutes: MinutesRepository;
  letterhead: LetterheadRepository;
  followUps: FollowUpRepository;
  materials: MaterialRepository;
  queue: QueueRepository;
  users: UserRepository;
  setupTokens: SetupTokenRepository;
  sessions: SessionRepository;
  opds: OpdRepository;
  meetings: MeetingRepository;
  links: LinkRepository;
}

export interface Store extends Repositories {
  /** Runs `work` atomically: every write inside lands, or none does. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
