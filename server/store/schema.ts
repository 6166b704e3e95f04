/** Row types of the database, shared by every SQL dialect Rakor may run on. */
import type { Generated } from 'kysely';
export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  created_at: string;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  role: string;
  name: string;
  user_id: string | null;
  meeting_id: string | null;
  participant_id: string | null;
  link_id: string | null;
  created_at: string;
  expires_at: string;
}

export interface OpdsTable {
  id: string;
  name: string;
  short_name: string;
  /** Lower-cased short name: the unit's natural key for imports. */
  short_key: string;
  kind: string;
  group_name: string;
  /** Its place within its group (1 = first). */
  position: number;
  head_name: string;
  head_title: string;
  /** E.164 digits ("6281234567890"), '' for none. */
  whatsapp: Generated<string>;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingsTable {
  id: string;
  title: string;
  kind: string;
  date: string;
  start_time: string;
  end_time: string;
  time_zone: string;
  place: string;
  mode: string;
  chair_name: string;
  chair_title: string;
  notulis_json: string;
  default_allotment_minutes: number;
  floor_mode: string;
  /** The external call link (https), '' for none. */
  external_call_url: string;
  /** SessionWindow[] as JSON ('[]': one session spanning the meeting). */
  sessions_json: Generated<string>;
  /** AgendaItem[] as JSON ('[]': the default agenda). */
  agenda_json: Generated<string>;
  /** SEQUENCE of its calendar events: raised when its date, time, place or cancellation changes. */
  ics_sequence: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ParticipantsTable {
  id: string;
  meeting_id: string;
  opd_id: string;
  representative_name: string;
  representative_title: string;
  /** E.164 digits, '' for none. */
  representative_whatsapp: Generated<string>;
  attendance: string;
  session: number;
  position: number;
  allotment_minutes: number | null;
}

export interface LinksTable {
  id: string;
  meeting_id: string;
  role: string;
  participant_id: string | null;
  /** For notulis links: which notulis of the meeting (0-based). */
  notulis_index: number | null;
  label: string;
  /** Random input of the token derivation; with the key in DATA_DIR it re-creates the URL. */
  nonce: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface QueueEventsTable {
  meeting_id: string;
  seq: number;
  at: number;
  body_json: string;
}

/** The accepted queue commands of the last few hundred events, by the client's command id (deduplication). */
export interface QueueCommandsTable {
  meeting_id: string;
  command_id: string;
  /** The seq the client sent with it, or null. */
  expected_seq: number | null;
  /** Who gave which command, canonical JSON: a repeat must match it. */
  fingerprint: string;
  /** The seq the command led to: its ack. */
  result_seq: number;
  at: number;
}

export interface QueueStateTable {
  meeting_id: string;
  seq: number;
  phase: string;
  state_json: string;
}

export interface MinutesUpdatesTable {
  id: Generated<number>;
  meeting_id: string;
  update_blob: Uint8Array;
  at: number;
}

export interface MinutesSnapshotsTable {
  meeting_id: string;
  state_blob: Uint8Array;
  through_id: number;
  at: number;
}

export interface MinutesStatusTable {
  meeting_id: string;
  finalized_at: string | null;
  finalized_by: string | null;
  version: number;
  reopened_at: string | null;
  reopened_by: string | null;
}

export interface MinutesVersionsTable {
  meeting_id: string;
  version: number;
  state_blob: Uint8Array;
  created_at: string;
  created_by: string;
  /** The finaliser's role (chair, notulis, admin); '' for versions kept before 0016. */
  created_role: Generated<string>;
}

/** The kop surat: a single row, id 1. */
export interface LetterheadTable {
  id: number;
  government: string;
  office: string;
  address: string;
  phone: string;
  email: string;
  website: string;
  numbering_pattern: string;
  logo_bytes: Uint8Array | null;
  logo_mime: string | null;
  logo_width: number | null;
  logo_height: number | null;
  logo_updated_at: string | null;
  updated_at: string;
  updated_by: string;
}

/** The last nomor notulen given in a year. */
export interface MinutesNumberCountersTable {
  year: number;
  last_seq: number;
}

/** The nomor a meeting's minutes got at their first finalisation. */
export interface MinutesNumbersTable {
  meeting_id: string;
  year: number;
  seq: number;
  nomor: string;
  assigned_at: string;
}

export interface FollowUpsTable {
  id: string;
  meeting_id: string;
  position: number;
  action: string;
  opd_ids_json: string;
  due_date: string;
  status: string;
  updated_at: string;
  /** The status and due date as the document last held them: a sync tells from them whose edit is newer. */
  doc_status: string;
  doc_due_date: string;
  created_at: string;
  updated_by: string;
}

export interface FollowUpOwnersTable {
  meeting_id: string;
  follow_up_id: string;
  opd_id: string;
}

export interface StoredFilesTable {
  id: string;
  name: string;
  mime: string;
  size_bytes: number;
  sha256: string;
  bytes: Uint8Array;
  created_at: string;
}

/** Bahan rapat: each participant's one current paparan, its PDF in stored_files. */
export interface MeetingMaterialsTable {
  meeting_id: string;
  participant_id: string;
  file_id: string;
  title: string;
  page_count: number;
  uploaded_at: string;
  uploaded_by: string;
}

/** What the room's projector shows of the bahan rapat: one row per meeting that ever showed one. */
export interface MaterialDisplaysTable {
  meeting_id: string;
  /** Null: nothing shown. */
  participant_id: string | null;
  page: number;
  /** The turn on the floor when it was shown: the display clears when the floor moves on. */
  turn_id: string | null;
  updated_at: string;
}

export interface FollowUpNotesTable {
  id: string;
  meeting_id: string;
  follow_up_id: string;
  created_at: string;
  author_name: string;
  author_opd_id: string | null;
  status_from: string | null;
  status_to: string | null;
  text: string;
  link_url: Generated<string>;
  file_id: string | null;
}

export interface FollowUpReviewsTable {
  meeting_id: string;
  from_meeting_id: string;
  follow_up_id: string;
  decision: string;
  decided_by: string;
  decided_at: string;
}

export interface OpdPageLinksTable {
  token_hash: string;
  opd_id: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

export interface VideoWebhookEventsTable {
  event_id: string;
  meeting_id: string;
  received_at: string;
}

/** The last LiveKit failure moving a meeting's floor, kept for the chair until an update succeeds. */
export interface VideoFloorErrorsTable {
  meeting_id: string;
  message: string;
  at: string;
}

export interface VideoPresenceTable {
  meeting_id: string;
  /** LiveKit's id of one connection; a reconnect after leaving gets a new one. */
  sid: string;
  identity: string;
  participant_id: string | null;
  name: string;
  joined_at: string;
  left_at: string | null;
}

export interface SeriesTable {
  id: string;
  name: string;
  /** The SeriesInput as saved. */
  input_json: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SeriesOccurrencesTable {
  meeting_id: string;
  series_id: string;
  /** The occurrence's slot in the plan; a hand move changes the meeting's date, not this. */
  date: string;
  group_label: string;
  extra: number;
  /** Edited by hand: series edits leave it alone. */
  detached: number;
  cancelled: number;
  /** The rule's date, when a holiday moved the occurrence. */
  moved_from: string | null;
}

export interface HolidaysTable {
  date: string;
  name: string;
  created_at: string;
}

/** Secrets every node shares (the link-signing key when the store is PostgreSQL). */
export interface SecretsTable {
  name: string;
  value: Uint8Array;
  created_at: string;
}

/** Periodic work of the cluster: the node that moves next_run_at on does the period's run. */
export interface ClusterJobsTable {
  name: string;
  /** Milliseconds: the next period may be claimed from then on. */
  next_run_at: number;
  /** Who claimed the last period (a node's name). */
  owner: string | null;
  /** Milliseconds: when the last period was claimed. */
  ran_at: number | null;
}

export interface Database {
  letterhead: LetterheadTable;
  minutes_number_counters: MinutesNumberCountersTable;
  minutes_numbers: MinutesNumbersTable;
  secrets: SecretsTable;
  cluster_jobs: ClusterJobsTable;
  series: SeriesTable;
  series_occurrences: SeriesOccurrencesTable;
  holidays: HolidaysTable;
  video_webhook_events: VideoWebhookEventsTable;
  video_presence: VideoPresenceTable;
  video_floor_errors: VideoFloorErrorsTable;
  minutes_updates: MinutesUpdatesTable;
  minutes_snapshots: MinutesSnapshotsTable;
  minutes_status: MinutesStatusTable;
  minutes_versions: MinutesVersionsTable;
  follow_ups: FollowUpsTable;
  follow_up_owners: FollowUpOwnersTable;
  stored_files: StoredFilesTable;
  meeting_materials: MeetingMaterialsTable;
  material_displays: MaterialDisplaysTable;
  follow_up_notes: FollowUpNotesTable;
  follow_up_reviews: FollowUpReviewsTable;
  opd_page_links: OpdPageLinksTable;
  queue_events: QueueEventsTable;
  queue_state: QueueStateTable;
  queue_commands: QueueCommandsTable;
  users: UsersTable;
  setup_tokens: SetupTokensTable;
  sessions: SessionsTable;
  opds: OpdsTable;
  meetings: MeetingsTable;
  participants: ParticipantsTable;
  links: LinksTable;
}
