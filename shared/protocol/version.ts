/** Bumped whenever an event or payload changes shape; a client of another version reloads. Its own file: the client's first screen reads it without loading any schema. */
export const PROTOCOL_VERSION = 1;
