import { API } from '../../shared/protocol/api';
import type { SessionInfo, SessionState } from '../../shared/protocol';
import { api } from './api';

/** Who this browser is, as the server's cookie session says. */
class SessionStore {
  info = $state<SessionInfo | null>(null);
  setupRequired = $state(false);
  loaded = $state(false);

  async load(): Promise<void> {
    try {
      this.adopt(await api.get<SessionState>(API.session));
    } finally {
      this.loaded = true;
    }
  }

  adopt(state: SessionState): void {
    this.info = state.session;
    this.setupRequired = state.setupRequired;
  }

  async logout(): Promise<void> {
    try {
      await api.post(API.logout);
    } finally {
      this.info = null;
    }
  }

  get isAdmin(): boolean {
    return this.info?.role === 'admin';
  }
}

export const session = new SessionStore();
