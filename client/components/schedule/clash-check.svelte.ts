import { SCREEN_API } from '../../../shared/protocol/api-screens';
import type { ClashCheckInput, MeetingClash } from '../../../shared/protocol';
import { isCalendarDate } from '../../../shared/domain/time/calendar-date';
import { CLOCK_PATTERN } from '../../../shared/domain/time/wall-clock';
import { api } from '../../lib/api';

/** How long the form rests before it asks (CW8): typing a time or a place sends one request, not one per key. */
export const CLASH_DEBOUNCE_MS = 400;

export type ClashDraft = Omit<ClashCheckInput, 'participants' | 'mode'> & Pick<Partial<ClashCheckInput>, 'mode'> & { opdIds: string[] };

/**
 * The meeting form's clash check: the draft goes to the server once it rests for 400 ms, and only
 * the newest answer counts. A draft whose date or times cannot be read has no clashes to show; a
 * failed check says so and blocks nothing (a clash is a warning).
 */
export class ClashCheck {
  #clashes = $state<MeetingClash[]>([]);
  #checking = $state(false);
  #failed = $state(false);
  /** The day the answer is about, so the lines can say "on the same day". */
  #date = $state('');
  #timer: ReturnType<typeof setTimeout> | null = null;
  #seq = 0;
  #lastKey = '';

  get clashes(): MeetingClash[] {
    return this.#clashes;
  }
  get checking(): boolean {
    return this.#checking;
  }
  get failed(): boolean {
    return this.#failed;
  }
  get date(): string {
    return this.#date;
  }

  /** Asks again after the pause, unless the draft is what was asked last. */
  request(draft: ClashDraft): void {
    const key = JSON.stringify(draft);
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    if (this.#timer) clearTimeout(this.#timer);
    const seq = ++this.#seq;
    if (!readable(draft)) {
      this.#clashes = [];
      this.#checking = false;
      this.#failed = false;
      return;
    }
    this.#checking = true;
    this.#timer = setTimeout(() => void this.#send(draft, seq), CLASH_DEBOUNCE_MS);
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#seq++;
  }

  async #send(draft: ClashDraft, seq: number): Promise<void> {
    const { opdIds, ...rest } = draft;
    const body: Partial<ClashCheckInput> = { ...rest, participants: opdIds.map((opdId) => ({ opdId })) };
    try {
      const res = await api.post<{ items: MeetingClash[] }>(SCREEN_API.meetingClashes, body);
      if (seq !== this.#seq) return;
      this.#clashes = res.items;
      this.#date = draft.date;
      this.#failed = false;
    } catch {
      if (seq !== this.#seq) return;
      this.#clashes = [];
      this.#failed = true;
    } finally {
      if (seq === this.#seq) this.#checking = false;
    }
  }
}

function readable(d: ClashDraft): boolean {
  return isCalendarDate(d.date) && CLOCK_PATTERN.test(d.startTime) && CLOCK_PATTERN.test(d.endTime) && d.endTime > d.startTime;
}
