// The profile pictures bundled under web/public/profile_pictures/<Folder>/<file>.svg. A user's
// `profile_image` is one of these names (Langflow's format); the server accepts only these.
export const AVATARS: readonly string[] = [
  'People/People Avatar-01-01.svg',
  'People/People Avatar-01-02.svg',
  'People/People Avatar-01-03.svg',
  'People/People Avatar-01-04.svg',
  'People/People Avatar-01-05.svg',
  'People/People Avatar-01-06.svg',
  'People/People Avatar-01-07.svg',
  'People/People Avatar-01-08.svg',
  'Space/029-telescope.svg',
  'Space/031-planet.svg',
  'Space/041-spaceship.svg',
  'Space/046-rocket.svg',
];

/** Langflow's default picture. */
export const DEFAULT_AVATAR = 'Space/046-rocket.svg';

export function avatarUrl(profileImage: string | null | undefined): string {
  const name = profileImage && AVATARS.includes(profileImage) ? profileImage : DEFAULT_AVATAR;
  return `/profile_pictures/${name.split('/').map(encodeURIComponent).join('/')}`;
}

/** "People Avatar 01-03" → readable label for pickers. */
export function avatarLabel(name: string): string {
  const file = name.split('/').pop() ?? name;
  const person = /^People Avatar-(\d+)-(\d+)\.svg$/i.exec(file);
  if (person) return `Person ${Number(person[2])}`;
  return file.replace(/\.svg$/i, '').replace(/^\d+-/, '').replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}
