import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Vendor chunks, split where dependencies run one way only (react ← rc-component ← antd, and
 * initial ← lazy), so no two chunks import each other. A group also captures its modules'
 * dependencies, hence the priorities: the lower layers claim their modules first.
 */
const nm = (pattern: string) => new RegExp(`node_modules[\\\\/](${pattern})[\\\\/]`);
const VENDOR_GROUPS = [
  {
    name: 'react',
    test: nm(
      'react|react-dom|scheduler|react-is|react-router|cookie|set-cookie-parser|@tanstack|i18next|react-i18next|html-parse-stringify|void-elements|use-sync-external-store',
    ),
    priority: 50,
  },
  { name: 'echarts', test: nm('echarts|zrender|tslib'), priority: 45 },
  // What the app shell needs at start ($initial) and what only some lazy pages need (date picker,
  // tree select, upload…) go to separate chunks: the first screen does not wait for the rest.
  {
    name: 'rc',
    test: nm(
      '@rc-component|rc-[^\\\\/]+|@ant-design[\\\\/](cssinjs|cssinjs-utils|colors|fast-color|react-slick)|@emotion|stylis|dayjs|classnames|clsx|scroll-into-view-if-needed|compute-scroll-into-view|throttle-debounce|resize-observer-polyfill|json2mq|string-convert|toggle-selection|copy-to-clipboard|@babel[\\\\/]runtime',
    ),
    priority: 40,
    tags: ['$initial' as const],
  },
  { name: 'antd-icons', test: nm('@ant-design[\\\\/](icons|icons-svg)'), priority: 35 },
  { name: 'antd', test: nm('antd'), priority: 30, tags: ['$initial' as const] },
  {
    name: 'rc-lazy',
    test: nm(
      '@rc-component|rc-[^\\\\/]+|@ant-design[\\\\/](cssinjs|cssinjs-utils|colors|fast-color|react-slick)|@emotion|stylis|dayjs|classnames|clsx|scroll-into-view-if-needed|compute-scroll-into-view|throttle-debounce|resize-observer-polyfill|json2mq|string-convert|toggle-selection|copy-to-clipboard|@babel[\\\\/]runtime',
    ),
    priority: 25,
  },
  { name: 'antd-lazy', test: nm('antd'), priority: 20 },
  { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
];

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The echarts chunk (core + bar/line + canvas renderer) is ~560 kB and only chart pages load it.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: VENDOR_GROUPS },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
