import type { Theme } from 'vitepress';
/** The default theme, plus the playground component used by docs/playground/index.md. */
import DefaultTheme from 'vitepress/theme';
import Playground from './Playground.vue';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('Playground', Playground);
  },
} satisfies Theme;
