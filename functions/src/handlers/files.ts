import { route } from '../http/route';
import { getPhoto, uploadPhoto as storePhoto } from '../app/files';

export const uploadPhoto = route('uploadPhoto', async ({ deps, actor, body }) => ({
  status: 201,
  body: await storePhoto(deps, actor, body),
}));

/** The image base64 in JSON, as the door plates' PDF comes back. */
export const getFile = route('getFile', async ({ deps, actor, params }) => ({
  body: await getPhoto(deps, actor, params.id),
}));
