import type { ApiError } from '../../shared/protocol';
import { MAX_ATTACHMENT_BYTES, type FollowUpDetail } from '../../shared/protocol/follow-ups';
import { messageText, t } from './i18n.svelte';

/** What a person typed into a progress note's form (the OPD's page, the secretariat's dialog). */
export interface ProgressNoteForm {
  text: string;
  /** '' keeps the status. */
  status: string;
  link: string;
  file: File | null;
}

/**
 * Sends a progress note as one form with its file, to the item's `notes` address (whichever route
 * the screen reached the item through). The size limit is said before a long upload on a weak
 * connection, not after it; a refusal comes back as the server's message, in the screen's language.
 */
export async function sendProgressNote(url: string, form: ProgressNoteForm): Promise<{ ok: true; detail: FollowUpDetail } | { ok: false; message: string }> {
  if (form.file && form.file.size > MAX_ATTACHMENT_BYTES)
    return { ok: false, message: t('followUps.note.fileTooLarge', { maxMb: MAX_ATTACHMENT_BYTES / (1024 * 1024) }) };
  const body = new FormData();
  body.set('text', form.text);
  body.set('status', form.status);
  body.set('link', form.link.trim());
  if (form.file) body.set('file', form.file, form.file.name);
  try {
    const res = await fetch(url, { method: 'POST', body, credentials: 'same-origin' });
    const parsed = (await res.json().catch(() => null)) as FollowUpDetail | { error: ApiError } | null;
    if (res.ok && parsed && !('error' in parsed)) return { ok: true, detail: parsed };
    return { ok: false, message: parsed && 'error' in parsed ? messageText(parsed.error) : `HTTP ${res.status}` };
  } catch {
    return { ok: false, message: messageText({ key: 'errors.network', message: 'network' }) };
  }
}
