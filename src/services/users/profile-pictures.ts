// The profile pictures bundled with the web app (web/public/profile_pictures/<Folder>/<file>.svg,
// copied to web/dist by the build). A user's `profile_image` names one of them, in Langflow's
// `Folder/file.svg` format; Langflow's own UI also fetches them through the API.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BadRequestError, NotFoundError } from '../errors.js';

function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** The directories that may hold the pictures, the source copy first. */
export const PICTURE_ROOTS: readonly string[] = ['web/public/profile_pictures', 'web/dist/profile_pictures'].map((d) =>
  path.join(packageRoot(), d),
);

function existingRoots(): string[] {
  return PICTURE_ROOTS.filter((root) => fs.existsSync(root));
}

function folders(): string[] {
  const names = new Set<string>();
  for (const root of existingRoots()) {
    for (const entry of fs.readdirSync(root, { withFileTypes: true })) if (entry.isDirectory()) names.add(entry.name);
  }
  return [...names].sort();
}

/** Langflow's `{"files": ["People/…svg", …]}`. */
export function listProfilePictures(): { files: string[] } {
  const files = new Set<string>();
  for (const root of existingRoots()) {
    for (const folder of folders()) {
      const dir = path.join(root, folder);
      if (!fs.existsSync(dir)) continue;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) files.add(`${folder}/${entry.name}`);
    }
  }
  return { files: [...files].sort() };
}

function badRequest(detail: string): BadRequestError {
  return new BadRequestError(detail);
}

/** The file's bytes; names are checked as Langflow checks them, and the resolved path must stay inside the root. */
export function readProfilePicture(folder: string, file: string): { bytes: Buffer; contentType: string } {
  if (folder.includes('..') || file.includes('..')) throw badRequest("Path traversal patterns ('..') are not allowed in folder or file names");
  const allowed = folders();
  if (!allowed.includes(folder)) throw badRequest(`Folder must be one of: ${allowed.join(', ')}`);
  if (/[/\\\0]/.test(file)) throw badRequest("File name cannot contain path separators ('/' or '\\')");
  for (const root of existingRoots()) {
    const base = fs.realpathSync(root);
    const candidate = path.resolve(base, folder, file);
    if (!candidate.startsWith(base + path.sep) || !fs.existsSync(candidate)) continue;
    const real = fs.realpathSync(candidate);
    if (!real.startsWith(base + path.sep) || !fs.statSync(real).isFile()) continue;
    return { bytes: fs.readFileSync(real), contentType: file.toLowerCase().endsWith('.svg') ? 'image/svg+xml' : 'application/octet-stream' };
  }
  throw new NotFoundError(`Profile picture ${folder}/${file} not found`);
}

/** True when `name` (`Folder/file.svg`) is one of the bundled pictures, or when none are bundled. */
export function isBundledPicture(name: string): boolean {
  const roots = existingRoots();
  if (roots.length === 0) return true;
  return roots.some((root) => fs.statSync(path.join(root, name), { throwIfNoEntry: false })?.isFile() ?? false);
}
