// Validation of the user fields a client may send: usernames, profile images, optins, new passwords.
// Each failure is FastAPI's 422 shape, naming the field, with a message the UI can show as is.
import { validateNewPassword } from '../../auth/password.js';
import { ValidationError } from '../errors.js';
import { isBundledPicture } from './profile-pictures.js';

export const MAX_USERNAME_LENGTH = 100;

function invalid(field: string, msg: string, input: unknown): ValidationError {
  return new ValidationError([{ type: 'value_error', loc: ['body', field], msg, input }]);
}

/**
 * Trimmed and NFC-normalised, 1 to 100 code points, no control, format (invisible, bidi),
 * surrogate, private-use or unassigned characters: a name must look like what it is.
 */
export function normalizeUsername(raw: string): string {
  const username = raw.normalize('NFC').trim();
  const length = [...username].length;
  if (length === 0) throw invalid('username', 'Username must not be empty', raw);
  if (length > MAX_USERNAME_LENGTH) throw invalid('username', `Username must be at most ${MAX_USERNAME_LENGTH} characters long`, raw);
  if (/\p{C}/u.test(username)) throw invalid('username', 'Username must not contain control or invisible characters', raw);
  return username;
}

export function checkNewPassword(password: string, field = 'password'): void {
  const problem = validateNewPassword(password);
  // The password itself is never echoed back.
  if (problem) throw invalid(field, problem, null);
}

// A bundled picture: `Folder/file.svg`, nothing that could be a path elsewhere or a URL.
const PROFILE_IMAGE = /^[A-Za-z0-9 _-]+\/[A-Za-z0-9 _.-]+\.svg$/;

export function checkProfileImage(value: string): string {
  const message = 'profile_image must name a bundled picture, like "People/People Avatar-01-01.svg"';
  if (!PROFILE_IMAGE.test(value) || value.includes('..')) throw invalid('profile_image', message, value);
  if (!isBundledPicture(value)) throw invalid('profile_image', message, value);
  return value;
}

const MAX_OPTINS = 50;

/** Langflow's optins: a flat object of flags and short values the UI remembers. */
export function checkOptins(value: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(value);
  const ok =
    entries.length <= MAX_OPTINS &&
    entries.every(([k, v]) => k.length <= 100 && (typeof v === 'boolean' || typeof v === 'number' || v === null || (typeof v === 'string' && v.length <= 1000)));
  if (!ok) throw invalid('optins', `optins must be an object of at most ${MAX_OPTINS} flags (booleans, numbers or short strings)`, null);
  return value;
}
