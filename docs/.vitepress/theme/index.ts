import { type Theme, inBrowser } from 'vitepress';
/**
 * The default theme, plus the playground component used by docs/playground/index.md. The component
 * is its own chunk, so other pages do not load it; on the playground page its engine and first
 * document start loading when the app starts, before the page is hydrated.
 */
import DefaultTheme from 'vitepress/theme';
import { defineAsyncComponent } from 'vue';
import { isPlaygroundPath, startPlayground } from './playground-start';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component(
      'Playground',
      defineAsyncComponent(() => import('./Playground.vue')),
    );
    if (inBrowser && isPlaygroundPath(location.pathname)) startPlayground();
  },
} satisfies Theme;
