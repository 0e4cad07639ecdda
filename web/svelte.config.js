import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // tests build into their own folders so they never replace the bundle a running system serves
    adapter: adapter({ out: process.env.CSMS_WEB_BUILD_DIR || 'build' }),
    outDir: process.env.CSMS_WEB_KIT_DIR || '.svelte-kit',
    // hooks.server.ts checks the origin of every browser write itself: without ORIGIN, adapter-node assumes https
    // and SvelteKit's own check would refuse the sign-in form of a plain-http installation
    csrf: { trustedOrigins: ['*'] },
  },
};

export default config;
