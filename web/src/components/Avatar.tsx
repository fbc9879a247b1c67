import { avatarUrl } from '../lib/avatars';

export function Avatar({ image, size = 32, alt = '' }: { image: string | null | undefined; size?: number; alt?: string }) {
  return <img className="avatar" src={avatarUrl(image)} width={size} height={size} alt={alt} draggable={false} />;
}
