import { fail } from '@sveltejs/kit';
import { rm } from 'node:fs/promises';
import { toApiError } from '$lib/server/errors.ts';
import { firmwarePath } from '$lib/server/files/file-store.ts';
import { storeFirmwareForm } from '$lib/server/files/firmware-upload.ts';
import { requireAdmin } from '$lib/server/ui/guard.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** The firmware images stations can be sent. */
export const load: PageServerLoad = async ({ locals }) => {
  requireAdmin(locals);
  const images = await getServices().db.stationFiles.firmwareImages();
  return { images: images.map((image) => ({ ...image, uploadedAt: image.uploadedAt.toISOString() })) };
};

/** Upload (multipart form: file, version, name) and delete. */
export const actions: Actions = {
  upload: async ({ locals, request }) => {
    const principal = requireAdmin(locals);
    const services = getServices();
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return fail(400, { errors: { file: { key: 'errors.invalid' } }, values: {} });
    }
    const values = { version: String(form.get('version') ?? ''), name: String(form.get('name') ?? '') };
    try {
      const image = await storeFirmwareForm(services, form, principal.username);
      return { uploaded: image.name };
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status >= 500) throw error;
      const field = typeof apiError.extra.field === 'string' ? apiError.extra.field : apiError.status === 413 ? 'file' : '_form';
      return fail(apiError.status === 413 ? 413 : 400, { errors: { [field]: { key: 'errors.failed', params: { message: apiError.message } } }, values });
    }
  },
  delete: async ({ locals, request }) => {
    requireAdmin(locals);
    const services = getServices();
    const id = Number((await request.formData()).get('id'));
    if (!Number.isSafeInteger(id) || !(await services.db.stationFiles.removeFirmwareImage(id))) {
      return fail(404, { errors: { _form: { key: 'errors.notFound' } }, values: {} });
    }
    await rm(firmwarePath(services.config.dataDir, id), { force: true });
    return { deleted: true };
  },
};

