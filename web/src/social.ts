// Typed client for `/api`, the web app's API: accounts, sessions and keys, the
// social graph, videos as social objects, comments and notifications
// (docs/api.md). Times are Unix milliseconds; lists are cursor-paginated.

import { ApiError, request, setCsrfToken } from './http';

// ---- Objects ----

export type Role = 'member' | 'admin';

/** The signed-in member. */
export interface Me {
  id: string;
  handle: string;
  display_name: string;
  bio: string;
  avatar_url: string | null;
  birthdate: string;
  country: string;
  role: Role;
  is_teen: boolean;
  follower_count: number;
  following_count: number;
  video_count: number;
  created_at: number;
}

/** How the viewer stands with another member. */
export interface Relationship {
  following: boolean;
  followed_by: boolean;
  blocking: boolean;
  muting: boolean;
}

export interface Profile {
  id: string;
  handle: string;
  display_name: string;
  bio: string;
  avatar_url: string | null;
  follower_count: number;
  following_count: number;
  video_count: number;
  created_at: number;
  is_self: boolean;
  /** null for oneself. */
  relationship: Relationship | null;
}

/** A member as lists show them. */
export interface Member {
  id: string;
  handle: string;
  display_name: string;
  avatar_url: string | null;
  /** When they joined the list (followed, were blocked…). */
  since: number;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  has_more: boolean;
}

export type Visibility = 'draft' | 'posted' | 'unlisted';

/** A video as a social object (`object: "social.video"`). */
export interface Video {
  id: string;
  object: 'social.video';
  owner: Member;
  generation_id: string;
  prompt: string;
  caption: string;
  visibility: Visibility;
  remix_of: string | null;
  seconds: number | string;
  size: string;
  like_count: number;
  comment_count: number;
  view_count: number;
  remix_count: number;
  created_at: number;
  posted_at: number | null;
  liked: boolean;
  can_edit: boolean;
  can_delete: boolean;
  content_url: string;
  cast: { cameo_id: string; owner_id: string }[];
  tags: string[];
}

export interface Comment {
  id: string;
  video_id: string;
  body: string;
  created_at: number;
  author: Member;
  can_delete: boolean;
}

export type NotificationKind = 'follow' | 'like' | 'comment' | 'remix' | 'generation' | 'cameo';

export interface Notification {
  /** Increasing; also the stream's event id. */
  id: number | string;
  kind: NotificationKind;
  actor: Member | null;
  video_id: string | null;
  comment_id: string | null;
  text: string;
  created_at: number;
  read: boolean;
}

