// Langflow's profile picture routes under /files: public, as in Langflow (the login page and
// the account menu show them), and limited to the pictures bundled with the web app.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../services/deps.js';
import { listProfilePictures, readProfilePicture } from '../../services/users/profile-pictures.js';

// An SVG opened directly must not run script on this origin.
const PICTURE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  'x-content-type-options': 'nosniff',
  'cache-control': 'public, max-age=86400',
};

export function registerProfilePictureRoutes(app: FastifyInstance, _deps: AppDeps): void {
  app.get(
    '/api/v1/files/profile_pictures/list',
    { config: { auth: 'public' }, schema: { response: { 200: Type.Object({ files: Type.Array(Type.String()) }) } } },
    async () => listProfilePictures(),
  );

  app.get(
    '/api/v1/files/profile_pictures/:folder_name/:file_name',
    { config: { auth: 'public' }, schema: { params: Type.Object({ folder_name: Type.String(), file_name: Type.String() }) } },
    async (request, reply) => {
      const { folder_name, file_name } = request.params as { folder_name: string; file_name: string };
      const picture = readProfilePicture(folder_name, file_name);
      return reply.headers(PICTURE_HEADERS).type(picture.contentType).send(picture.bytes);
    },
  );
}
