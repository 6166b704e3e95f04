import type { ApiError } from '../../shared/protocol';
import { MATERIAL_API, MAX_MATERIAL_BYTES, MAX_MATERIAL_MB, type Material, type MaterialDisplay } from '../../shared/protocol/material-constants';
import { api } from './api';
import { asApiError } from './errors';
import { request, type RakorSocket } from './socket';

/** A refusal as the screens show it: the server's typed error, or a local one with its catalogue key. */
export type MaterialFailure = ApiError;

export async function listMaterials(meetingId: string): Promise<Material[]> {
  return (await api.get<{ items: Material[] }>(MATERIAL_API.list(meetingId))).items;
}

/**
 * Uploads a paparan as a form (the one route that takes one). Too large is said before a byte
 * leaves the phone: on a weak connection a 20 MB upload refused at its end is minutes lost.
 */
export async function uploadMaterial(meetingId: string, file: File, title: string): Promise<Material | { error: MaterialFailure }> {
  if (file.size > MAX_MATERIAL_BYTES) {
    return {
      error: {
        code: 'too_large',
        key: 'materials.upload.tooLargeLocal',
        params: { maxMb: MAX_MATERIAL_MB, sizeMb: (file.size / (1024 * 1024)).toFixed(1) },
        message: 'too large',
      },
    };
  }
  const body = new FormData();
  if (title.trim()) body.set('title', title.trim());
  body.set('file', file, file.name);
  try {
    const res = await fetch(MATERIAL_API.list(meetingId), { method: 'POST', body, credentials: 'same-origin' });
    const parsed = (await res.json().catch(() => null)) as Material | { error: ApiError } | null;
    if (!res.ok || !parsed || 'error' in parsed)
      return { error: parsed && 'error' in parsed ? parsed.error : { code: 'internal', message: `HTTP ${res.status}` } };
    return parsed;
  } catch {
    return { error: { code: 'internal', key: 'errors.network', message: 'network' } };
  }
}

export async function deleteMaterial(meetingId: string, participantId: string): Promise<ApiError | null> {
  try {
    await api.del(MATERIAL_API.one(meetingId, participantId));
    return null;
  } catch (err) {
    return asApiError(err);
  }
}

/**
 * What the room's projector shows of the bahan rapat, as one screen mirrors it: read once, then
 * followed through `material:display`, and read again after every reconnect (what was said while
 * the socket was away is not replayed). Commands go through `show`; the server decides.
 */
export class MaterialDisplayFeed {
  #display = $state.raw<MaterialDisplay | null>(null);
  #error = $state.raw<ApiError | null>(null);
  #busy = $state(false);

  constructor(
    private readonly meetingId: string,
    private readonly socket: RakorSocket,
  ) {}

  get display(): MaterialDisplay | null {
    return this.#display;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  get busy(): boolean {
    return this.#busy;
  }

  /** Starts following; the returned function stops. */
  start(): () => void {
    const heard = (display: MaterialDisplay) => {
      if (display.meetingId === this.meetingId) this.#display = display;
    };
    const reload = () => void this.load();
    this.socket.on('material:display', heard);
    this.socket.on('connect', reload);
    reload();
    return () => {
      this.socket.off('material:display', heard);
      this.socket.off('connect', reload);
    };
  }

  async load(): Promise<void> {
    try {
      this.#display = await api.get<MaterialDisplay>(MATERIAL_API.display(this.meetingId));
    } catch (err) {
      this.#error = asApiError(err);
    }
  }

  /** Shows `participantId`'s paparan at `page` (null hides it); the refusal, if any, is kept in `error`. */
  async show(participantId: string | null, page = 1): Promise<boolean> {
    this.#busy = true;
    try {
      const res = await request(this.socket, 'material:show', { meetingId: this.meetingId, participantId, page }, 8000);
      if ('error' in res) {
        this.#error = res.error;
        return false;
      }
      this.#display = res.data;
      this.#error = null;
      return true;
    } catch {
      this.#error = { code: 'internal', key: 'errors.network', message: 'network' };
      return false;
    } finally {
      this.#busy = false;
    }
  }
}
