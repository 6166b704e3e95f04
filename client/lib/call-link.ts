import { getContext, hasContext, setContext } from 'svelte';
import { isCallLink } from '../../shared/domain/meeting/call-link';

/**
 * A meeting's external call link as the components under a meeting page read it (VideoNotice,
 * wherever it is drawn): the page gives a reader of its live meeting, so an edit shows at once.
 */
export interface CallLinkSource {
  /** The link, or '' when the meeting has none (or holds something that is no https address). */
  readonly url: string;
}

const KEY = Symbol('call-link');

/** Called by a meeting page, during its component's initialisation. */
export function provideCallLink(read: () => string): void {
  setContext<CallLinkSource>(KEY, {
    get url() {
      const url = read();
      return isCallLink(url) ? url : '';
    },
  });
}

/** The link of the page's meeting; '' outside a meeting page. */
export function callLinkOfPage(): CallLinkSource {
  return hasContext(KEY) ? getContext<CallLinkSource>(KEY) : { url: '' };
}
