// Langflow's UserRead (SPEC §4): the only shape in which a user leaves the server. Note
// `create_at` (Langflow's spelling) and `store_api_key`, which is never the stored value.
import { Type, type Static } from '@sinclair/typebox';
import type { UserRecord } from '../../storage/repositories/users.js';

const Timestamp = Type.Union([Type.String(), Type.Null()]);

export const UserReadSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  profile_image: Type.Union([Type.String(), Type.Null()]),
  store_api_key: Type.Union([Type.Literal('*****'), Type.Null()]),
  is_active: Type.Boolean(),
  is_superuser: Type.Boolean(),
  create_at: Timestamp,
  updated_at: Timestamp,
  last_login_at: Timestamp,
  optins: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

export type UserRead = Static<typeof UserReadSchema>;

export function toUserRead(user: UserRecord): UserRead {
  return {
    id: user.id,
    username: user.username,
    profile_image: user.profileImage,
    // Whether a Store key is set, never the key (nor its ciphertext).
    store_api_key: user.storeApiKeyCiphertext ? '*****' : null,
    is_active: user.isActive,
    is_superuser: user.isSuperuser,
    create_at: user.createAt,
    updated_at: user.updatedAt,
    last_login_at: user.lastLoginAt,
    optins: user.optins,
  };
}
