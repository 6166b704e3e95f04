import { z } from '../zod-setup';
import type { Role } from '../domain/roles/roles';

export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'field.minChars')
  .max(40, 'field.maxChars')
  .regex(/^[a-zA-Z0-9._-]+$/, 'field.usernameChars');

export const setupInputSchema = z.object({
  token: z.string().min(1, 'field.required').max(200),
  username: usernameSchema,
  password: z.string().min(10, 'field.minChars').max(200, 'field.maxChars'),
});
export type SetupInput = z.infer<typeof setupInputSchema>;

export const loginInputSchema = z.object({
  username: z.string().trim().min(1, 'field.required').max(40),
  password: z.string().min(1, 'field.required').max(200),
});
export type LoginInput = z.infer<typeof loginInputSchema>;

export const linkExchangeSchema = z.object({
  token: z.string().min(10, 'field.notPersonalLink').max(200),
});
export type LinkExchangeInput = z.infer<typeof linkExchangeSchema>;

/** What the client knows about who it is. */
export interface SessionInfo {
  role: Role;
  /** Admin's username, or the person or OPD a link was made for. */
  name: string;
  meetingId: string | null;
  participantId: string | null;
  expiresAt: string;
}

export interface SessionState {
  session: SessionInfo | null;
  /** True until the admin account exists: the login page then explains the setup link. */
  setupRequired: boolean;
}

export interface LinkExchangeResult {
  session: SessionInfo;
  /** Where the SPA goes next: the meeting page for that role. */
  redirect: string;
}