export interface SessionInfo {
  id: string;
  /** The session of this browser. */
  current: boolean;
  user_agent: string;
  ip: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The key's first characters, to recognise it. */
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** A key just made: `key` is shown only this once. */
export interface NewApiKey {
  id: string;
  name: string;
  prefix: string;
  created_at: number;
  key: string;
}

export interface Invite {
  code: string;
  created_at: number;
  used: boolean;
  used_at: number | null;
}

export type WaitlistStatus = 'waiting' | 'admitted';

export interface WaitlistTicket {
  id: string;
  status: WaitlistStatus;
  created_at?: number;
  invite_code?: string | null;
}

export interface WaitlistEntry {
  id: string;
  email: string;
  country: string;
  note: string;
  created_at: number;
  status: WaitlistStatus;
  invite_code: string | null;
}

export interface SignedIn {
  user: Me;
  csrf_token: string;
}

export interface MeState extends SignedIn {
  unread_notifications: number;
}

// ---- Joining and signing in ----

export interface SignUpRequest {
  handle: string;
  display_name: string;
  password: string;
  /** YYYY-MM-DD */
  birthdate: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  invite_code: string;
}

export async function signUp(fields: SignUpRequest): Promise<SignedIn> {
  const answer = await request<SignedIn>('/api/auth/signup', {
    method: 'POST',
    json: fields,
    redirectOn401: false,
  });
  setCsrfToken(answer.csrf_token);
  return answer;
}

export async function signIn(handle: string, password: string): Promise<SignedIn> {
  const answer = await request<SignedIn>('/api/auth/signin', {
    method: 'POST',
    json: { handle, password },
    redirectOn401: false,
  });
  setCsrfToken(answer.csrf_token);
  return answer;
}

export async function signOut(): Promise<void> {
  try {
    await request<void>('/api/auth/signout', { method: 'POST', redirectOn401: false });
  } finally {
    setCsrfToken(null);
  }
}

export function joinWaitlist(
  email: string,
  country: string,
  note: string,
): Promise<WaitlistTicket> {
  const json = note ? { email, country, note } : { email, country };
  return request('/api/waitlist', { method: 'POST', json, redirectOn401: false });
}

export function waitlistStatus(id: string): Promise<WaitlistTicket> {
  return request(`/api/waitlist/${seg(id)}`, { redirectOn401: false });
}

// ---- Me, sessions and keys ----

/** The signed-in member, or null when nobody is (a 401 here is an answer, not an error). */
export async function getMe(): Promise<MeState | null> {
  try {
    const answer = await request<MeState>('/api/me', { redirectOn401: false });
    setCsrfToken(answer.csrf_token);
    return answer;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function updateMe(fields: { display_name?: string; bio?: string }): Promise<{ user: Me }> {
  return request('/api/me', { method: 'PATCH', json: fields });
}

export const kAvatarTypes = ['image/png', 'image/jpeg', 'image/webp'];
export const kAvatarMaxBytes = 2 * 1024 * 1024;

export function uploadAvatar(file: Blob): Promise<{ user: Me }> {
  return request('/api/me/avatar', { method: 'PUT', body: file, contentType: file.type });
}

export function changePassword(current_password: string, new_password: string): Promise<void> {
  return request('/api/me/password', { method: 'POST', json: { current_password, new_password } });
}

export function listSessions(): Promise<{ data: SessionInfo[] }> {
  return request('/api/me/sessions');
}

export function revokeSession(id: string): Promise<void> {
  return request(`/api/me/sessions/${seg(id)}`, { method: 'DELETE' });
}

export function listApiKeys(): Promise<{ data: ApiKeyInfo[] }> {
  return request('/api/me/api-keys');
}

export function createApiKey(name: string): Promise<NewApiKey> {
  return request('/api/me/api-keys', { method: 'POST', json: { name } });
}

export function revokeApiKey(id: string): Promise<void> {
  return request(`/api/me/api-keys/${seg(id)}`, { method: 'DELETE' });
}

export function listInvites(): Promise<{ data: Invite[] }> {
  return request('/api/me/invites');
}

export function listBlocked(after?: string | null, limit?: number): Promise<Page<Member>> {
  return request(`/api/me/blocked${query({ after, limit: limit?.toString() })}`);
}

export function listMuted(after?: string | null): Promise<Page<Member>> {
  return request(`/api/me/muted${query({ after })}`);
}

// ---- Members and the graph ----

export function getProfile(handle: string): Promise<Profile> {
  return request(`/api/users/${seg(handle)}`);
}

export function avatarUrl(handle: string): string {
  return `/api/users/${seg(handle)}/avatar`;
}

export type Connections = 'followers' | 'following' | 'mutuals';

export function listConnections(
  handle: string,
  which: Connections,
  after?: string | null,
): Promise<Page<Member>> {
  return request(`/api/users/${seg(handle)}/${which}${query({ after })}`);
}

export function setFollowing(handle: string, on: boolean): Promise<{ following: boolean }> {
  return request(`/api/users/${seg(handle)}/follow`, { method: on ? 'POST' : 'DELETE' });
}

export function setBlocking(handle: string, on: boolean): Promise<{ blocking: boolean }> {
  return request(`/api/users/${seg(handle)}/block`, { method: on ? 'POST' : 'DELETE' });
}

export function setMuting(handle: string, on: boolean): Promise<{ muting: boolean }> {
  return request(`/api/users/${seg(handle)}/mute`, { method: on ? 'POST' : 'DELETE' });
}

export type Shelf = 'posted' | 'drafts' | 'liked' | 'cameos';

export function memberVideos(
  handle: string,
  shelf: Shelf,
  after?: string | null,
): Promise<Page<Video>> {
  return request(`/api/users/${seg(handle)}/videos${query({ shelf, after })}`);
}

// ---- Videos and comments ----

/** The draft (or post) made from a finished generation of `POST /v1/videos`. */
export function videoForGeneration(generationId: string, signal?: AbortSignal): Promise<Video> {
  return request(`/api/generations/${seg(generationId)}/video`, { signal });
}

export function getVideo(id: string): Promise<Video> {
  return request(`/api/videos/${seg(id)}`);
}

export function updateVideo(
  id: string,
  fields: { visibility?: Visibility; caption?: string },
): Promise<Video> {
  return request(`/api/videos/${seg(id)}`, { method: 'PATCH', json: fields });
}

export function deleteVideo(id: string): Promise<void> {
  return request(`/api/videos/${seg(id)}`, { method: 'DELETE' });
}

export function videoContentUrl(id: string): string {
  return `/api/videos/${seg(id)}/content`;
}

export function recordView(id: string): Promise<void> {
  return request(`/api/videos/${seg(id)}/view`, { method: 'POST' });
}

export function setLiked(id: string, on: boolean): Promise<{ liked: boolean; like_count: number }> {
  return request(`/api/videos/${seg(id)}/like`, { method: on ? 'POST' : 'DELETE' });
}

export function listComments(videoId: string, after?: string | null): Promise<Page<Comment>> {
  return request(`/api/videos/${seg(videoId)}/comments${query({ after })}`);
}

export function addComment(videoId: string, body: string): Promise<Comment> {
  return request(`/api/videos/${seg(videoId)}/comments`, { method: 'POST', json: { body } });
}

export function deleteComment(id: string): Promise<void> {
  return request(`/api/comments/${seg(id)}`, { method: 'DELETE' });
}

// ---- Notifications ----

export function listNotifications(
  options: { unread?: boolean; after?: string | null } = {},
): Promise<Page<Notification> & { unread_count: number }> {
  const unread = options.unread ? 'true' : null;
  return request(`/api/notifications${query({ unread, after: options.after })}`);
}

/** Marks read everything up to and including `upToId` (everything when absent). */
export function markNotificationsRead(upToId?: number | string): Promise<{ marked: number }> {
  const json = upToId === undefined ? {} : { up_to_id: upToId };
  return request('/api/notifications/read', { method: 'POST', json });
}

/** Server-Sent Events: `event: notification`, `data` a Notification, `id` its id. */
export const kNotificationStreamUrl = '/api/notifications/stream';

// ---- Administration ----

export function createInvites(count: number): Promise<{ data: Invite[] }> {
  return request('/api/admin/invites', { method: 'POST', json: { count } });
}

export function listWaitlist(
  options: { waitingOnly?: boolean; after?: string | null } = {},
): Promise<Page<WaitlistEntry>> {
  const status = options.waitingOnly ? 'waiting' : null;
  return request(`/api/admin/waitlist${query({ status, after: options.after })}`);
}

export function admitFromWaitlist(id: string): Promise<WaitlistEntry> {
  return request(`/api/admin/waitlist/${seg(id)}/admit`, { method: 'POST' });
}

// ---- helpers ----

function seg(value: string): string {
  return encodeURIComponent(value);
}

function query(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
