// Light / dark / system appearance, remembered. Applied as a data attribute on <html>, so the
// CSS (app.css) decides colours and no inline style is needed (our CSP forbids inline styles).
export type Theme = 'system' | 'light' | 'dark';
const KEY = 'portrait.theme';

function readStored(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

class ThemeManager {
  theme = $state<Theme>(readStored());

  constructor() {
    this.apply();
  }

  set = (theme: Theme) => {
    this.theme = theme;
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // not remembered
    }
    this.apply();
  };

  private apply() {
    const root = document.documentElement;
    if (this.theme === 'system') {
      root.removeAttribute('data-theme');
    } else {
      root.setAttribute('data-theme', this.theme);
    }
  }
}

export const themeManager = new ThemeManager();
