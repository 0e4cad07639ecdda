import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // tests build into their own folders so they never replace the bundle a running system serves
    adapter: adapter({ out: process.env.CSMS_WEB_BUILD_DIR || 'build' }),
    outDir: process.env.CSMS_WEB_KIT_DIR || '.svelte-kit',
  },
};

export default config;
