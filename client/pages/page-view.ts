import type { Component } from 'svelte';
import type { MessageAreaName } from '../../shared/i18n';
import type { PAGE_ROUTES, PageName, PageParams } from '../../shared/protocol/pages';
import { ALL_AREAS, locale } from '../lib/i18n.svelte';

export type Props = Record<string, unknown>;

/** A page's module, fetched when the page is first opened: each page is a chunk of its own, so a participant's phone never downloads the admin pages. */
type PageModule<P extends Props> = () => Promise<{ default: Component<P> }>;

/** What a page of shared/protocol/pages.ts draws: a component, given props from the path's parameters. */
export interface PageView<N extends PageName> {
  load: () => Promise<Component<Props>>;
  props: (params: PageParams<N>) => Props;
}

/**
 * Checks the props against the component here; App draws every page the same way. A page comes
 * with the texts it needs (the first screen's areas are always there): the admin's pages take
 * them all; the meeting page's screens ask for their own.
 */
export function view<N extends PageName, P extends Props>(
  module: PageModule<P>,
  props: (params: PageParams<N>) => P,
  areas: readonly MessageAreaName[] = ALL_AREAS,
): PageView<N> {
  return {
    load: async () => {
      const [loaded] = await Promise.all([module(), locale.need(areas)]);
      return loaded.default as unknown as Component<Props>;
    },
    props,
  };
}

/** The pages only the secretariat opens (`access: 'admin'` in shared/protocol/pages.ts). */
export type AdminPageName = { [N in PageName]: (typeof PAGE_ROUTES)[N]['access'] extends 'admin' ? N : never }[PageName];
