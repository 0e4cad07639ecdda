import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** Every tag, sorted by name. */
export const load: PageServerLoad = async () => {
  const tags = await getServices().db.chargeTags.list();
  return {
    tags: tags
      .map((tag) => ({ ...tag, expiresAt: tag.expiresAt?.toISOString() ?? null, createdAt: undefined, updatedAt: undefined }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.tagId.localeCompare(b.tagId)),
  };
};
